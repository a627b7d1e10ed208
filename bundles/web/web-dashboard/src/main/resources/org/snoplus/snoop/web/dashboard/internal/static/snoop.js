/*
 * snoop dashboard: draws the tags of a page. The server renders each tag as an element with a
 * data-snoop attribute (its settings, checked); this script reads the data from the REST API
 * (data-api on <body>), draws it (uPlot for plots, a canvas for the detector map), follows the
 * live stream (server-sent events, <prefix>/-/live) and marks what has gone stale.
 *
 * Settings of a tag (data-snoop), by tag:
 *   value       field, label, unit, format
 *   sparkline   field, label, unit, format, span (ms)
 *   sparklines  fields, labels, format, span
 *   timeseries  fields, labels, span | from, to; cuts, title, unit, points, ymin, ymax, log, height, full
 *   scatter     x, y, span | from, to; cuts, title, points, logx, logy, height, full
 *   histogram   field; (nothing: the newest) | span | from, to | run (number or "current"); title, unit, log, height, full
 *   detectormap field, per; like histogram for the range; title, unit, min, max, log, height, full
 *   table       processor, field, fields, title
 *   heartbeat   -
 *   alarms      - (filled by the alarms' script: see dashboards/README.md, "For developers")
 *
 * For tests and extensions, window.snoop holds: widgets, latencies (ms from a sample to its arrival
 * here), readyAt (ms from navigation to every widget drawn), banner(text, level), live.on(name, fn),
 * getJson(url), onTheme(fn).
 */
