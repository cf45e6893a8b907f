// Soak receiver: an HTTPS server on loopback like bench/delivery/receiver.js, except that it answers
// 500 to paths starting with /fail (the failing targets, retried by the service until it gives up)
// and 200 to everything else (the successful targets). For the successful targets it counts
// deliveries, duplicates (a webhook-id seen before: the same delivery sent again) and, per delivery,
// the time from the event's created_at (intake time) to its first arrival.
// Stats over plain HTTP:
//   GET /stats   totals since the start or the last reset: count (successful-target requests, the
//                field lib.sh reads), successes (distinct webhook-ids among them), duplicates,
//                failures (requests answered 500), first_at, last_at (epoch ms)
//   GET /sample  the deliveries whose first arrival came since the previous /sample: count, p50_ms,
//                p99_ms, max_ms; the next sample starts from here
//   POST /reset
// Memory: one entry per distinct webhook-id (about 100 bytes), so 1,000 deliveries/s for an hour
// hold some 350 MiB; the latencies are kept for one sample only.
// Usage: node receiver.js <https port> <stats port> <key> <cert>
'use strict';
const https = require('https');
const http = require('http');
const fs = require('fs');

const [httpsPort, statsPort, keyFile, certFile] = process.argv.slice(2);
let count = 0, duplicates = 0, failures = 0, firstAt = 0, lastAt = 0;
let latencies = []; // first arrivals since the last /sample
const seen = new Set();

https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.url.startsWith('/fail')) {
      failures++;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('failing target');
      return;
    }
    const now = Date.now();
    count++;
    if (!firstAt) firstAt = now;
    lastAt = now;
    const id = req.headers['webhook-id'];
    if (seen.has(id)) {
      duplicates++;
    } else {
      seen.add(id);
      // Only a delivery's first arrival gives its first-attempt latency: a repeat would add the
      // retry delay, not the engine's.
      try {
        const created = Date.parse(JSON.parse(Buffer.concat(chunks).toString()).created_at);
        if (!Number.isNaN(created)) latencies.push(now - created);
      } catch (e) { /* a request without an envelope */ }
    }
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
    count = 0; duplicates = 0; failures = 0; firstAt = 0; lastAt = 0; latencies = []; seen.clear();
    res.end('{}');
    return;
  }
  res.setHeader('content-type', 'application/json');
  if (req.url === '/sample') {
    const sorted = latencies.sort((a, b) => a - b);
    latencies = [];
    res.end(JSON.stringify({ count: sorted.length, p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99),
      max_ms: sorted[sorted.length - 1] ?? null }));
    return;
  }
  res.end(JSON.stringify({ count, successes: seen.size, duplicates, failures, first_at: firstAt, last_at: lastAt }));
}).listen(Number(statsPort), '127.0.0.1');
