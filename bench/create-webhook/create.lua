-- wrk script: POST /api/webhooks with a valid body and a URL unique to the run, thread and request,
-- rotating over the workspace keys given in BENCH_KEYS.
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

function init(args)
  counter = 0
  prefix = string.format("%s-%d", os.getenv("BENCH_RUN") or "run", tid)
  keys = {}
  for key in string.gmatch(os.getenv("BENCH_KEYS"), "[^,]+") do
    keys[#keys + 1] = key
  end
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  headers["Authorization"] = "Bearer " .. keys[(counter + tid) % #keys + 1]
  local body = string.format(
    '{"url":"https://bench.example.com/%s/%d","events":["lookup.completed","credits.low"],"description":"benchmark"}',
    prefix, counter)
  return wrk.format("POST", "/api/webhooks", headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
