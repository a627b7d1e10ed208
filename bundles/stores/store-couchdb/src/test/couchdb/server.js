'use strict';

// A CouchDB-API server for the tests of store-couchdb: express-pouchdb over in-memory PouchDB.
// No CouchDB package exists for the build machines; this starts in half a second and needs no
// native build (shared/NOTES.md).
//
//   node server.js            listens on 127.0.0.1, on PORT if set, else on a free port
//
// The first line of standard output is the port. Then, one line per command read on standard
// input, it answers "ok COMMAND":
//
//   delay MS                  every request is answered MS milliseconds late (0: on time)
//   down                      stops listening and drops every open connection, keeping the data
//                             (a server restart, as its clients see it; a real CouchDB keeps its data)
//   up                        listens again on the same port
//
// The end of standard input stops the server, so that it never outlives the test JVM that
// started it. Its data lives in memory and goes with it.
//
// Environment: PORT; ADMIN_USER and ADMIN_PASSWORD make a server admin and then every request
// but "GET /" must carry that admin's basic credentials (as CouchDB 3 does for its databases by
// default).

const express = require('express');
const expressPouchDB = require('express-pouchdb');
const os = require('os');
const readline = require('readline');

const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-replication'));
// Local databases live in memory (the memory adapter is the only preferred one); a name that is a
// URL goes over HTTP, so that replications (_replicate, _replicator) reach another server. Forcing
// the adapter with defaults({adapter: 'memory'}) would make a replication's remote target a local
// database named like the URL.

const adminUser = process.env.ADMIN_USER || '';
const adminPassword = process.env.ADMIN_PASSWORD || '';
let delayMs = 0;

const pouch = expressPouchDB({
  mode: 'fullCouchDB',
  // Its gzip buffers feed=continuous whenever the client accepts gzip (Apache HttpClient does),
  // and the changes never come.
  overrideMode: { exclude: ['compression', 'routes/fauxton'] },
  inMemoryConfig: true,
  logPath: os.devNull,
});

// Once an admin exists, PouchDB.new() of a request that is not the admin's answers a promise
// instead of a database, and "PUT /db" then dies on "db.info is not a function" (pouchdb-server
// issue #374), taking the server with it. Give the handler what it expects. Registered before the
// PouchDB object is set, so it runs after the security plugin has wrapped new().
pouch.daemonManager.registerDaemon({
  start(P) {
    const original = P.new;
    P.new = function (...args) {
      const result = original.apply(this, args);
      if (result && typeof result.info !== 'function' && typeof result.then === 'function') {
        return {
          info(callback) {
            result.then((db) => db.info(callback), (err) => callback(err));
          },
        };
      }
      return result;
    };
  },
});
pouch.setPouchDB(PouchDB);

