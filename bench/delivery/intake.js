// Intake latency: posts <count> events one after another to /internal/events (one keep-alive
// connection) and prints the latency of each POST as p50/p99/max in milliseconds, as JSON.
// Usage: node intake.js <base url> <internal token> <workspace id> <event type> <count> <data file|->
// With count 0 it posts until it receives SIGTERM (a background load).
'use strict';
const http = require('http');
const fs = require('fs');

const [base, token, workspace, type, countArg, dataFile] = process.argv.slice(2);
const count = Number(countArg);
const data = dataFile && dataFile !== '-' ? JSON.parse(fs.readFileSync(dataFile, 'utf8')) : { remaining: 5 };
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const url = new URL('/internal/events', base);
const body = JSON.stringify({ workspace_id: workspace, event: type, data });
const latencies = [];
let failed = 0, stop = false;
process.on('SIGTERM', () => { stop = true; });

function post() {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
    (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 202) failed++;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        resolve();
      });
    });
    req.on('error', () => { failed++; resolve(); });
    req.end(body);
  });
}

(async () => {
  for (let i = 0; (count === 0 || i < count) && !stop; i++) await post();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  console.log(JSON.stringify({ events: latencies.length, failed, p50_ms: at(0.5), p99_ms: at(0.99),
    max_ms: latencies[latencies.length - 1].toFixed(2) }));
  agent.destroy();
})();
