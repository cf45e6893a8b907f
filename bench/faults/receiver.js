// Fault-suite receiver: HTTPS on loopback. MODE (env): ok | slow (answers after 10 s) | flap (503 in
// alternate 3 s windows) | reset (drops every third connection mid-request) | hang (accepts, reads,
// never answers); DELAY_MS delays every answer. Tracks, per webhook-id, arrival times and outcome, concurrent requests overall, and the same
// id in flight twice at once. Stats over plain HTTP: GET /stats.
// Usage: node receiver.js <https port> <stats port> <key> <cert>
'use strict';
const https = require('https');
const http = require('http');
const fs = require('fs');

const [httpsPort, statsPort, keyFile, certFile] = process.argv.slice(2);
const MODE = process.env.MODE || 'ok';
const DELAY_MS = Number(process.env.DELAY_MS || 0);
const started = Date.now();
let requests = 0, inFlight = 0, maxInFlight = 0, overlaps = 0;
const held = [];   // how long each abandoned request stayed open (ms), for the deadline
const arrivals = new Map();   // webhook-id -> [ms]
const succeeded = new Set();
const active = new Set();

https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (req, res) => {
  const id = req.headers['webhook-id'];
  requests++;
  inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
  if (active.has(id)) overlaps++;
  active.add(id);
  if (!arrivals.has(id)) arrivals.set(id, []);
  arrivals.get(id).push(Date.now());
  let finished = false;
  const done = (status) => {
    if (finished) return;
    finished = true; inFlight--; active.delete(id);
    if (status === 200) succeeded.add(id);
    if (status) { res.writeHead(status); res.end(status === 200 ? 'ok' : 'no'); }
  };
  // The client gave up (deadline) or the connection was dropped: no longer in flight.
  const arrived = Date.now();
  res.on('close', () => { if (!finished) held.push(Date.now() - arrived); done(0); });
  req.resume();
  req.on('end', () => {
    if (MODE === 'reset' && requests % 3 === 0) { done(0); req.socket.destroy(); return; }
    if (MODE === 'hang') return;
    if (MODE === 'flap' && Math.floor((Date.now() - started) / 3000) % 2 === 0) { setTimeout(() => done(503), DELAY_MS); return; }
    setTimeout(() => done(200), MODE === 'slow' ? 10000 : DELAY_MS);
  });
}).listen(Number(httpsPort), '127.0.0.1');

http.createServer((req, res) => {
  const gaps = [];
  for (const times of arrivals.values()) for (let i = 1; i < times.length; i++) gaps.push([i, times[i] - times[i - 1]]);
  const byAttempt = {};
  for (const [i, g] of gaps) (byAttempt[i] = byAttempt[i] || []).push(g);
  const medianGaps = Object.fromEntries(Object.entries(byAttempt).map(([i, list]) => {
    list.sort((a, b) => a - b); return [i, list[Math.floor(list.length / 2)]];
  }));
  let duplicates = 0;
  for (const times of arrivals.values()) duplicates += times.length - 1;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ requests, ids: arrivals.size, succeeded: succeeded.size, repeats: duplicates, overlaps,
    max_in_flight: maxInFlight, median_gap_ms_after_attempt: medianGaps,
    abandoned: held.length, abandoned_max_ms: held.length ? Math.max(...held) : 0,
    abandoned_median_ms: held.length ? held.slice().sort((a, b) => a - b)[Math.floor(held.length / 2)] : 0,
    last_arrival_ms: Math.max(0, ...[...arrivals.values()].map(t => t[t.length - 1])) }));
}).listen(Number(statsPort), '127.0.0.1');
