-- wrk script for the /flags benchmark (tests/bench/flags_bench.py): POSTs the JSON bodies of a file (one
-- per line, as posthog-node sends them), in turn, so both servers get the same requests.
-- usage: wrk -s flags.lua http://host:port/flags/?v=2 -- bodies.jsonl

local bodies = {}
local next_body = 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if #line > 0 then
      bodies[#bodies + 1] = line
    end
  end
  file:close()
  assert(#bodies > 0, "no bodies in " .. args[1])
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "posthog-node/5.74.0",
  }, bodies[next_body])
end
