// Fault-suite receiver: HTTPS on loopback. MODE (env): ok | slow (answers after 10 s) | flap (503 in
// alternate 3 s windows) | reset (drops every third connection mid-request) | hang (accepts, reads,
// never answers); DELAY_MS delays every answer. Tracks, per webhook-id, arrival times and outcome, concurrent requests overall, and the same
// id in flight twice at once. Stats over plain HTTP: GET /stats.
// For ordered (fifo) webhooks it also tracks, per path (one path per webhook), the order in which each
// event's data.n first arrived and requests that arrived while another one to the same path was still
// open (neither answered nor closed): GET /fifo. For rate-limited webhooks, the busiest 10 s and 1 s
// windows of request starts per path: GET /pace.
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
// Per path: n of each first arrival with its arrival number (requests are numbered as they arrive, before
// their body is read), the n answered 200, requests, requests open now, and arrivals while one was open.
const paths = new Map();
const lane = (path) => {
  if (!paths.has(path)) paths.set(path, { first: new Map(), ok: new Set(), requests: 0, open: 0, overlaps: 0, times: [] });
  return paths.get(path);
};

https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (req, res) => {
  const id = req.headers['webhook-id'];
  requests++;
  const arrival = requests;
  const path = lane(req.url);
  path.requests++;
  path.times.push(Date.now());
  if (path.open > 0) path.overlaps++;
  path.open++;
  let n;
  inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
  if (active.has(id)) overlaps++;
  active.add(id);
  if (!arrivals.has(id)) arrivals.set(id, []);
  arrivals.get(id).push(Date.now());
  let finished = false;
  const done = (status) => {
    if (finished) return;
    finished = true; inFlight--; active.delete(id); path.open--;
    if (status === 200) succeeded.add(id);
    if (status === 200 && n !== undefined) path.ok.add(n);
    if (status) { res.writeHead(status); res.end(status === 200 ? 'ok' : 'no'); }
  };
  // The client gave up (deadline) or the connection was dropped: no longer in flight.
  const arrived = Date.now();
  res.on('close', () => { if (!finished) held.push(Date.now() - arrived); done(0); });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const data = JSON.parse(Buffer.concat(chunks).toString()).data;
      if (data && Number.isInteger(data.n)) n = data.n;
    } catch (e) { /* not an event envelope: not part of any order */ }
    if (n !== undefined && !path.first.has(n)) path.first.set(n, arrival);
    if (MODE === 'reset' && requests % 3 === 0) { done(0); req.socket.destroy(); return; }
    if (MODE === 'hang') return;
    if (MODE === 'flap' && Math.floor((Date.now() - started) / 3000) % 2 === 0) { setTimeout(() => done(503), DELAY_MS); return; }
    setTimeout(() => done(200), MODE === 'slow' ? 10000 : DELAY_MS);
  });
}).listen(Number(httpsPort), '127.0.0.1');

// Per path: distinct n seen and answered 200, requests beyond the first of each n, order violations
// (an n whose first arrival came after the first arrival of a larger n), overlaps, and the n answered 200.
function fifoStats() {
  const result = {};
  for (const [name, path] of paths) {
    const order = [...path.first.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n);
    let highest = -Infinity, violations = 0;
    for (const n of order) { if (n < highest) violations++; else highest = n; }
    result[name] = { requests: path.requests, distinct: order.length, delivered: path.ok.size,
      repeats: path.requests - order.length, violations, overlaps: path.overlaps,
      delivered_n: [...path.ok].sort((a, b) => a - b) };
  }
  return result;
}

// Per path: how many requests started in the busiest window of 10 s and of 1 s, and from the first
// request to the last (for a rate-limited webhook: never faster than its limit, never slower).
function paceStats() {
  const result = {};
  for (const [name, path] of paths) {
    const t = path.times;
    const busiest = (ms) => { let most = 0; for (let i = 0, j = 0; i < t.length; i++) {
      while (t[i] - t[j] >= ms) j++; most = Math.max(most, i - j + 1); } return most; };
    const perSecond = [];
    for (const at of t) { const s = Math.floor((at - t[0]) / 1000); perSecond[s] = (perSecond[s] || 0) + 1; }
    result[name] = { requests: t.length, busiest_10s: busiest(10000), busiest_1s: busiest(1000),
      span_ms: t.length ? t[t.length - 1] - t[0] : 0, per_second: Array.from(perSecond, (n) => n || 0) };
  }
  return result;
}

http.createServer((req, res) => {
  if (req.url === '/pace') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(paceStats()));
    return;
  }
  if (req.url === '/fifo') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(fifoStats()));
    return;
  }
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
