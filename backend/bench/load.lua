-- wrk script of make bench (scripts/bench.sh): one kind of request, and one JSON line of figures.
--   wrk ... -s load.lua <base-url> -- <kind> <path-prefix> <tag> [max-id]
--   kind: get (the URL as given), ids (GET <prefix>/items/<random id from 1 to max-id>),
--         post (POST <prefix>/items, a new name each: "bench <tag> <thread> <n>")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread", #threads)
end

function init(args)
  kind, prefix, tag, max_id = args[1], args[2], args[3], tonumber(args[4])
  count = 0
  math.randomseed(os.time() * 100 + thread)
end

function request()
  if kind == "ids" then
    return wrk.format("GET", prefix .. "/items/" .. math.random(1, max_id))
  elseif kind == "post" then
    count = count + 1
    local body = string.format('{"name":"bench %s %d %d"}', tag, thread, count)
    return wrk.format("POST", prefix .. "/items", { ["Content-Type"] = "application/json" }, body)
  end
  return wrk.request()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"p50":%.3f,"p99":%.3f,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
