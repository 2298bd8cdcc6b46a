-- wrk script for the /batch/ and /flags/ benchmarks (tests/bench/events_bench.py, flags_bench.py): POSTs
-- the JSON bodies of a file (one per line, as the SDK named sends them), in turn, so both servers get the
-- same requests.
-- usage: wrk -s posts.lua http://host:port/batch/ -- bodies.jsonl [user-agent]

local bodies = {}
local next_body = 0
local user_agent = "posthog-python/7.91.1"

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if #line > 0 then
      bodies[#bodies + 1] = line
    end
  end
  file:close()
  if args[2] then
    user_agent = args[2]
  end
  assert(#bodies > 0, "no bodies in " .. args[1])
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = user_agent,
  }, bodies[next_body])
end
