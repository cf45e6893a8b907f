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
// Memory: the distinct webhook-ids are kept as 16 bytes each in a table outside the JavaScript heap
// (IdSet below), 64 MiB to start, doubled past 2.9 million ids; the latencies are kept for one sample
// only. (Kept as strings in a Set, the ids grew this process's memory with the run, and its pauses
// land in the first-attempt latency it measures: docs/BENCHMARKS.md, "A fifth machine".)
// Usage: node receiver.js <https port> <stats port> <key> <cert>
'use strict';
const https = require('https');
const http = require('http');
const fs = require('fs');

const [httpsPort, statsPort, keyFile, certFile] = process.argv.slice(2);
let count = 0, duplicates = 0, failures = 0, firstAt = 0, lastAt = 0;
let latencies = []; // first arrivals since the last /sample

// A set of UUIDs, open addressing with linear probing over typed arrays: the garbage collector never
// walks it, however many ids it holds. An id that is not a UUID is kept in a plain Set.
class IdSet {
  constructor(bits = 22) {
    this.bits = bits;
    this.mask = (1 << bits) - 1;
    this.words = new Uint32Array(4 << bits);
    this.taken = new Uint8Array(1 << bits);
    this.others = new Set();
    this.size = 0;
  }

  /** Adds the id; false when it was there already. */
  add(id) {
    const hex = typeof id === 'string' && id.length === 36 ? id.replace(/-/g, '') : '';
    if (!/^[0-9a-f]{32}$/i.test(hex)) {
      if (this.others.has(id)) return false;
      this.others.add(id);
      this.size++;
      return true;
    }
    const w = [0, 8, 16, 24].map((i) => parseInt(hex.slice(i, i + 8), 16) >>> 0);
    if (!this.put(w)) return false;
    this.size++;
    if ((this.size - this.others.size) * 10 > 7 * (1 << this.bits)) this.grow();
    return true;
  }

  put(w) {
    let slot = (Math.imul(w[3] ^ w[1], 0x9e3779b1) >>> (32 - this.bits)) & this.mask;
    for (;; slot = (slot + 1) & this.mask) {
      if (!this.taken[slot]) {
        this.taken[slot] = 1;
        this.words.set(w, slot * 4);
        return true;
      }
      const o = slot * 4;
      if (this.words[o] === w[0] && this.words[o + 1] === w[1] && this.words[o + 2] === w[2] && this.words[o + 3] === w[3]) {
        return false;
      }
    }
  }

  grow() {
    const { words, taken } = this;
    this.bits++;
    this.mask = (1 << this.bits) - 1;
    this.words = new Uint32Array(4 << this.bits);
    this.taken = new Uint8Array(1 << this.bits);
    for (let slot = 0; slot < taken.length; slot++) {
      if (taken[slot]) this.put(Array.from(words.subarray(slot * 4, slot * 4 + 4)));
    }
  }

  clear() {
    this.words.fill(0);
    this.taken.fill(0);
    this.others.clear();
    this.size = 0;
  }
}
const seen = new IdSet();

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
    if (!seen.add(id)) {
      duplicates++;
    } else {
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