(function () {
  'use strict';

  var B = document.body;
  var PREFIX = B.getAttribute('data-prefix') || '';
  var API = B.getAttribute('data-api') || '/api/v1';
  var PERIOD = Math.max(100, Number(B.getAttribute('data-period')) || 5000);
  var STALE_N = Math.max(1, Number(B.getAttribute('data-stale-periods')) || 3);
  var PALETTE = ['#56b4e9', '#e69f00', '#009e73', '#cc79a7', '#f0e442', '#0072b2', '#d55e00', '#bbbbbb'];
  var MAX_LATENCIES = 1000;
  /** Widgets re-read merged ranges (histograms, maps) at most this often. */
  var MERGE_REFRESH_MS = Math.max(10000, PERIOD);

  var snoop = window.snoop = window.snoop || {};
  snoop.widgets = [];
  snoop.latencies = [];
  snoop.readyAt = null;
  var themeListeners = [];
  /** server clock minus this browser's, when they differ by more than the Date header's resolution */
  var skew = 0;

  // ------------------------------------------------------------------ small things

  function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function pad(n, w) { return String(n).padStart(w || 2, '0'); }

  function utc(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' +
      pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + ' UTC';
  }

  function localTime(ms) {
    var d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function now() { return Date.now() + skew; }

  function seconds(s) {
    s = Math.max(0, Math.round(s));
    if (s < 120) { return s + ' s'; }
    if (s < 7200) { return Math.floor(s / 60) + ' min ' + pad(s % 60) + ' s'; }
    if (s < 172800) { return Math.floor(s / 3600) + ' h ' + pad(Math.floor(s % 3600 / 60)) + ' min'; }
    return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
  }

  function group(s) { return s.replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

  /** A value as the format (see Formats.java) says, or as a person would write it. */
  function fmt(v, format) {
    if (v === null || v === undefined) { return '—'; }
    if (typeof v === 'boolean') { return v ? 'yes' : 'no'; }
    if (typeof v !== 'number') { return String(v); }
    if (!isFinite(v)) { return String(v); }
    if (format) {
      var m = /^(,?)(?:\.(\d))?([feg%d])$/.exec(format);
      if (m) {
        var digits = m[2] === undefined ? (m[3] === 'd' ? 0 : 2) : Number(m[2]);
        var out;
        switch (m[3]) {
          case 'f': out = v.toFixed(digits); break;
          case 'e': out = v.toExponential(digits); break;
          case 'g': out = v.toPrecision(Math.max(1, digits)); break;
          case '%': out = (v * 100).toFixed(digits) + ' %'; break;
          default: out = Math.round(v).toFixed(0);
        }
        if (m[1] === ',') {
          var parts = out.split('.');
          parts[0] = group(parts[0]);
          out = parts.join('.');
        }
        return out;
      }
      if (format === 'bytes') {
        var units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
        var i = 0;
        var x = v;
        while (Math.abs(x) >= 1000 && i < units.length - 1) { x /= 1000; i++; }
        return (i === 0 ? String(Math.round(x)) : x.toPrecision(3)) + ' ' + units[i];
      }
      if (format === 'time') { return utc(v); }
      if (format === 'age') { return seconds((now() - v) / 1000) + ' ago'; }
      if (format === 'duration') { return seconds(v); }
    }
    if (Number.isInteger(v)) { return group(String(v)); }
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e9 || a < 1e-3)) { return v.toExponential(3); }
    if (a >= 1e4) { return group(v.toFixed(0)); }
    return String(Number(v.toPrecision(4)));
  }

  /** Short tick labels. */
  function tick(v) {
    if (v === null || v === undefined) { return ''; }
    var a = Math.abs(v);
    if (a === 0) { return '0'; }
    if (a >= 1e6 || a < 1e-3) { return v.toExponential(1); }
    if (a >= 1e4) { return (v / 1000).toFixed(a >= 1e5 ? 0 : 1) + 'k'; }
    return String(Number(v.toPrecision(4)));
  }

  function split(field) {
    var dot = field.indexOf('.');
    return { proc: field.substring(0, dot), path: field.substring(dot + 1) };
  }

  function enc(s) { return encodeURIComponent(s); }

  // ------------------------------------------------------------------ the REST API

  function ApiError(message, status) {
    this.message = message;
    this.status = status;
  }

  /** GETs JSON; rejects with ApiError carrying the API's own message. Never logs to the console. */
  /**
   * A page of many plots over long ranges asks more than the API's workers for long ranges answer
   * at once: "busy" (503 with Retry-After, no parameter to narrow) is asked again after the wait
   * it names (at most 5 s, a little spread so that the plots do not come back together), a few
   * times; a time limit or any other error is shown.
   */
  function getJson(url, attempt) {
    attempt = attempt || 0;
    return getJsonOnce(url).catch(function (e) {
      if (e.status === 503 && e.retryAfter > 0 && !e.parameter && attempt < 6) {
        var wait = Math.min(5, e.retryAfter) * 1000 * (1 + Math.random());
        return new Promise(function (resolve) { setTimeout(resolve, wait); })
          .then(function () { return getJson(url, attempt + 1); });
      }
      throw e;
    });
  }

  /**
   * At most three questions of a page at a time: the API answers long ranges with a few workers
   * (four by default) and turns away what finds them all busy; a page of ten plots over a day
   * queues its own questions instead of being turned away.
   */
  var MAX_ASKING = 3, asking = 0, queued = [];
  function getJsonOnce(url) {
    return new Promise(function (resolve) {
      if (asking < MAX_ASKING) { asking++; resolve(); } else { queued.push(resolve); }
    }).then(function () {
      return fetchJson(url).finally(function () {
        var next = queued.shift();
        if (next) { next(); } else { asking--; }
      });
    });
  }

  function fetchJson(url) {
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, 30000) : null;
    return fetch(url, { headers: { Accept: 'application/json' }, signal: ctrl ? ctrl.signal : undefined })
      .then(function (r) {
        var date = Date.parse(r.headers.get('Date') || '');
        if (!isNaN(date)) {
          var d = date - Date.now();
          skew = Math.abs(d) > 2500 ? d : 0;
        }
        return r.text().then(function (text) {
          var body = null;
          try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
          if (!r.ok) {
            var err = new ApiError(body && body.error ? body.error : 'the server answered ' + r.status, r.status);
            err.retryAfter = Number(r.headers.get('Retry-After')) || 0;
            err.parameter = body && body.parameter ? body.parameter : null;
            throw err;
          }
          return body;
        });
      }, function (e) {
        throw new ApiError(e && e.name === 'AbortError' ? 'no answer within 30 s' : 'the instance cannot be reached', 0);
      })
      .finally(function () { if (timer) { clearTimeout(timer); } });
  }
  snoop.getJson = getJson;

  /**
   * The newest value of a field, {time, run, value}: the fields asked for in one turn of the page's
   * script go in one request (<prefix>/-/latest, read through the query service), at most 100 each.
   */
  var latestQueue = [];
  function latest(field) {
    return new Promise(function (resolve, reject) {
      latestQueue.push({ field: field, resolve: resolve, reject: reject });
      if (latestQueue.length === 1) { Promise.resolve().then(flushLatest); }
    });
  }

  function flushLatest() {
    var all = latestQueue;
    latestQueue = [];
    for (var i = 0; i < all.length; i += 100) {
      (function (part) {
        var fields = [];
        part.forEach(function (q) { if (fields.indexOf(q.field) < 0) { fields.push(q.field); } });
        getJson(PREFIX + '/-/latest?f=' + fields.map(enc).join(',')).then(function (r) {
          part.forEach(function (q) {
            var one = r[q.field];
            if (!one || one.error) { q.reject(new ApiError(one ? one.error : 'no answer for ' + q.field, 404)); } else { q.resolve(one); }
          });
        }, function (e) { part.forEach(function (q) { q.reject(e); }); });
      })(all.slice(i, i + 100));
    }
  }

  function rangeQuery(cfg) {
    if (cfg.from) { return 'from=' + enc(cfg.from) + '&to=' + enc(cfg.to || 'now'); }
    return 'from=-' + Math.round(cfg.span || 3600000) + 'ms&to=now';
  }

  function seriesUrl(proc, paths, cfg, points, fromOverride) {
    var q = 'fields=' + paths.map(enc).join(',') + '&' +
      (fromOverride ? 'from=' + fromOverride + '&to=now' : rangeQuery(cfg)) + '&points=' + points;
    (cfg.cuts || []).forEach(function (c) { q += '&cut=' + enc(c); });
    return API + '/series/' + enc(proc) + '?' + q;
  }

  /**
   * A series, asked together with the other plots' questions of the same moment: the questions of
   * one processor over the same range, points and cuts go to the API as one (the union of their
   * fields: the store is read once instead of once per plot), and each plot gets its own columns
   * back. Down-sampling is per field and bucket, so the columns are what separate questions give. A
   * merged question the API refuses is asked again plot by plot, so one plot's trouble stays its own.
   */
  var pendingSeries = {}, seriesFlush = null;
  function getSeries(proc, paths, cfg, points) {
    var key = proc + '|' + rangeQuery(cfg) + '|' + points + '|' + (cfg.cuts || []).join('&');
    return new Promise(function (resolve, reject) {
      var g = pendingSeries[key] = pendingSeries[key] || { proc: proc, cfg: cfg, points: points, asks: [] };
      g.asks.push({ paths: paths, resolve: resolve, reject: reject });
      if (!seriesFlush) { seriesFlush = Promise.resolve().then(flushSeries); }
    });
  }

  function flushSeries() {
    var groups = pendingSeries;
    pendingSeries = {};
    seriesFlush = null;
    Object.keys(groups).forEach(function (key) {
      var g = groups[key];
      var union = [];
      g.asks.forEach(function (a) {
        a.paths.forEach(function (p) { if (union.indexOf(p) < 0) { union.push(p); } });
      });
      if (g.asks.length === 1 || union.length > 64) {
        g.asks.forEach(function (a) {
          getJson(seriesUrl(g.proc, a.paths, g.cfg, g.points)).then(a.resolve, a.reject);
        });
        return;
      }
      getJson(seriesUrl(g.proc, union, g.cfg, g.points)).then(function (r) {
        g.asks.forEach(function (a) {
          var cols = a.paths.map(function (p) { return union.indexOf(p) + 1; });
          var own = {};
          Object.keys(r).forEach(function (k) { own[k] = r[k]; });
          own.fields = a.paths;
          own.points = r.points.map(function (pt) {
            var row = [pt[0]];
            cols.forEach(function (c) { row.push(pt[c]); });
            return row;
          });
          a.resolve(own);
        });
      }, function () {
        g.asks.forEach(function (a) {
          getJson(seriesUrl(g.proc, a.paths, g.cfg, g.points)).then(a.resolve, a.reject);
        });
      });
    });
  }

  // ------------------------------------------------------------------ the live stream

  var live = {
    fields: {},       // processor -> {path: true}
    processors: {},   // processor -> true (stamps only)
    every: false,
    handlers: {},     // processor or '*' -> [fn]
    source: null,
    opened: false,
    connected: false,

    follow: function (field) {
      var f = split(field);
      (this.fields[f.proc] = this.fields[f.proc] || {})[f.path] = true;
    },
    followProcessor: function (name) { this.processors[name] = true; },
    followAll: function () { this.every = true; },
    on: function (name, fn) { (this.handlers[name] = this.handlers[name] || []).push(fn); },

    stop: function () {
      if (this.source) {
        this.source.close();
        this.source = null;
      }
      if (this.retry) {
        clearTimeout(this.retry);
        this.retry = null;
      }
    },

    start: function () {
      var list = [];
      var self = this;
      Object.keys(this.fields).forEach(function (p) {
        Object.keys(self.fields[p]).forEach(function (path) { list.push(p + '.' + path); });
      });
      Object.keys(this.processors).forEach(function (p) { if (!self.fields[p]) { list.push(p); } });
      if (this.every) { list.push('*'); }
      if (list.length === 0 || typeof EventSource !== 'function') {
        conn(list.length === 0 ? 'idle' : 'down', list.length === 0 ? 'nothing live on this page' : 'no live updates in this browser');
        return;
      }
      var url = PREFIX + '/-/live?f=' + list.map(enc).join(',');
      var es = this.source = new EventSource(url);
      es.addEventListener('hello', function () {
        var again = self.opened;
        self.opened = true;
        self.connected = true;
        conn('live', 'live: updates arrive as they are sampled');
        if (again) { refreshAll(); }
      });
      es.addEventListener('doc', function (e) {
        var doc;
        try { doc = JSON.parse(e.data); } catch (x) { return; }
        if (snoop.latencies.length < MAX_LATENCIES) { snoop.latencies.push(Date.now() - doc.time); }
        (self.handlers[doc.name] || []).concat(self.handlers['*'] || []).forEach(function (fn) {
          try { fn(doc); } catch (x) { /* one widget's trouble is its own */ }
        });
      });
      es.addEventListener('lost', function () { refreshAll(); });
      es.onerror = function () {
        self.connected = false;
        conn('down', 'live updates interrupted: reconnecting');
        if (es.readyState === EventSource.CLOSED && self.source === es) {
          // refused (too many pages follow the stream, or the instance restarting): the browser
          // gives up on its own, so try again later
          self.source = null;
          self.retry = setTimeout(function () { self.retry = null; self.start(); }, 10000 + Math.random() * 5000);
        }
      };
    }
  };
  snoop.live = live;

  function conn(state, title) {
    var c = document.getElementById('snoop-conn');
    if (!c) { return; }
    c.className = 'snoop-conn ' + state;
    c.textContent = state === 'live' ? 'live' : state === 'idle' ? 'static' : 'reconnecting';
    c.title = title;
  }

  function refreshAll() {
    snoop.widgets.forEach(function (w) { if (w.refresh) { w.refresh(); } });
  }

  // ------------------------------------------------------------------ widgets: the common part

  function Widget(node, cfg) {
    this.node = node;
    this.cfg = cfg;
    this.last = null;          // time of the newest sample shown
    this.following = !cfg.from || cfg.to === 'now' || !cfg.to;
    node.setAttribute('data-state', 'loading');
    node.setAttribute('data-updates', '0');
    this.badge = el('span', 'snoop-badge', 'stale');
    this.badge.title = 'no new sample for a while: the data stopped coming';
  }

  Widget.prototype.clear = function () {
    var wait = this.node.querySelector('.snoop-wait');
    if (wait) { wait.remove(); }
  };

  Widget.prototype.state = function (s) {
    if (s !== 'loading') { this.clear(); }
    this.node.setAttribute('data-state', s);
    checkReady();
  };

  Widget.prototype.updated = function (time) {
    if (time !== null && time !== undefined && (this.last === null || time > this.last)) { this.last = time; }
    this.node.setAttribute('data-updates', String(Number(this.node.getAttribute('data-updates')) + 1));
    this.staleCheck();
  };

  Widget.prototype.staleCheck = function () {
    if (!this.following || this.last === null) { return; }
    var age = now() - this.last;
    var stale = age > STALE_N * PERIOD;
    this.node.classList.toggle('snoop-stale', stale);
    if (stale) { this.badge.textContent = 'stale · ' + seconds(age / 1000); }
  };

  /** Shows what went wrong in the widget's place, in the words of the API. */
  Widget.prototype.fail = function (e) {
    var msg = e && e.message ? e.message : String(e);
    var box = this.node.querySelector('.snoop-error');
    if (!box) {
      box = el('span', 'snoop-error snoop-block');
      box.setAttribute('role', 'alert');
      this.node.appendChild(box);
    }
    box.textContent = '';
    box.appendChild(el('span', 'snoop-error-what', 'Cannot draw this: ' + msg + '.'));
    box.appendChild(el('span', 'snoop-error-fix', e && e.status === 0 ? 'It is retried with the next update.'
      : 'Check the field in the page\'s file; the help page lists what a tag takes.'));
    this.clear();
    this.state('error');
  };

  Widget.prototype.ok = function () {
    var box = this.node.querySelector(':scope > .snoop-error');
    if (box) { box.remove(); }
  };

  Widget.prototype.controls = function (buttons) {
    var bar = el('span', 'snoop-controls');
    buttons.forEach(function (b) { bar.appendChild(b); });
    if (this.cfg.full && !document.querySelector('.snoop-full')) {
      var a = el('a', null, '⤢');
      a.href = this.cfg.full;
      a.title = 'open full size';
      bar.appendChild(a);
    }
    this.node.appendChild(bar);
  };

  function toggle(label, pressed, title, onChange) {
    var b = el('button', null, label);
    b.type = 'button';
    b.title = title;
    b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
    b.addEventListener('click', function () {
      var p = b.getAttribute('aria-pressed') !== 'true';
      b.setAttribute('aria-pressed', p ? 'true' : 'false');
      onChange(p);
    });
    return b;
  }

  function checkReady() {
    if (snoop.readyAt !== null) { return; }
    for (var i = 0; i < snoop.widgets.length; i++) {
      if (snoop.widgets[i].node.getAttribute('data-state') === 'loading') { return; }
    }
    snoop.readyAt = performance.now();
    B.setAttribute('data-ready', String(Math.round(snoop.readyAt)));
  }

  function plotWidth(w) {
    return Math.max(200, Math.floor(w.node.clientWidth - 20));
  }

  function plotHeight(w) {
    if (document.querySelector('.snoop-full')) { return Math.max(300, window.innerHeight - 190); }
    return w.cfg.height || 240;
  }

  function axisOpts(xTime, unit) {
    var stroke = css('--axis');
    var grid = { stroke: css('--grid'), width: 1 };
    var x = { stroke: stroke, grid: grid, ticks: grid, space: 70 };
    x.values = xTime ? timeTicks : function (u, vals) { return vals.map(tick); };
    var y = { stroke: stroke, grid: grid, ticks: grid, size: 56, values: function (u, vals) { return vals.map(tick); } };
    if (unit) { y.label = unit; y.labelSize = 18; y.labelFont = '12px system-ui, sans-serif'; }
    return [x, y];
  }

  /** Time ticks in UTC, 24 h; the date under the first tick of each day. */
  function timeTicks(u, splits, axis, space, incr) {
    return splits.map(function (ts, i) {
      var d = new Date(ts * 1000);
      var date = d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
      if (incr >= 86400) { return date; }
      var t = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + (incr < 60 ? ':' + pad(d.getUTCSeconds()) : '');
      var prev = i > 0 ? new Date(splits[i - 1] * 1000).getUTCDate() : null;
      return i === 0 || prev !== d.getUTCDate() ? t + '\n' + date : t;
    });
  }

  var tzUtc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };

  function timeLegend(u, ts) {
    return ts === null || ts === undefined ? '' : utc(ts * 1000) + ' (local ' + localTime(ts * 1000) + ')';
  }

  /** Makes (or remakes) the widget's uPlot; keeps it sized to its box. */
  function plot(w, opts, data) {
    if (w.u) { w.u.destroy(); }
    if (!w.box) {
      w.box = el('div', 'snoop-plot');
      w.node.appendChild(w.box);
      if (typeof ResizeObserver === 'function') {
        var width = 0;
        new ResizeObserver(function () {
          var nw = plotWidth(w);
          if (w.u && Math.abs(nw - width) > 4) {
            width = nw;
            w.u.setSize({ width: nw, height: plotHeight(w) });
          }
        }).observe(w.node);
      }
    }
    opts.width = plotWidth(w);
    opts.height = plotHeight(w);
    w.u = new uPlot(opts, data, w.box);
    return w.u;
  }

  /** Redraws a plot at most once a frame. */
  function later(w, fn) {
    if (w.pending) { return; }
    w.pending = true;
    requestAnimationFrame(function () { w.pending = false; fn(); });
  }

  // ------------------------------------------------------------------ value

  function ValueW(node, cfg) {
    Widget.call(this, node, cfg);
    var inRow = node.parentElement && node.parentElement.classList.contains('snoop-row');
    this.clear();
    if (cfg.label || inRow) { node.appendChild(el('span', 'snoop-label', cfg.label || split(cfg.field).path.split('.').pop())); }
    var reading = el('span', 'snoop-reading');
    this.number = el('span', 'snoop-number', '…');
    reading.appendChild(this.number);
    if (cfg.unit) { reading.appendChild(el('span', 'snoop-unit', cfg.unit)); }
    node.appendChild(reading);
    node.appendChild(this.badge);
    node.title = cfg.field;
    live.follow(cfg.field);
    var self = this;
    var f = split(cfg.field);
    live.on(f.proc, function (doc) {
      if (f.path in doc.values) { self.set(doc.values[f.path], doc.time); }
    });
  }
  ValueW.prototype = Object.create(Widget.prototype);

  ValueW.prototype.refresh = function () {
    var self = this;
    return latest(this.cfg.field).then(function (r) {
      self.set(r.value, r.time);
    }, function (e) {
      self.number.textContent = '—';
      self.node.title = self.cfg.field + ': ' + e.message;
      self.state(e.status === 404 ? 'empty' : 'error');
    });
  };

  ValueW.prototype.set = function (v, time) {
    this.number.textContent = fmt(v, this.cfg.format);
    this.node.title = this.cfg.field + ' at ' + utc(time) + ' (local ' + localTime(time) + ')';
    this.updated(time);
    this.state('drawn');
  };

  // ------------------------------------------------------------------ sparklines

  /** One small line of a field over the last span, and its newest value. */
  function Spark(field, span, format, unit) {
    this.field = field;
    this.span = span;
    this.format = format;
    this.unit = unit;
    this.t = [];
    this.v = [];
    this.canvas = el('canvas');
    this.text = el('span', 'snoop-spark-value', '…');
  }

  Spark.prototype.load = function () {
    var self = this;
    var f = split(this.field);
    return getSeries(f.proc, [f.path], { span: this.span }, 200).then(function (r) {
      self.t = r.points.map(function (p) { return p[0]; });
      self.v = r.points.map(function (p) { return p[1]; });
      self.draw();
      return self.t.length ? self.t[self.t.length - 1] : null;
    });
  };

  Spark.prototype.add = function (time, v) {
    if (this.t.length && time <= this.t[this.t.length - 1]) { return; }
    this.t.push(time);
    this.v.push(v);
    var from = time - this.span;
    while (this.t.length > 2 && this.t[0] < from) { this.t.shift(); this.v.shift(); }
    if (this.t.length > 600) { this.t.shift(); this.v.shift(); }
    this.draw();
  };

  Spark.prototype.draw = function () {
    var W = 120, H = 28, dpr = window.devicePixelRatio || 1;
    var c = this.canvas;
    c.width = W * dpr; c.height = H * dpr;
    c.style.width = W + 'px'; c.style.height = H + 'px';
    var g = c.getContext('2d');
    g.scale(dpr, dpr);
    var last = null;
    for (var k = this.v.length - 1; k >= 0; k--) { if (typeof this.v[k] === 'number') { last = this.v[k]; break; } }
    this.text.textContent = fmt(last, this.format) + (this.unit ? ' ' + this.unit : '');
    var lo = Infinity, hi = -Infinity;
    this.v.forEach(function (x) { if (typeof x === 'number' && isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); } });
    if (!isFinite(lo) || this.t.length < 2) { return; }
    if (hi === lo) { hi = lo + 1; lo = lo - 1; }
    var t0 = this.t[0], t1 = this.t[this.t.length - 1];
    if (t1 === t0) { t1 = t0 + 1; }
    g.strokeStyle = css('--accent');
    g.lineWidth = 1.3;
    g.beginPath();
    var started = false;
    for (var i = 0; i < this.t.length; i++) {
      var x = this.v[i];
      if (typeof x !== 'number' || !isFinite(x)) { started = false; continue; }
      var px = 1 + (this.t[i] - t0) / (t1 - t0) * (W - 2);
      var py = H - 2 - (x - lo) / (hi - lo) * (H - 4);
      if (started) { g.lineTo(px, py); } else { g.moveTo(px, py); started = true; }
    }
    g.stroke();
  };

  function SparklineW(node, cfg) {
    Widget.call(this, node, cfg);
    this.clear();
    this.spark = new Spark(cfg.field, cfg.span, cfg.format, cfg.unit);
    node.classList.add('snoop-sparkline');
    if (cfg.label) { node.appendChild(el('span', 'snoop-spark-label', cfg.label)); }
    node.appendChild(this.spark.canvas);
    node.appendChild(this.spark.text);
    node.appendChild(this.badge);
    node.title = cfg.field + ', last ' + seconds(cfg.span / 1000);
    live.follow(cfg.field);
    var self = this;
    var f = split(cfg.field);
    live.on(f.proc, function (doc) {
      if (f.path in doc.values) {
        self.spark.add(doc.time, doc.values[f.path]);
        self.updated(doc.time);
      }
    });
    themeListeners.push(function () { self.spark.draw(); });
  }
  SparklineW.prototype = Object.create(Widget.prototype);

  SparklineW.prototype.refresh = function () {
    var self = this;
    return this.spark.load().then(function (t) {
      self.updated(t);
      self.state(self.spark.t.length ? 'drawn' : 'empty');
    }, function (e) { self.fail(e); });
  };

  function SparklinesW(node, cfg) {
    Widget.call(this, node, cfg);
    this.clear();
    var row = el('div', 'snoop-spark-row');
    var self = this;
    this.sparks = cfg.fields.map(function (field, i) {
      var s = new Spark(field, cfg.span, cfg.format, null);
      var item = el('div', 'snoop-spark-item');
      item.title = field;
      item.appendChild(el('span', 'snoop-spark-label', cfg.labels ? cfg.labels[i] : field));
      item.appendChild(s.text);
      item.appendChild(s.canvas);
      row.appendChild(item);
      live.follow(field);
      var f = split(field);
      live.on(f.proc, function (doc) {
        if (f.path in doc.values) {
          s.add(doc.time, doc.values[f.path]);
          self.updated(doc.time);
        }
      });
      return s;
    });
    node.appendChild(row);
    node.appendChild(this.badge);
    themeListeners.push(function () { self.sparks.forEach(function (s) { s.draw(); }); });
  }
  SparklinesW.prototype = Object.create(Widget.prototype);

  SparklinesW.prototype.refresh = function () {
    var self = this;
    return Promise.all(this.sparks.map(function (s) { return s.load(); })).then(function (times) {
      times.forEach(function (t) { self.updated(t); });
      self.ok();
      self.state('drawn');
    }, function (e) { self.fail(e); });
  };

  // ------------------------------------------------------------------ time series

  function TimeSeriesW(node, cfg) {
    Widget.call(this, node, cfg);
    this.log = !!cfg.log;
    this.byProc = {};      // processor -> [[path, column]]
    this.zoomed = false;
    var self = this;
    cfg.fields.forEach(function (field, i) {
      var f = split(field);
      (self.byProc[f.proc] = self.byProc[f.proc] || []).push([f.path, i + 1]);
    });
    this.data = [[]].concat(cfg.fields.map(function () { return []; }));
    this.controls([toggle('log', this.log, 'logarithmic y axis', function (p) { self.log = p; self.draw(); })]);
    node.appendChild(this.badge);
    if (this.following) {
      Object.keys(this.byProc).forEach(function (proc) {
        if (cfg.cuts) {
          // a cut is on other processors' documents: the API applies it; a new sample asks it again
          live.followProcessor(proc);
          live.on(proc, function () { self.since(proc); });
        } else {
          self.byProc[proc].forEach(function (pc) { live.follow(proc + '.' + pc[0]); });
          live.on(proc, function (doc) { self.add(proc, doc); });
        }
      });
    }
    themeListeners.push(function () { if (self.u) { self.draw(); } });
  }
  TimeSeriesW.prototype = Object.create(Widget.prototype);

  TimeSeriesW.prototype.refresh = function () {
    var self = this;
    var procs = Object.keys(this.byProc);
    return Promise.all(procs.map(function (proc) {
      return getSeries(proc, self.byProc[proc].map(function (pc) { return pc[0]; }), self.cfg, self.cfg.points);
    })).then(function (answers) {
      var rows = {};
      answers.forEach(function (r, k) {
        var cols = self.byProc[procs[k]];
        r.points.forEach(function (p) {
          var row = rows[p[0]] = rows[p[0]] || {};
          cols.forEach(function (pc, j) { row[pc[1]] = p[j + 1]; });
        });
      });
      var times = Object.keys(rows).map(Number).sort(function (a, b) { return a - b; });
      var data = [times.map(function (t) { return t / 1000; })];
      for (var c = 1; c <= self.cfg.fields.length; c++) {
        data.push(times.map(function (t) { return num(rows[t][c]); }));
      }
      self.data = data;
      self.replayPending();
      if (times.length) { self.updated(times[times.length - 1]); }
      self.ok();
      self.draw();
      self.state(self.data[0].length ? 'drawn' : 'empty');
      self.node.setAttribute('data-points', String(self.data[0].length));
    }, function (e) { self.replayPending(); self.fail(e); });
  };

  /** Samples that came live while the history was asked for, added once it is here. */
  TimeSeriesW.prototype.replayPending = function () {
    var self = this;
    var pending = this.pending || [];
    this.pending = null;
    this.loaded = true;
    pending.forEach(function (p) { self.add(p[0], p[1]); });
  };

  /** New points of a processor since the newest shown (when cuts are applied by the API). */
  TimeSeriesW.prototype.since = function (proc) {
    var self = this;
    var xs = this.data[0];
    var from = xs.length ? Math.round(xs[xs.length - 1] * 1000) + 1 : null;
    getJson(seriesUrl(proc, this.byProc[proc].map(function (pc) { return pc[0]; }), this.cfg, this.cfg.points,
      from)).then(function (r) {
      r.points.forEach(function (p) {
        var vals = {};
        self.byProc[proc].forEach(function (pc, j) { vals[pc[0]] = p[j + 1]; });
        self.add(proc, { time: p[0], values: vals });
      });
    }, function () { /* the next sample asks again */ });
  };

  TimeSeriesW.prototype.add = function (proc, doc) {
    if (!this.loaded) {
      // the history answer replaces the data: a live sample drawn before it would be lost, and a
      // plot of one point would look drawn
      this.pending = this.pending || [];
      if (this.pending.length >= 100) { this.pending.shift(); }
      this.pending.push([proc, doc]);
      return;
    }
    var xs = this.data[0];
    var t = doc.time / 1000;
    var i = xs.length - 1;
    while (i >= 0 && xs[i] > t) { i--; }
    if (i < 0 || xs[i] !== t) {
      i++;
      xs.splice(i, 0, t);
      for (var c = 1; c < this.data.length; c++) { this.data[c].splice(i, 0, null); }
    }
    var self = this;
    this.byProc[proc].forEach(function (pc) {
      if (pc[0] in doc.values) { self.data[pc[1]][i] = num(doc.values[pc[0]]); }
    });
    if (this.cfg.span) {
      var from = (now() - this.cfg.span) / 1000;
      var drop = 0;
      while (drop < xs.length - 2 && xs[drop] < from) { drop++; }
      if (drop > 0) { this.data.forEach(function (col) { col.splice(0, drop); }); }
    }
    this.updated(doc.time);
    this.node.setAttribute('data-points', String(xs.length));
    later(this, function () {
      if (self.u) { self.u.setData(self.data, !self.zoomed); } else { self.draw(); }
      self.state(self.data[0].length ? 'drawn' : 'empty');
    });
  };

  function num(v) {
    if (typeof v === 'number') { return isFinite(v) ? v : null; }
    if (typeof v === 'boolean') { return v ? 1 : 0; }
    return null;
  }

  TimeSeriesW.prototype.draw = function () {
    var self = this;
    var cfg = this.cfg;
    var log = this.log;
    var data = log ? this.data.map(function (col, c) {
      return c === 0 ? col : col.map(function (v) { return v !== null && v > 0 ? v : null; });
    }) : this.data;
    var series = [{ label: 'UTC', value: timeLegend }];
    cfg.fields.forEach(function (f, i) {
      series.push({
        label: cfg.labels ? cfg.labels[i] : f,
        stroke: PALETTE[i % PALETTE.length],
        width: 1.5,
        value: function (u, v) { return fmt(v) + (cfg.unit ? ' ' + cfg.unit : ''); }
      });
    });
    var y = log ? { distr: 3, log: 10 } : {};
    if (!log && (cfg.ymin !== undefined || cfg.ymax !== undefined)) {
      y.range = function (u, lo, hi) {
        return [cfg.ymin !== undefined ? cfg.ymin : lo, cfg.ymax !== undefined ? cfg.ymax : hi];
      };
    }
    plot(this, {
      tzDate: tzUtc,
      scales: { x: { time: true }, y: y },
      axes: axisOpts(true, cfg.unit),
      series: series,
      cursor: { drag: { x: true, y: false } },
      hooks: {
        setSelect: [function () { self.zoomed = true; }],
        ready: [function (u) { u.over.addEventListener('dblclick', function () { self.zoomed = false; }); }]
      }
    }, data.length > 1 && data[0].length ? data : emptyData(cfg.fields.length));
  };

  function emptyData(n) {
    var t = Date.now() / 1000;
    var d = [[t - 60, t]];
    for (var i = 0; i < n; i++) { d.push([null, null]); }
    return d;
  }

  // ------------------------------------------------------------------ scatter

  function ScatterW(node, cfg) {
    Widget.call(this, node, cfg);
    this.pts = [];   // [time, x, y]
    var self = this;
    this.controls([]);
    node.appendChild(this.badge);
    var fx = split(cfg.x), fy = split(cfg.y);
    this.fx = fx;
    this.fy = fy;
    if (this.following) {
      if (cfg.cuts || fx.proc !== fy.proc) {
        live.followProcessor(fy.proc);
        live.on(fy.proc, function () { self.schedule(); });
      } else {
        live.follow(cfg.x);
        live.follow(cfg.y);
        live.on(fx.proc, function (doc) {
          if (fx.path in doc.values && fy.path in doc.values) {
            self.pts.push([doc.time, num(doc.values[fx.path]), num(doc.values[fy.path])]);
            self.trim();
            self.updated(doc.time);
            later(self, function () { self.draw(); });
          }
        });
      }
    }
    themeListeners.push(function () { if (self.u) { self.draw(); } });
  }
  ScatterW.prototype = Object.create(Widget.prototype);

  ScatterW.prototype.schedule = function () {
    var self = this;
    if (this.timer) { return; }
    this.timer = setTimeout(function () { self.timer = null; self.refresh(); }, Math.max(2000, PERIOD));
  };

  ScatterW.prototype.trim = function () {
    if (!this.cfg.span) { return; }
    var from = now() - this.cfg.span;
    while (this.pts.length > 2 && this.pts[0][0] < from) { this.pts.shift(); }
  };

  ScatterW.prototype.refresh = function () {
    var self = this, cfg = this.cfg, fx = this.fx, fy = this.fy;
    var reqs = fx.proc === fy.proc
      ? [getSeries(fx.proc, [fx.path, fy.path], cfg, cfg.points)]
      : [getSeries(fx.proc, [fx.path], cfg, cfg.points), getSeries(fy.proc, [fy.path], cfg, cfg.points)];
    return Promise.all(reqs).then(function (rs) {
      var pts = [];
      if (rs.length === 1) {
        rs[0].points.forEach(function (p) { pts.push([p[0], num(p[1]), num(p[2])]); });
      } else {
        // matched on the sample time, which the processors of one tick share
        var ys = {};
        rs[1].points.forEach(function (p) { ys[p[0]] = p[1]; });
        rs[0].points.forEach(function (p) { if (p[0] in ys) { pts.push([p[0], num(p[1]), num(ys[p[0]])]); } });
      }
      self.pts = pts;
      if (pts.length) { self.updated(pts[pts.length - 1][0]); }
      self.ok();
      self.draw();
      self.state(pts.length ? 'drawn' : 'empty');
      self.node.setAttribute('data-points', String(pts.length));
    }, function (e) { self.fail(e); });
  };

  ScatterW.prototype.draw = function () {
    var cfg = this.cfg;
    var pts = this.pts.filter(function (p) {
      return p[1] !== null && p[2] !== null && (!cfg.logx || p[1] > 0) && (!cfg.logy || p[2] > 0);
    }).sort(function (a, b) { return a[1] - b[1]; });
    var data = [pts.map(function (p) { return p[1]; }), pts.map(function (p) { return p[2]; })];
    if (data[0].length < 2) { data = [[0, 1], [null, null]]; }
    var stroke = PALETTE[0];
    var axes = axisOpts(false, null);
    axes[0].label = cfg.x;
    axes[0].labelSize = 18;
    axes[0].labelFont = '12px system-ui, sans-serif';
    axes[1].label = cfg.y;
    axes[1].labelSize = 18;
    axes[1].labelFont = '12px system-ui, sans-serif';
    plot(this, {
      mode: 1,
      scales: { x: { time: false, distr: cfg.logx ? 3 : 1 }, y: { distr: cfg.logy ? 3 : 1 } },
      axes: axes,
      series: [
        { label: cfg.x, value: function (u, v) { return fmt(v); } },
        { label: cfg.y, stroke: stroke, fill: stroke, paths: function () { return null; },
          points: { show: true, size: 4, stroke: stroke, fill: stroke, space: 0 },
          value: function (u, v) { return fmt(v); } }
      ],
      cursor: { drag: { x: true, y: true, uni: 20 } }
    }, data);
  };

  // ------------------------------------------------------------------ histogram

  /** The range of a merged histogram or map: null (the newest), or what to ask the aggregate API. */
  function mergeQuery(cfg, run) {
    if (cfg.run !== undefined) { return run === null || run === undefined ? null : 'run=' + enc(String(run)); }
    if (cfg.span || cfg.from) { return rangeQuery(cfg); }
    return null;
  }

  function merged(cfg) { return cfg.run !== undefined || cfg.span !== undefined || cfg.from !== undefined; }

  function describeMerge(cfg, run, docs) {
    var n = docs === undefined ? '' : ' (' + fmt(docs) + ' samples)';
    if (cfg.run !== undefined) { return 'summed over run ' + (run === null || run === undefined ? '…' : run) + n; }
    if (cfg.span) { return 'summed over the last ' + seconds(cfg.span / 1000) + n; }
    if (cfg.from) { return 'summed from ' + cfg.from + ' to ' + (cfg.to || 'now') + n; }
    return '';
  }

  /**
   * Keeps a merged quantity fresh: the newest sample replaces it, or (merged) it is asked again at
   * most every MERGE_REFRESH_MS while samples come, and at once when the run changes.
   */
  function Merging(w, fields, onValues) {
    var cfg = w.cfg;
    var proc = split(fields[0]).proc;
    this.w = w;
    this.proc = proc;
    this.fields = fields;
    this.onValues = onValues;
    this.run = cfg.run === 'current' ? null : cfg.run;
    var self = this;
    if (!merged(cfg)) {
      fields.forEach(function (f) { live.follow(f); });
      live.on(proc, function (doc) {
        var vals = {};
        var all = true;
        fields.forEach(function (f) {
          var p = split(f).path;
          if (p in doc.values) { vals[f] = doc.values[p]; } else { all = false; }
        });
        if (all) { onValues(vals, doc.time, null); }
      });
    } else if (w.following) {
      live.followProcessor(proc);
      live.on(proc, function (doc) {
        if (cfg.run === 'current' && doc.run !== self.run && doc.run >= 0) {
          self.run = doc.run;
          self.load();
        } else {
          self.soon(doc.time);
        }
      });
    }
  }

  Merging.prototype.soon = function (time) {
    var self = this;
    this.w.updated(time);
    if (this.timer) { return; }
    var wait = Math.max(0, (this.lastLoad || 0) + MERGE_REFRESH_MS - Date.now());
    this.timer = setTimeout(function () { self.timer = null; self.load(); }, wait);
  };

  Merging.prototype.load = function () {
    var self = this, cfg = this.w.cfg;
    this.lastLoad = Date.now();
    if (!merged(cfg)) {
      return Promise.all(this.fields.map(function (f) { return latest(f); })).then(function (rs) {
        var vals = {};
        var time = null;
        rs.forEach(function (r, i) { vals[self.fields[i]] = r.value; time = Math.max(time || 0, r.time); });
        self.onValues(vals, time, null);
      });
    }
    var first = cfg.run === 'current' && (this.run === null || this.run === undefined)
      ? latest(this.proc + '.run').then(function (r) { self.run = r.value; })
      : Promise.resolve();
    return first.then(function () {
      var q = mergeQuery(cfg, self.run);
      var paths = self.fields.map(function (f) { return split(f).path; });
      return getJson(API + '/aggregate/' + enc(self.proc) + '?fields=' + paths.map(enc).join(',') + '&' + q);
    }).then(function (r) {
      var vals = {};
      self.fields.forEach(function (f) {
        var p = split(f).path;
        vals[f] = r.data ? (p in r.data ? r.data[p] : pick(r.data, p)) : null;
      });
      self.onValues(vals, r.to, r);
    });
  };

  /** A dotted path in a nested answer, keys with dots included (hits.crates beside hits). */
  function pick(obj, path) {
    return walk(obj, path.split('.'), 0);
  }

  function walk(v, seg, i) {
    if (i === seg.length) { return v; }
    if (v === null || typeof v !== 'object') { return undefined; }
    var key = '';
    for (var j = i; j < seg.length; j++) {
      key += (j > i ? '.' : '') + seg[j];
      if (Object.prototype.hasOwnProperty.call(v, key)) {
        var found = walk(v[key], seg, j + 1);
        if (found !== undefined) { return found; }
      }
    }
    return undefined;
  }

  function HistogramW(node, cfg) {
    Widget.call(this, node, cfg);
    this.log = !!cfg.log;
    this.hist = null;
    var self = this;
    this.note = el('span', 'snoop-note', '');
    this.controls([toggle('log', this.log, 'logarithmic counts', function (p) { self.log = p; self.draw(); })]);
    node.appendChild(this.badge);
    node.appendChild(this.note);
    this.merging = new Merging(this, [cfg.field], function (vals, time, answer) {
      self.hist = vals[cfg.field];
      self.answer = answer;
      if (time) { self.updated(time); }
      later(self, function () { self.draw(); });
    });
    themeListeners.push(function () { if (self.u) { self.draw(); } });
  }
  HistogramW.prototype = Object.create(Widget.prototype);

  HistogramW.prototype.refresh = function () {
    var self = this;
    return this.merging.load().then(function () { self.ok(); }, function (e) { self.fail(e); });
  };

  HistogramW.prototype.draw = function () {
    var h = this.hist;
    var cfg = this.cfg;
    if (!h || !h.edges || !h.counts) {
      this.note.textContent = h === null || h === undefined ? 'no histogram in this range yet' : 'not a histogram';
      this.clear();
      this.state('empty');
      return;
    }
    var edges = Array.prototype.slice.call(h.edges);
    var counts = Array.prototype.slice.call(h.counts);
    var log = this.log;
    var ys = counts.map(function (c) { return log && !(c > 0) ? null : c; });
    ys.push(ys[ys.length - 1]);
    var stroke = PALETTE[0];
    var axes = axisOpts(false, 'counts');
    if (cfg.unit) { axes[0].label = cfg.unit; axes[0].labelSize = 18; axes[0].labelFont = '12px system-ui, sans-serif'; }
    plot(this, {
      scales: { x: { time: false, range: function () { return [edges[0], edges[edges.length - 1]]; } },
        y: log ? { distr: 3, log: 10 } : { range: function (u, lo, hi) { return [0, hi > 0 ? hi * 1.05 : 1]; } } },
      axes: axes,
      series: [
        { label: 'bin', value: function (u, v, s, i) {
          return i === null || i === undefined || i >= counts.length ? '' : '[' + fmt(edges[i]) + ', ' + fmt(edges[i + 1]) + ')';
        } },
        { label: 'counts', stroke: stroke, fill: stroke + '40', width: 1.2,
          paths: uPlot.paths.stepped({ align: 1 }),
          value: function (u, v, s, i) { return i === null || i === undefined || i >= counts.length ? '' : fmt(counts[i]); } }
      ],
      cursor: { drag: { x: true, y: false } }
    }, [edges, ys]);
    var entries = h.entries !== undefined ? h.entries : counts.reduce(function (a, b) { return a + b; }, 0);
    this.note.textContent = 'entries ' + fmt(entries) + ' · underflow ' + fmt(h.underflow || 0) + ' · overflow ' +
      fmt(h.overflow || 0) + (merged(cfg) ? ' · ' + describeMerge(cfg, this.merging.run,
      this.answer ? this.answer.documents : undefined) : '');
    this.clear();
    this.node.setAttribute('data-points', String(counts.length));
    this.state('drawn');
  };

  // ------------------------------------------------------------------ detector map

  var CRATES = 19, CARDS = 16, CHANNELS = 32;
  var VIRIDIS = ['#440154', '#482878', '#3e4a89', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];
  var LUT = (function () {
    var rgb = VIRIDIS.map(function (h) { return [1, 3, 5].map(function (k) { return parseInt(h.substr(k, 2), 16); }); });
    var out = [];
    for (var i = 0; i < 256; i++) {
      var x = i / 255 * (rgb.length - 1);
      var a = Math.floor(x), b = Math.min(rgb.length - 1, a + 1), t = x - a;
      out.push('rgb(' + [0, 1, 2].map(function (k) { return Math.round(rgb[a][k] + (rgb[b][k] - rgb[a][k]) * t); }).join(',') + ')');
    }
    return out;
  })();

  function DetectorMapW(node, cfg) {
    Widget.call(this, node, cfg);
    this.log = !!cfg.log;
    this.values = null;
    var self = this;
    this.controls([toggle('log', this.log, 'logarithmic colour scale', function (p) { self.log = p; self.draw(); })]);
    node.appendChild(this.badge);
    this.wrap = el('div', 'snoop-map-wrap snoop-map');
    this.canvas = el('canvas');
    this.wrap.appendChild(this.canvas);
    node.appendChild(this.wrap);
    this.scale = el('div', 'snoop-scale');
    node.appendChild(this.scale);
    this.note = el('span', 'snoop-note', '');
    node.appendChild(this.note);
    var fields = [cfg.field];
    var perOther = cfg.per && split(cfg.per).proc !== split(cfg.field).proc;
    if (cfg.per && !perOther) { fields.push(cfg.per); }
    this.merging = new Merging(this, fields, function (vals, time, answer) {
      self.raw = vals[cfg.field];
      if (cfg.per && !perOther) { self.per = vals[cfg.per]; }
      self.answer = answer;
      if (time) { self.updated(time); }
      later(self, function () { self.draw(); });
    });
    if (perOther) {
      this.perMerging = new Merging(this, [cfg.per], function (vals) {
        self.per = vals[cfg.per];
        later(self, function () { self.draw(); });
      });
    }
    this.tip = null;
    this.canvas.addEventListener('mousemove', function (e) { self.hover(e); });
    this.canvas.addEventListener('mouseleave', function () { if (self.tip) { self.tip.remove(); self.tip = null; } });
    if (typeof ResizeObserver === 'function') {
      var width = 0;
      new ResizeObserver(function () {
        var w = node.clientWidth;
        if (Math.abs(w - width) > 8 && self.values) { width = w; self.draw(); }
      }).observe(node);
    }
    themeListeners.push(function () { self.draw(); });
  }
  DetectorMapW.prototype = Object.create(Widget.prototype);

  DetectorMapW.prototype.refresh = function () {
    var self = this;
    var loads = [this.merging.load()];
    if (this.perMerging) { loads.push(this.perMerging.load()); }
    return Promise.all(loads).then(function () { self.ok(); }, function (e) { self.fail(e); });
  };

  /** The values (as numbers, per what the shape says) and their shape. */
  DetectorMapW.prototype.shaped = function () {
    var raw = this.raw;
    if (raw === null || raw === undefined) { return null; }
    var vals = raw.values || raw;
    if (!vals || typeof vals.length !== 'number') { return null; }
    var shape = raw.shape || (vals.length === CRATES * CARDS * CHANNELS ? 'channels' : vals.length === CRATES * CARDS
      ? 'cards' : vals.length === CRATES ? 'crates' : null);
    // per= is a number (an event count), a number merged over a range (its sum), or values of the
    // same shape (hits per crate: a crate's mean charge is its sum over its hits)
    var per = this.per, perVals = null, div = 1;
    if (this.cfg.per) {
      if (per && typeof per === 'object') {
        if (per.values || Array.isArray(per)) { perVals = per.values || per; }
        else if ('sum' in per) { div = Number(per.sum); }
        else if ('value' in per) { div = Number(per.value); }
        else { div = NaN; }
      } else {
        div = Number(per);
      }
    }
    var out = new Array(vals.length);
    for (var i = 0; i < vals.length; i++) {
      var v = vals[i];
      var d = perVals ? Number(perVals[i]) : div;
      out[i] = typeof v === 'number' && d > 0 ? v / d : null;
    }
    return { shape: shape, values: out };
  };

  DetectorMapW.prototype.layout = function () {
    var W = Math.max(300, this.wrap.clientWidth || this.node.clientWidth - 20);
    var perRow = W >= 1000 ? 10 : W >= 560 ? 5 : 4;
    var gap = 8;
    var cw = Math.max(1, Math.floor((W - (perRow - 1) * gap) / (perRow * CARDS)));
    var full = document.querySelector('.snoop-full');
    var ch = Math.max(2, Math.floor(cw * (full ? 0.8 : 0.6)));
    var label = 14;
    var rows = Math.ceil(CRATES / perRow);
    return { perRow: perRow, gap: gap, cw: cw, ch: ch, label: label, rows: rows,
      width: perRow * CARDS * cw + (perRow - 1) * gap, height: rows * (label + CHANNELS * ch + gap) };
  };

  DetectorMapW.prototype.draw = function () {
    var s = this.shaped();
    this.values = s;
    var cfg = this.cfg;
    if (!s || !s.shape) {
      this.note.textContent = this.raw === null || this.raw === undefined ? 'no values in this range yet' : 'not values per channel, card or crate';
      this.clear();
      this.state('empty');
      return;
    }
    var L = this.L = this.layout();
    var dpr = window.devicePixelRatio || 1;
    var c = this.canvas;
    c.width = L.width * dpr;
    c.height = L.height * dpr;
    c.style.width = L.width + 'px';
    c.style.height = L.height + 'px';
    var g = c.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, L.width, L.height);
    var lo = Infinity, hi = -Infinity, zeros = 0, missing = 0;
    var log = this.log;
    s.values.forEach(function (v) {
      if (v === null) { missing++; return; }
      if (v === 0) { zeros++; }
      if (log && v <= 0) { return; }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    });
    if (cfg.min !== undefined) { lo = cfg.min; }
    if (cfg.max !== undefined) { hi = cfg.max; }
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    if (hi <= lo) { hi = lo + (lo === 0 ? 1 : Math.abs(lo) * 0.1); }
    var tlo = log ? Math.log10(Math.max(lo, 1e-300)) : lo, thi = log ? Math.log10(hi) : hi;
    this.range = [lo, hi];
    var zero = css('--map-zero'), none = css('--map-none'), fg = css('--muted');
    function color(v) {
      if (v === null) { return none; }
      if (v === 0 && lo >= 0) { return zero; }
      if (log && v <= 0) { return zero; }
      var t = ((log ? Math.log10(v) : v) - tlo) / (thi - tlo);
      return LUT[Math.max(0, Math.min(255, Math.round(t * 255)))];
    }
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'top';
    for (var k = 0; k < CRATES; k++) {
      var o = this.origin(k);
      g.fillStyle = fg;
      g.fillText('crate ' + k, o.x, o.y);
      var y0 = o.y + L.label;
      for (var card = 0; card < CARDS; card++) {
        var x = o.x + card * L.cw;
        if (s.shape === 'crates') {
          g.fillStyle = color(s.values[k]);
          g.fillRect(x, y0, L.cw, CHANNELS * L.ch);
        } else if (s.shape === 'cards') {
          g.fillStyle = color(s.values[k * CARDS + card]);
          g.fillRect(x, y0, L.cw, CHANNELS * L.ch);
        } else {
          for (var chn = 0; chn < CHANNELS; chn++) {
            g.fillStyle = color(s.values[k * 512 + card * 32 + chn]);
            g.fillRect(x, y0 + chn * L.ch, L.cw, L.ch);
          }
        }
      }
    }
    this.drawScale(lo, hi, log, zeros, missing, s);
    this.clear();
    this.node.setAttribute('data-points', String(s.values.length));
    this.state('drawn');
  };

  DetectorMapW.prototype.origin = function (crate) {
    var L = this.L;
    var col = crate % L.perRow, row = Math.floor(crate / L.perRow);
    return { x: col * (CARDS * L.cw + L.gap), y: row * (L.label + CHANNELS * L.ch + L.gap) };
  };

  DetectorMapW.prototype.drawScale = function (lo, hi, log, zeros, missing, s) {
    var cfg = this.cfg;
    this.scale.textContent = '';
    var bar = el('canvas');
    bar.width = 160;
    bar.height = 10;
    var g = bar.getContext('2d');
    for (var i = 0; i < 160; i++) { g.fillStyle = LUT[Math.round(i / 159 * 255)]; g.fillRect(i, 0, 1, 10); }
    var unit = cfg.unit ? ' ' + cfg.unit : '';
    this.scale.appendChild(el('span', null, fmt(lo) + unit));
    this.scale.appendChild(bar);
    this.scale.appendChild(el('span', null, fmt(hi) + unit + (log ? ' (log)' : '')));
    var z = el('span', null, '■ ' + fmt(zeros) + ' at 0');
    z.style.color = css('--map-zero');
    this.scale.appendChild(z);
    if (missing) { this.scale.appendChild(el('span', null, fmt(missing) + ' without a value')); }
    var what = s.shape === 'channels' ? 'per channel' : s.shape === 'cards' ? 'per card' : 'per crate';
    this.note.textContent = what + (cfg.per ? ', divided by ' + cfg.per : '') +
      (merged(cfg) ? ' · ' + describeMerge(cfg, this.merging.run, this.answer ? this.answer.documents : undefined) : '');
  };

  DetectorMapW.prototype.hover = function (e) {
    if (!this.values || !this.L) { return; }
    var r = this.canvas.getBoundingClientRect();
    var x = e.clientX - r.left, y = e.clientY - r.top;
    var L = this.L, s = this.values;
    var col = Math.floor(x / (CARDS * L.cw + L.gap)), row = Math.floor(y / (L.label + CHANNELS * L.ch + L.gap));
    var crate = row * L.perRow + col;
    var text = null;
    if (col < L.perRow && crate < CRATES) {
      var o = this.origin(crate);
      var card = Math.floor((x - o.x) / L.cw), chn = Math.floor((y - o.y - L.label) / L.ch);
      if (card >= 0 && card < CARDS && chn >= 0 && chn < CHANNELS) {
        var v = s.shape === 'channels' ? s.values[crate * 512 + card * 32 + chn]
          : s.shape === 'cards' ? s.values[crate * CARDS + card] : s.values[crate];
        text = s.shape === 'channels' ? 'crate ' + crate + ' · card ' + card + ' · channel ' + chn + ' (LCN ' +
          (crate * 512 + card * 32 + chn) + '): ' + fmt(v)
          : s.shape === 'cards' ? 'crate ' + crate + ' · card ' + card + ': ' + fmt(v) : 'crate ' + crate + ': ' + fmt(v);
      }
    }
    if (!text) { if (this.tip) { this.tip.remove(); this.tip = null; } return; }
    if (!this.tip) { this.tip = el('div', 'snoop-tip'); document.body.appendChild(this.tip); }
    this.tip.textContent = text + (this.cfg.unit ? ' ' + this.cfg.unit : '');
    this.tip.style.left = (e.clientX + 14) + 'px';
    this.tip.style.top = (e.clientY + 12) + 'px';
  };

  // ------------------------------------------------------------------ table

  function TableW(node, cfg) {
    Widget.call(this, node, cfg);
    var self = this;
    node.appendChild(this.badge);
    this.box = el('div', 'snoop-table-scroll');
    node.appendChild(this.box);
    if (cfg.field) {
      live.follow(cfg.field);
      var f = split(cfg.field);
      live.on(f.proc, function (doc) {
        if (f.path in doc.values) { self.show(doc.values[f.path], doc); }
      });
    } else if (cfg.fields) {
      cfg.fields.forEach(function (k) { live.follow(cfg.processor + '.' + dataPath(k)); });
      live.on(cfg.processor, function (doc) {
        var data = {};
        cfg.fields.forEach(function (k) { data[k] = doc.values[dataPath(k)]; });
        self.show(data, doc, true);
      });
    } else {
      // a whole document may be large: the stamp says when to read it again (at most every 5 s)
      live.followProcessor(cfg.processor);
      live.on(cfg.processor, function (doc) {
        self.updated(doc.time);
        if (self.timer) { return; }
        self.timer = setTimeout(function () { self.timer = null; self.refresh(); }, Math.max(0, (self.lastLoad || 0) + 5000 - Date.now()));
      });
    }
  }
  TableW.prototype = Object.create(Widget.prototype);

  var STAMPS = ['events', 'run', 'time', 'seq', 'window', 'version', 'instance', 'name'];

  function dataPath(k) { return STAMPS.indexOf(k.split('.')[0]) >= 0 ? k : 'data.' + k; }

  TableW.prototype.refresh = function () {
    var self = this, cfg = this.cfg;
    this.lastLoad = Date.now();
    return (cfg.field ? latest(cfg.field) : getJson(API + '/latest/' + enc(cfg.processor))).then(function (r) {
      if (cfg.field) {
        self.show(r.value, { time: r.time });
      } else {
        var data = cfg.fields ? {} : r.data;
        if (cfg.fields) { cfg.fields.forEach(function (k) { data[k] = pick(r, dataPath(k)); }); }
        self.show(data, r, !!cfg.fields);
      }
      self.ok();
    }, function (e) { self.fail(e); });
  };

  TableW.prototype.show = function (value, doc, flat) {
    this.box.textContent = '';
    var t = el('table', 'snoop-doc-table');
    if (value && value.shape === 'table' && value.columns) {
      var head = el('tr');
      value.columns.forEach(function (c) { head.appendChild(el('th', null, c)); });
      t.appendChild(head);
      (value.rows || []).forEach(function (row) {
        var tr = el('tr');
        row.forEach(function (v) { var td = el('td', typeof v === 'number' ? 'num' : null, fmt(v)); tr.appendChild(td); });
        t.appendChild(tr);
      });
    } else {
      var rows = [];
      if (!flat && doc && doc.time !== undefined && !this.cfg.field) {
        rows.push(['sample time', utc(doc.time)]);
        if (doc.run !== undefined) { rows.push(['run', doc.run]); }
        if (doc.events !== undefined) { rows.push(['events', doc.events]); }
      }
      flatten(value, '', rows, flat ? 1 : 6);
      rows.slice(0, 500).forEach(function (r) {
        var tr = el('tr');
        tr.appendChild(el('th', null, r[0]));
        tr.appendChild(el('td', typeof r[1] === 'number' ? 'num' : null, typeof r[1] === 'string' && r[0] === 'sample time' ? r[1] : fmt(r[1])));
        t.appendChild(tr);
      });
    }
    this.box.appendChild(t);
    this.clear();
    this.updated(doc && doc.time);
    this.state('drawn');
  };

  function flatten(v, prefix, rows, depth) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth > 0) {
      if (typeof v.shape === 'string') { rows.push([prefix, describeShape(v)]); return; }
      Object.keys(v).forEach(function (k) { flatten(v[k], prefix ? prefix + '.' + k : k, rows, depth - 1); });
      return;
    }
    if (Array.isArray(v)) { rows.push([prefix, v.length + ' values']); return; }
    rows.push([prefix, v]);
  }

  function describeShape(v) {
    if (v.shape === 'histogram') { return 'histogram of ' + (v.counts ? v.counts.length : '?') + ' bins, ' + fmt(v.entries) + ' entries'; }
    if (v.shape === 'table') { return 'table of ' + (v.rows ? v.rows.length : 0) + ' rows'; }
    return (v.values ? v.values.length : '?') + ' values per ' + v.shape.replace(/s$/, '');
  }

  // ------------------------------------------------------------------ heartbeat

  function HeartbeatW(node, cfg) {
    Widget.call(this, node, cfg);
    this.box = el('div');
    node.appendChild(this.box);
    var self = this;
    setInterval(function () { if (!document.hidden) { self.refresh(); } }, Math.max(2000, PERIOD));
  }
  HeartbeatW.prototype = Object.create(Widget.prototype);

  HeartbeatW.prototype.refresh = function () {
    var self = this;
    return getJson(PREFIX + '/-/status').then(function (s) { self.show(s); self.ok(); }, function (e) { self.fail(e); });
  };

  function beat(cls, name, detail, title) {
    var b = el('span', 'snoop-beat ' + cls);
    b.appendChild(el('span', null, name));
    if (detail) { b.appendChild(el('span', 'snoop-beat-detail', detail)); }
    if (title) { b.title = title; }
    return b;
  }

  HeartbeatW.prototype.show = function (s) {
    this.box.textContent = '';
    this.clear();
    if (!s.admin) {
      this.box.appendChild(el('span', 'snoop-note', 'the platform\'s status is not available in this instance'));
      this.state('empty');
      return;
    }
    var period = s.loop.period || PERIOD;
    var t = s.time;
    var groups = [
      ['loop', [beat(s.loop.buffered > s.loop.capacity * 0.8 ? 'warn' : 'ok', 'events',
        fmt(s.loop.rate, '.0f') + ' /s · buffer ' + fmt(s.loop.buffered) + '/' + fmt(s.loop.capacity) + ' · run ' +
        (s.loop.run >= 0 ? s.loop.run : '—'), 'sample period ' + seconds(period / 1000))]],
      ['processors', s.processors.map(function (p) {
        var age = p.lastSample > 0 ? t - p.lastSample : null;
        var cls = p.state === 'QUARANTINED' || p.state === 'HUNG' ? 'bad'
          : p.state === 'REMOVED' || p.state === 'DISABLED' ? 'idle'
          : age === null ? 'warn'
          : age <= 2 * period + 1000 ? (p.state === 'SWAPPING' || p.errors > 0 ? 'warn' : 'ok')
          : age <= STALE_N * period ? 'warn' : 'bad';
        return beat(cls, p.name, age === null ? p.state.toLowerCase() : seconds(age / 1000) + ' ago' +
          (p.state !== 'ACTIVE' && p.state !== 'SAMPLING' ? ' · ' + p.state.toLowerCase() : ''),
          p.name + ' ' + p.version + ': ' + p.state + ', ' + fmt(p.events) + ' events, ' + fmt(p.errors) + ' errors' +
          (p.lastError ? ' — ' + p.lastError : ''));
      })],
      ['readers', s.readers.map(function (r) {
        var cls = r.state === 'READING' ? 'ok' : r.state === 'RETRYING' || r.state === 'STARTING' ? 'warn'
          : r.state === 'DONE' ? 'idle' : 'bad';
        return beat(cls, r.name, r.state.toLowerCase() + ' · ' + fmt(r.rate, '.0f') + ' /s' +
          (r.malformed ? ' · ' + fmt(r.malformed) + ' malformed' : ''), r.description + (r.lastError ? ' — ' + r.lastError : ''));
      })],
      ['writers', s.writers.map(function (w) {
        var cls = w.state === 'WRITING' ? (w.dropped > 0 || w.queued > w.capacity * 0.5 ? 'warn' : 'ok')
          : w.state === 'RETRYING' ? 'bad' : 'idle';
        return beat(cls, w.name, 'queue ' + fmt(w.queued) + '/' + fmt(w.capacity) + (w.dropped ? ' · ' + fmt(w.dropped) +
          ' dropped' : ''), w.description + (w.lastError ? ' — ' + w.lastError : ''));
      })]
    ];
    var box = this.box;
    groups.forEach(function (gr) {
      if (!gr[1].length) { return; }
      box.appendChild(el('div', 'snoop-beat-group', gr[0]));
      var row = el('div', 'snoop-beats');
      gr[1].forEach(function (b) { row.appendChild(b); });
      box.appendChild(row);
    });
    this.updated(t);
    this.state('drawn');
  };

  // ------------------------------------------------------------------ alarms (an extension fills it)

  function AlarmsW(node, cfg) {
    Widget.call(this, node, cfg);
    this.following = false;
    // calm and empty until the alarms' script (an extension) fills it: see dashboards/README.md
    node.classList.remove('snoop-block');
    this.state('drawn');
  }
  AlarmsW.prototype = Object.create(Widget.prototype);

  /** For the alarms' script: shows a line in the banner under the bar, or hides it (text null). */
  snoop.banner = function (text, level) {
    var b = document.getElementById('snoop-alarm-banner');
    if (!b) { return; }
    if (!text) { b.hidden = true; b.textContent = ''; return; }
    b.textContent = text;
    b.setAttribute('data-level', level || 'info');
    b.hidden = false;
  };

  // ------------------------------------------------------------------ start

  var KINDS = {
    value: ValueW, sparkline: SparklineW, sparklines: SparklinesW, timeseries: TimeSeriesW, scatter: ScatterW,
    histogram: HistogramW, detectormap: DetectorMapW, table: TableW, heartbeat: HeartbeatW, alarms: AlarmsW
  };

  function theme() {
    var t = document.documentElement.getAttribute('data-theme') === 'light' ? 'dark' : 'light';
    document.documentElement.setAttribute('data-theme', t);
    try { window.localStorage.setItem('snoop-theme', t); } catch (e) { /* not kept: fine */ }
    themeListeners.forEach(function (fn) { try { fn(t); } catch (e) { /* its own trouble */ } });
  }
  snoop.onTheme = function (fn) { themeListeners.push(fn); };

  function clock() {
    var c = document.getElementById('snoop-clock');
    if (c) {
      var d = new Date(now());
      c.textContent = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + ' UTC';
      c.title = 'local ' + localTime(now());
    }
  }

  function start() {
    var t = document.getElementById('snoop-theme');
    if (t) { t.addEventListener('click', theme); }
    clock();
    setInterval(function () {
      clock();
      snoop.widgets.forEach(function (w) { w.staleCheck(); });
    }, 1000);
    var nodes = document.querySelectorAll('[data-snoop]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i], cfg;
      try { cfg = JSON.parse(node.getAttribute('data-snoop')); } catch (e) { continue; }
      var Kind = KINDS[cfg.tag];
      if (!Kind) { continue; }
      try {
        snoop.widgets.push(new Kind(node, cfg));
      } catch (e) {
        node.textContent = 'this tag could not be drawn: ' + e;
        node.setAttribute('data-state', 'error');
      }
    }
    checkReady();
    snoop.widgets.forEach(function (w) { if (w.refresh) { w.refresh(); } });
    live.start();
    // a page left for another must not keep its stream open (the browser allows six connections to
    // the instance, and may keep the page in its back-forward cache); back again, it catches up
    window.addEventListener('pagehide', function () { live.stop(); });
    window.addEventListener('pageshow', function (e) {
      if (e.persisted) {
        live.start();
        refreshAll();
      }
    });
  }

  if (typeof uPlot === 'undefined') {
    conn('down', 'the plotting library did not load');
  }
  start();
})();
