-- wrk script for bench/run: each request asks for a random incident between
-- INCIDENT_FIRST and INCIDENT_LAST (incident numbers), so nearly every page view misses the
-- server's kept copies of incident pages.
local first = tonumber(os.getenv("INCIDENT_FIRST") or "1")
local last = tonumber(os.getenv("INCIDENT_LAST") or "10000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/incidents/" .. math.random(first, last))
end
