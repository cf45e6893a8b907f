// Fault-suite driver for ordered webhooks: posts events to /internal/events one at a time for a fixed
// time, each only after the previous one was answered, taking the base URLs in turn. Event n (from 1)
// carries data.n, so that a receiver can check the order it sees against the order of the 202s.
// Prints {sent, accepted, failed, codes, seconds} and writes the n of every event answered 202, one a
// line, to <accepted file>.
// Usage: node sequential.js <internal token> <workspace id> <seconds> <accepted file> <base url>...
'use strict';
const http = require('http');
const fs = require('fs');

const [token, workspace, secondsArg, acceptedFile, ...bases] = process.argv.slice(2);
const seconds = Number(secondsArg);
// One keep-alive connection per instance: a post is never waiting behind another anyway.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const urls = bases.map(base => new URL('/internal/events', base));
const codes = {};   // HTTP status (or 'error' for no answer) -> count
const accepted = [];
let sent = 0;

function post(n) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ workspace_id: workspace, event: 'lookup.completed',
      data: { n, lookup_id: `lu_${n}`, email: 'bench@example.com' } });
    const req = http.request(urls[(n - 1) % urls.length], { method: 'POST', agent, timeout: 10000, headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
    (res) => {
      res.resume();
      res.on('end', () => { codes[res.statusCode] = (codes[res.statusCode] || 0) + 1; resolve(res.statusCode); });
    });
    // An event whose answer never came may still have been stored; it is not counted as accepted, and
    // the next one is posted only after this one gave up.
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => { codes.error = (codes.error || 0) + 1; resolve(0); });
    req.end(body);
  });
}

(async () => {
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const n = ++sent;
    if (await post(n) === 202) accepted.push(n);
  }
  fs.writeFileSync(acceptedFile, accepted.join('\n') + '\n');
  console.log(JSON.stringify({ sent, accepted: accepted.length, failed: sent - accepted.length, codes,
    seconds: (Date.now() - started) / 1000 }));
  agent.destroy();
})();
