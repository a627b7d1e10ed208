'use strict';

// A CouchDB-API server for the tests of writer-couchdb: express-pouchdb over in-memory PouchDB.
// No CouchDB package exists for the build machines; this starts in half a second and needs no
// native build (shared/NOTES.md).
//
//   node server.js            listens on 127.0.0.1, on PORT if set, else on a free port
//
// The first line of standard output is the port. Then, one line per command read on standard
// input, it answers "ok COMMAND":
//
//   delay MS                  every request is answered MS milliseconds late (0: on time)
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
  .plugin(require('pouchdb-replication'))
  .defaults({ adapter: 'memory' });

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
app.use('/', pouch);

function listen() {
  const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    process.stdout.write(server.address().port + '\n');
  });
  server.on('error', (err) => {
    process.stderr.write('cannot listen: ' + err.message + '\n');
    process.exit(2);
  });
}

function configureAdminThenListen() {
  if (!adminUser) {
    return listen();
  }
  pouch.couchConfig.set('admins', adminUser, adminPassword, (err) => {
    if (err) {
      process.stderr.write('cannot make the admin: ' + err.message + '\n');
      process.exit(2);
    }
    listen();
  });
}

const commands = readline.createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'delay') {
    delayMs = Number(arg) || 0;
  } else if (command) {
    process.stdout.write('unknown command ' + command + '\n');
    return;
  } else {
    return;
  }
  process.stdout.write('ok ' + line.trim() + '\n');
});
commands.on('close', () => process.exit(0));

configureAdminThenListen();
