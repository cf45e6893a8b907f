// Benchmark receiver: an HTTPS server on loopback that answers 200 to everything, counts requests and
// measures, per delivery, the time from the event's created_at (intake time) to its arrival.
// Stats over plain HTTP: GET /stats, GET /windows (the same latencies per 10 s of arrival),
// GET /range?from=<epoch ms>&to=<epoch ms> (those that arrived then), POST /reset.
// Usage: node receiver.js <https port> <stats port> <key> <cert>
'use strict';
const https = require('https');
const http = require('http');
const fs = require('fs');

const [httpsPort, statsPort, keyFile, certFile] = process.argv.slice(2);
let count = 0;
let latencies = [];
let arrivals = []; // arrival time of each entry of latencies
let firstAt = 0;
let lastAt = 0;
const seen = new Set();
let duplicates = 0;
let tlsConnections = 0; // TLS handshakes completed, and how many of them resumed a session
let tlsResumed = 0;

const server = https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    count++;
    if (!firstAt) firstAt = now;
    lastAt = now;
    const id = req.headers['webhook-id'];
    if (seen.has(id)) duplicates++; else seen.add(id);
    try {
      const created = Date.parse(JSON.parse(Buffer.concat(chunks).toString()).created_at);
      if (!Number.isNaN(created)) { latencies.push(now - created); arrivals.push(now); }
    } catch (e) { /* a baseline request without an envelope */ }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
});
server.on('secureConnection', (socket) => {
  tlsConnections++;
  if (socket.isSessionReused()) tlsResumed++;
});
server.listen(Number(httpsPort), '127.0.0.1');

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// count, p50, p99 and max of some latencies
function summary(latencyList) {
  const sorted = latencyList.slice().sort((a, b) => a - b);
  return { count: sorted.length, p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99),
    max_ms: sorted[sorted.length - 1] ?? null };
}

http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    count = 0; latencies = []; arrivals = []; firstAt = 0; lastAt = 0; duplicates = 0; seen.clear();
    tlsConnections = 0; tlsResumed = 0;
    res.end('{}');
    return;
  }
  res.setHeader('content-type', 'application/json');
  if (req.url === '/windows') {
    // per 10 s of arrival time: { start (epoch ms), count, p50_ms, p99_ms, max_ms }
    const windows = new Map();
    latencies.forEach((l, i) => {
      const start = arrivals[i] - (arrivals[i] % 10000);
      if (!windows.has(start)) windows.set(start, []);
      windows.get(start).push(l);
    });
    res.end(JSON.stringify([...windows].sort((a, b) => a[0] - b[0]).map(([start, ls]) => ({ start, ...summary(ls) }))));
    return;
  }
  const range = req.url.match(/^\/range\?from=(\d+)&to=(\d+)$/);
  if (range) {
    // the deliveries that arrived from..to (epoch ms)
    res.end(JSON.stringify(summary(latencies.filter((l, i) => arrivals[i] >= Number(range[1]) && arrivals[i] < Number(range[2])))));
    return;
  }
  // count is every request (baseline ones too); the latencies are those of deliveries
  const { p50_ms, p99_ms, max_ms } = summary(latencies);
  res.end(JSON.stringify({ count, duplicates, first_at: firstAt, last_at: lastAt, p50_ms, p99_ms, max_ms,
    tls_connections: tlsConnections, tls_resumed: tlsResumed }));
}).listen(Number(statsPort), '127.0.0.1');
