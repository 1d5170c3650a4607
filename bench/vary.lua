-- wrk -s bench/vary.lua URL: in URL, each ~n becomes a number from 1000 to 9999 and each ~a two
-- letters, drawn for each request: a flight AR~n from airport Z~a makes every request a different
-- departure with its own forecast, so that coalescing cannot merge their calls, as with real traffic.
local template
init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  template = wrk.path
end
local function letter() return string.char(64 + math.random(26)) end
request = function()
  local path = template:gsub("~n", function() return tostring(math.random(1000, 9999)) end)
  path = path:gsub("~a", function() return letter() .. letter() end)
  return wrk.format(nil, path)
end
