-- Appends events numbered from ARGV[2] of a running execution, if the replica ARGV[1] still owns it.
-- KEYS[1] the execution, KEYS[2] its events.
-- ARGV[3] how many, then for each: event, at (ms), data.
-- Returns 1 when they are stored (also when an earlier try stored some or all), 0 when the
-- execution is not running or not this replica's, -1 when an earlier event is missing.
local execution = redis.call('HMGET', KEYS[1], 'status', 'owner')
if execution[1] ~= 'RUNNING' or execution[2] ~= ARGV[1] then
  return 0
end
local first = tonumber(ARGV[2])
local stored = redis.call('XLEN', KEYS[2])
if stored < first then
  return -1
end
for i = 0, tonumber(ARGV[3]) - 1 do
  if first + i >= stored then
    redis.call('XADD', KEYS[2], '1-' .. (first + i), 'e', ARGV[4 + 3 * i], 't', ARGV[5 + 3 * i], 'd', ARGV[6 + 3 * i])
  end
end
return 1