const app = express();
app.use((req, res, next) => {
  if (delayMs > 0) {
    setTimeout(next, delayMs);
  } else {
    next();
  }
});
if (adminUser) {
  app.use((req, res, next) => {
    if (req.method === 'GET' && req.path === '/') {
      return next();
    }
    const expected = 'Basic ' + Buffer.from(adminUser + ':' + adminPassword).toString('base64');
    if (req.headers.authorization === expected) {
      return next();
    }
    res.status(401).json({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
  });
}
app.use(keepNumbersAsWritten);
app.use('/', pouch);

// CouchDB keeps a number as it was written: its JSON decoder (jiffy) reads a number with a
// decimal point or an exponent as a double and encodes it back with one (1.0 stays 1.0, not 1),
// and an integer as an integer of any size (9223372036854775807 stays exact). PouchDB is
// JavaScript, where every number is a double: 1.0 would come back as 1 and a 64-bit integer
// rounded. So that the tests see what CouchDB does, a number in a request body whose JavaScript
// rendering differs from its text is carried through PouchDB as a marked string and put back,
// as it was written, into every JSON answer. Numbers that survive as they are (1764362400000,
// 0.5, -3) stay numbers, so views keyed on them work as in CouchDB.
const NUMBER_MARK = '\u0000num:';
const MARKED = /"\\u0000num:(-?[0-9][0-9.eE+-]*)"/g;

function markNumbers(text) {
  let out = '';
  let from = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) { // a string: skip it whole
      i++;
      while (i < n && text.charCodeAt(i) !== 34) {
        i += text.charCodeAt(i) === 92 ? 2 : 1;
      }
      i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) { // - or a digit: a number
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text[j])) {
        j++;
      }
      const token = text.slice(i, j);
      if (String(Number(token)) !== token) {
        out += text.slice(from, i) + JSON.stringify(NUMBER_MARK + token);
        from = j;
      }
      i = j;
    } else {
      i++;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

function unmarkNumbers(text) {
  return text.indexOf('\\u0000num:') < 0 ? text : text.replace(MARKED, '$1');
}

function keepNumbersAsWritten(req, res, next) {
  const send = res.send;
  res.send = function (body) {
    if (Buffer.isBuffer(body)) {
      const text = body.toString('utf8');
      const unmarked = unmarkNumbers(text);
      return send.call(this, unmarked === text ? body : Buffer.from(unmarked, 'utf8'));
    }
    return send.call(this, typeof body === 'string' ? unmarkNumbers(body) : body);
  };
  const write = res.write;
  res.write = function (chunk, ...rest) {
    if (Buffer.isBuffer(chunk) || typeof chunk === 'string') {
      const text = chunk.toString('utf8');
      const unmarked = unmarkNumbers(text);
      if (unmarked !== text) {
        chunk = Buffer.from(unmarked, 'utf8');
      }
    }
    return write.call(this, chunk, ...rest);
  };
  const type = req.headers['content-type'] || '';
  if (!(req.method === 'POST' || req.method === 'PUT') || !type.startsWith('application/json')) {
    return next();
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('error', next);
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      req.body = text.trim() === '' ? {} : JSON.parse(markNumbers(text));
    } catch (e) {
      res.status(400).json({ error: 'bad_request', reason: 'invalid_json' });
      return;
    }
    req._body = true; // the body is read: body-parser, in express-pouchdb's routes, takes it as parsed
    next();
  });
}

let server = null;
let port = Number(process.env.PORT || 0);
const sockets = new Set();

function listen(then) {
  server = app.listen(port, '127.0.0.1', () => {
    port = server.address().port;
    then();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('error', (err) => {
    process.stderr.write('cannot listen: ' + err.message + '\n');
    process.exit(2);
  });
}

function down(then) {
  if (!server) {
    return then();
  }
  server.close(() => then());
  server = null;
  for (const socket of sockets) {
    socket.destroy();
  }
}

const printPort = () => process.stdout.write(port + '\n');

function configureAdminThenListen() {
  if (!adminUser) {
    return listen(printPort);
  }
  pouch.couchConfig.set('admins', adminUser, adminPassword, (err) => {
    if (err) {
      process.stderr.write('cannot make the admin: ' + err.message + '\n');
      process.exit(2);
    }
    listen(printPort);
  });
}

// PouchDB's replicator daemon rejects promises nobody waits for (a replication document replaced
// or deleted while its replication starts); CouchDB would log and go on, and so does this server.
process.on('unhandledRejection', (err) => {
  process.stderr.write('unhandled rejection (ignored): ' + (err && err.message) + '\n');
});

const commands = readline.createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  const ok = () => process.stdout.write('ok ' + line.trim() + '\n');
  if (command === 'delay') {
    delayMs = Number(arg) || 0;
  } else if (command === 'down') {
    return down(ok);
  } else if (command === 'up') {
    return server ? ok() : listen(ok);
  } else if (command) {
    process.stdout.write('unknown command ' + command + '\n');
    return;
  } else {
    return;
  }
  ok();
});
commands.on('close', () => process.exit(0));

configureAdminThenListen();
