/*
 * The alarms on every dashboard page (loaded by the dashboard as an extension, see
 * dashboards/README.md): a calm banner under the bar while alarms are active (hidden when all is
 * well; what fired and is not acknowledged stands out), the alarm list in the banner (on demand)
 * and in every {{ alarms }} slot, acknowledge and silence from the page with the alarms token
 * (asked once, kept for this tab only), and a sound for new alarms, off unless switched on.
 * Reads /api/v1/alarms every sample period (at least 2 s). window.snoop.alarms holds the last
 * answer, for tests. A histogram judged by a reference check (a compare rule on its field) shows
 * the check's last quality (good, medium, bad) beside its title.
 */
(function () {
  'use strict';

  var snoop = window.snoop = window.snoop || {};
  var B = document.body;
  var API = B.getAttribute('data-api') || '/api/v1';
  var PERIOD = Math.max(2000, Number(B.getAttribute('data-period')) || 5000);
  var state = snoop.alarms = { last: null, error: null, open: false, forms: {}, seen: {} };

  function store(kind, key, value) {
    try {
      var s = kind === 'session' ? window.sessionStorage : window.localStorage;
      if (value === undefined) { return s.getItem(key); }
      if (value === null) { s.removeItem(key); } else { s.setItem(key, value); }
    } catch (e) { return null; }
    return null;
  }

  function soundOn() { return store('local', 'snoop-alarm-sound') === 'on'; }

  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return; }
      var ctx = state.audio = state.audio || new Ctx();
      var o = ctx.createOscillator(), g = ctx.createGain();
      o.frequency.value = 660;
      g.gain.value = 0.08;
      o.connect(g); g.connect(ctx.destination);
      o.start(); o.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no sound here: the banner says it */ }
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function age(ms) {
    var s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 120) { return s + ' s'; }
    if (s < 7200) { return Math.round(s / 60) + ' min'; }
    if (s < 172800) { return Math.round(s / 3600) + ' h'; }
    return Math.round(s / 86400) + ' d';
  }

  function send(method, url, body) {
    var token = store('session', 'snoop-alarm-token');
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) { headers.Authorization = 'Bearer ' + token; }
    return fetch(url, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        return r.text().then(function (t) {
          var j = null;
          try { j = t ? JSON.parse(t) : null; } catch (e) { j = null; }
          if (!r.ok) {
            if (r.status === 401 || r.status === 403) { store('session', 'snoop-alarm-token', null); }
            throw new Error(j && j.error ? j.error : 'the server answered ' + r.status);
          }
          return j;
        });
      });
  }

  /** The small form that acknowledges or silences one alarm. */
  function form(a, kind) {
    var f = el('form', { 'class': 'snoop-alarm-form', 'data-kind': kind, 'data-name': a.name });
    var by = el('input', { name: 'by', placeholder: 'your name', size: '10', required: 'required' });
    by.value = store('local', 'snoop-alarm-by') || '';
    f.appendChild(by);
    var dur = null;
    if (kind === 'silence') {
      dur = el('input', { name: 'duration', placeholder: '1h', size: '4' });
      dur.value = '1h';
      f.appendChild(dur);
    }
    var comment = el('input', { name: 'comment', placeholder: 'comment', size: '24' });
    f.appendChild(comment);
    var token = null;
    if (!store('session', 'snoop-alarm-token')) {
      token = el('input', { name: 'token', type: 'password', placeholder: 'alarms token', size: '14',
        autocomplete: 'off', required: 'required' });
      f.appendChild(token);
    }
    f.appendChild(el('button', { type: 'submit' }, kind === 'ack' ? 'acknowledge' : 'silence'));
    var cancel = el('button', { type: 'button' }, 'cancel');
    cancel.addEventListener('click', function () { delete state.forms[kind + ':' + a.name]; render(); });
    f.appendChild(cancel);
    var err = el('span', { 'class': 'err' });
    f.appendChild(err);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (token && token.value) { store('session', 'snoop-alarm-token', token.value.trim()); }
      store('local', 'snoop-alarm-by', by.value.trim());
      var p = kind === 'ack'
        ? send('POST', API + '/alarms/' + encodeURIComponent(a.name) + '/ack', { by: by.value, comment: comment.value })
        : send('POST', API + '/alarms/silences', { pattern: a.name, duration: dur.value || '1h', by: by.value,
          comment: comment.value });
      p.then(function () {
        delete state.forms[kind + ':' + a.name];
        // the form is done: let the list be drawn again at once (the focus would hold it back)
        if (document.activeElement && f.contains(document.activeElement)) { document.activeElement.blur(); }
        refresh();
      },
        function (e) { err.textContent = e.message; state.error = e.message; });
    });
    return f;
  }

  function table(list, writable) {
    var box = el('div', { 'class': 'snoop-alarms' });
    if (!list.length) {
      box.appendChild(el('div', { 'class': 'quiet' }, 'No alarm.'));
      return box;
    }
    var t = el('table');
    var head = el('tr');
    ['', 'alarm', 'what', 'since', 'state', ''].forEach(function (h) { head.appendChild(el('th', {}, h)); });
    t.appendChild(head);
    list.forEach(function (a) {
      var tr = el('tr', { 'data-name': a.name, 'data-severity': a.severity, 'data-state': a.state });
      if (a.state === 'firing' && !a.silenced) { tr.className = 'snoop-alarm-new'; }
      if (a.silenced) { tr.className += ' silenced'; }
      tr.appendChild(el('td', { 'class': 'sev' }, a.severity));
      tr.appendChild(el('td', { 'class': 'name' }, a.name));
      var what = el('td', {}, a.message);
      if (a.by) { what.appendChild(el('div', { 'class': 'quiet' }, 'acknowledged by ' + a.by + (a.comment ? ': ' + a.comment : ''))); }
      ['ack', 'silence'].forEach(function (k) {
        if (state.forms[k + ':' + a.name]) { what.appendChild(form(a, k)); }
      });
      tr.appendChild(what);
      tr.appendChild(el('td', { title: new Date(a.since).toISOString() }, age(a.since)));
      tr.appendChild(el('td', {}, a.state + (a.silenced ? ', silenced' : '')));
      var act = el('td');
      if (writable) {
        if (a.state === 'firing') {
          var ack = el('button', { type: 'button', 'class': 'snoop-alarm-ack' }, 'acknowledge');
          ack.addEventListener('click', function () { state.forms['ack:' + a.name] = true; render(); });
          act.appendChild(ack);
        }
        if (!a.silenced) {
          var sil = el('button', { type: 'button', 'class': 'snoop-alarm-silence' }, 'silence');
          sil.addEventListener('click', function () { state.forms['silence:' + a.name] = true; render(); });
          act.appendChild(sil);
        }
      }
      tr.appendChild(act);
      t.appendChild(tr);
    });
    box.appendChild(t);
    return box;
  }

  function render() {
    var d = state.last;
    var banner = document.getElementById('snoop-alarm-banner');
    var slots = document.querySelectorAll('[data-snoop-alarms]');
    if (!d) { return; }
    var active = d.active || [];
    for (var i = 0; i < slots.length; i++) {
      slots[i].textContent = '';
      slots[i].appendChild(table(active, d.writable));
    }
    if (!banner) { return; }
    var loud = active.filter(function (a) { return !a.silenced; });
    var fresh = loud.filter(function (a) { return a.state === 'firing'; });
    if (!active.length) {
      banner.hidden = true;
      banner.textContent = '';
      return;
    }
    var worst = fresh.some(function (a) { return a.severity === 'alarm'; }) ? 'alarm'
      : fresh.some(function (a) { return a.severity === 'warning'; }) ? 'warning' : 'info';
    banner.setAttribute('data-level', worst);
    banner.textContent = '';
    var text = fresh.length
      ? fresh.length + (fresh.length === 1 ? ' alarm needs' : ' alarms need') + ' a look: ' +
        fresh.map(function (a) { return a.name; }).join(', ')
      : loud.length ? loud.length + ' acknowledged, still active' : active.length + ' silenced';
    banner.appendChild(el('span', { 'class': 'snoop-alarm-summary' }, text));
    var toggle = el('button', { type: 'button', 'class': 'snoop-alarm-toggle' }, state.open ? 'hide' : 'show');
    toggle.addEventListener('click', function () { state.open = !state.open; render(); });
    banner.appendChild(toggle);
    var sound = el('button', { type: 'button', 'class': 'snoop-alarm-sound', title: 'a tone when an alarm fires' },
      'sound: ' + (soundOn() ? 'on' : 'off'));
    sound.addEventListener('click', function () {
      store('local', 'snoop-alarm-sound', soundOn() ? 'off' : 'on');
      if (soundOn()) { beep(); }
      render();
    });
    banner.appendChild(sound);
    if (state.open) {
      var list = table(active, d.writable);
      list.className += ' snoop-alarm-list';
      banner.appendChild(list);
    }
    banner.hidden = false;
  }

  function refresh() {
    return fetch(API + '/alarms', { headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('alarms: ' + r.status); } return r.json(); })
      .then(function (d) {
        var newOnes = (d.active || []).filter(function (a) {
          return a.state === 'firing' && !a.silenced && !state.seen[a.name + '@' + a.since];
        });
        (d.active || []).forEach(function (a) { state.seen[a.name + '@' + a.since] = true; });
        if (state.last && newOnes.length && soundOn()) { beep(); }
        state.last = d;
        state.error = null;
        // a form being filled in is not redrawn under the shifter's fingers
        var typing = document.activeElement && document.activeElement.tagName === 'INPUT' &&
          document.activeElement.closest && document.activeElement.closest('.snoop-alarm-form');
        if (!typing) { render(); }
      }, function (e) { state.error = String(e); });
  }

  // ------------------------------------------------ the reference checks' quality, on the histograms they judge

  var RULES_EVERY = 30000;
  var checks = null;      // histogram field -> names of the compare rules that judge it
  var checksRead = 0;

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    });
  }

  function badge(node, names, quality) {
    var b = node.querySelector(':scope > .snoop-quality');
    var judged = names.filter(function (n) { return quality[n]; });
    if (!judged.length) {
      if (b) { b.remove(); }
      return;
    }
    var order = { bad: 3, medium: 2, unknown: 1, good: 0 };
    var worst = judged.reduce(function (w, n) {
      return order[quality[n].level] > order[quality[w].level] ? n : w;
    }, judged[0]);
    var q = quality[worst];
    if (!b) {
      b = el('span', { 'class': 'snoop-quality' });
      var title = node.querySelector(':scope > .snoop-title');
      if (title && title.nextSibling) { node.insertBefore(b, title.nextSibling); } else { node.appendChild(b); }
    }
    b.setAttribute('data-level', q.level);
    b.setAttribute('data-check', worst);
    b.textContent = q.level;
    b.title = judged.map(function (n) {
      var x = quality[n];
      return n + ': ' + x.level + ' against reference ' + x.reference + ' (' + x.test + ', p = ' +
        (x.p === null ? '?' : Number(x.p).toPrecision(3)) + ', ' + x.entries + ' entries, sample of ' +
        new Date(x.time).toISOString() + ')';
    }).join('\n');
  }

  function qualities() {
    var nodes = document.querySelectorAll('.snoop-histogram[data-snoop]');
    if (!nodes.length) { return Promise.resolve(); }
    var now = Date.now();
    var rules = checks && now - checksRead < RULES_EVERY ? Promise.resolve() : getJson(API + '/alarms/rules')
      .then(function (d) {
        checks = {};
        (d.rules || []).forEach(function (r) {
          if (/^compare /.test(r.condition || '')) { (checks[r.field] = checks[r.field] || []).push(r.name); }
        });
        checksRead = now;
      });
    return rules.then(function () {
      if (!Object.keys(checks).length) { return null; }
      return getJson(API + '/references');
    }).then(function (d) {
      var quality = (d && d.quality) || {};
      for (var i = 0; i < nodes.length; i++) {
        var cfg;
        try { cfg = JSON.parse(nodes[i].getAttribute('data-snoop')); } catch (e) { continue; }
        badge(nodes[i], (cfg && checks[cfg.field]) || [], quality);
      }
    }).catch(function (e) { state.error = String(e); });
  }

  refresh();
  qualities();
  setInterval(function () { refresh(); qualities(); }, PERIOD);
})();
