-- wrk script for the point-query benchmark (docs/benchmarks.md): random keys of the replay benchmark's view, each
-- connection pausing PACE_MS milliseconds between requests, so 16 connections make about 16 / (PACE_MS + latency)
-- requests per millisecond. wrk is closed-loop: a stalled connection also delays its next request, so its tail
-- understates what an open-loop client (the harness's own, PointQueryLoad) measures at the same rate.
math.randomseed(42)
local pace = tonumber(os.getenv("PACE_MS") or "2.6")

request = function()
  return wrk.format("GET", "/views/orders_daily/keys/c" .. math.random(0, 99999))
end

delay = function()
  return pace
end
