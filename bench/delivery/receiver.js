// Benchmark receiver: an HTTPS server on loopback that answers 200 to everything, counts requests and
// measures, per delivery, the time from the event's created_at (intake time) to its arrival.
// Stats over plain HTTP: GET /stats, POST /reset.  Usage: node receiver.js <https port> <stats port> <key> <cert>
'use strict';
const https = require('https');
const http = require('http');
const fs = require('fs');

const [httpsPort, statsPort, keyFile, certFile] = process.argv.slice(2);
let count = 0;
let latencies = [];
let firstAt = 0;
let lastAt = 0;
const seen = new Set();
let duplicates = 0;

https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (req, res) => {
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
      if (!Number.isNaN(created)) latencies.push(now - created);
    } catch (e) { /* a baseline request without an envelope */ }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
}).listen(Number(httpsPort), '127.0.0.1');

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    count = 0; latencies = []; firstAt = 0; lastAt = 0; duplicates = 0; seen.clear();
    res.end('{}');
    return;
  }
  const sorted = latencies.slice().sort((a, b) => a - b);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ count, duplicates, first_at: firstAt, last_at: lastAt,
    p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99), max_ms: sorted[sorted.length - 1] ?? null }));
}).listen(Number(statsPort), '127.0.0.1');
