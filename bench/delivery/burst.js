// Burst driver: posts <events> events to /internal/events as fast as <concurrency> keep-alive
// connections allow, round-robin over the given workspaces, each event carrying <payload bytes> of
// data. Prints what was accepted and when the first request left (ms since the epoch).
// Usage: node burst.js <base url> <internal token> <workspace ids, comma-separated> <events>
//                      [concurrency=32] [payload bytes=200] [event type=lookup.completed]
'use strict';
const http = require('http');

const [base, token, workspacesArg, eventsArg, concurrencyArg, payloadArg, typeArg] = process.argv.slice(2);
const workspaces = workspacesArg.split(',');
const events = Number(eventsArg);
const concurrency = Number(concurrencyArg || 32);
// BENCH_PADDING=random: random base64 instead of 'x's, which PostgreSQL cannot compress (large
// envelopes are then stored out of line, as real JSON of that size mostly is).
const paddingBytes = Math.max(0, Number(payloadArg || 200) - 80);
const padding = process.env.BENCH_PADDING === 'random'
  ? require('crypto').randomBytes(paddingBytes).toString('base64').slice(0, paddingBytes)
  : 'x'.repeat(paddingBytes);
const type = typeArg || 'lookup.completed';
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const url = new URL('/internal/events', base);
let next = 0, accepted = 0, failed = 0, done = 0;
const codes = {};
const startedAt = Date.now();

function post() {
  if (next >= events) return;
  const seq = next++;
  const body = JSON.stringify({ workspace_id: workspaces[seq % workspaces.length], event: type,
    data: { lookup_id: `lu_${seq}`, email: 'bench@example.com', padding } });
  const req = http.request(url, { method: 'POST', agent, headers: {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
  (res) => {
    res.resume();
    res.on('end', () => finish(res.statusCode));
  });
  req.on('error', () => finish('error'));
  req.end(body);
}

function finish(code) {
  codes[code] = (codes[code] || 0) + 1;
  if (code === 202) accepted++; else failed++;
  if (++done === events) {
    console.log(JSON.stringify({ sent: events, accepted, failed, codes, started_at: startedAt,
      intake_ms: Date.now() - startedAt }));
    agent.destroy();
  } else {
    post();
  }
}

for (let i = 0; i < Math.min(concurrency, events); i++) post();
