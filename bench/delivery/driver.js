// Benchmark driver: posts events to /internal/events at a fixed rate for a fixed time, over keep-alive
// connections. Usage: node driver.js <base url> <internal token> <workspace id> <events per second> <seconds>
'use strict';
const http = require('http');

const [base, token, workspace, rateArg, secondsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const url = new URL('/internal/events', base);
let sent = 0, accepted = 0, failed = 0, inFlight = 0;
const codes = {};   // HTTP status (or 'error' for no answer) -> count

function post(seq) {
  const body = JSON.stringify({ workspace_id: workspace, event: 'lookup.completed',
    data: { lookup_id: `lu_${seq}`, email: 'bench@example.com' } });
  inFlight++;
  const req = http.request(url, { method: 'POST', agent, headers: {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
  (res) => {
    res.resume();
    res.on('end', () => {
      inFlight--; codes[res.statusCode] = (codes[res.statusCode] || 0) + 1;
      if (res.statusCode === 202) accepted++; else failed++;
    });
  });
  req.on('error', () => { inFlight--; failed++; codes.error = (codes.error || 0) + 1; });
  req.end(body);
}

const started = Date.now();
const tickMs = 10;
const timer = setInterval(() => {
  const due = Math.floor(((Date.now() - started) / 1000) * rate);
  while (sent < due) post(sent++);
  if (Date.now() - started >= seconds * 1000) {
    clearInterval(timer);
    const wait = setInterval(() => {
      if (inFlight === 0) {
        clearInterval(wait);
        console.log(JSON.stringify({ sent, accepted, failed, codes, seconds: (Date.now() - started) / 1000 }));
        agent.destroy();
      }
    }, 20);
  }
}, tickMs);
