-- Appends event number ARGV[2] of a running execution, if the replica ARGV[1] still owns it.
-- KEYS[1] the execution, KEYS[2] its events.
-- ARGV[3] event, ARGV[4] at (ms), ARGV[5] data.
-- Returns 1 when it is stored (also when an earlier try stored it), 0 when the execution is not
-- running or not this replica's, -1 when an earlier event is missing.
local execution = redis.call('HMGET', KEYS[1], 'status', 'owner')
if execution[1] ~= 'RUNNING' or execution[2] ~= ARGV[1] then
  return 0
end
local sequence = tonumber(ARGV[2])
local stored = redis.call('XLEN', KEYS[2])
if stored > sequence then
  return 1
end
if stored < sequence then
  return -1
end
redis.call('XADD', KEYS[2], '1-' .. sequence, 'e', ARGV[3], 't', ARGV[4], 'd', ARGV[5])
if sequence == 0 then
  redis.call('PEXPIRE', KEYS[2], redis.call('PTTL', KEYS[1]))
end
return 1
