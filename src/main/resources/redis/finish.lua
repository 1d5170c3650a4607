-- Ends a running execution with its last event, numbered ARGV[2], if the replica ARGV[1] still
-- owns it (ARGV[1] '': whoever owns it, the event then numbered after the last one stored): a
-- cancellation may come from any replica, and its owner is then told through the list it reads
-- when renewing its lease and a message on departure:cancel.
-- KEYS[1] the execution, KEYS[2] its events.
-- ARGV[3] event, ARGV[4] at (ms), ARGV[5] data, ARGV[6] status, ARGV[7] result ('': the last
-- event's data), ARGV[8] retention (ms), ARGV[9] id, ARGV[10] the replica asking, ARGV[11] lease (ms).
-- Returns the last event's number + 1, or 0 when the execution was not running (or not ARGV[1]'s).
local execution = redis.call('HMGET', KEYS[1], 'status', 'owner', 'key')
if execution[1] ~= 'RUNNING' or (ARGV[1] ~= '' and execution[2] ~= ARGV[1]) then
  return 0
end
local sequence = redis.call('XLEN', KEYS[2])
if ARGV[1] ~= '' and sequence ~= tonumber(ARGV[2]) then
  return -1
end
redis.call('XADD', KEYS[2], '1-' .. sequence, 'e', ARGV[3], 't', ARGV[4], 'd', ARGV[5], 'f', '1')
redis.call('HSET', KEYS[1], 'status', ARGV[6], 'endedAt', ARGV[4], 'result', ARGV[7])
redis.call('HDEL', KEYS[1], 'owner')
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
if execution[3] and execution[3] ~= '' then
  redis.call('PEXPIRE', 'departure:key:' .. execution[3], ARGV[8])
end
local owner = execution[2]
if owner then
  redis.call('SREM', 'departure:owned:' .. owner, ARGV[9])
  if owner ~= ARGV[10] then
    redis.call('RPUSH', 'departure:lost:' .. owner, ARGV[9])
    redis.call('PEXPIRE', 'departure:lost:' .. owner, tonumber(ARGV[11]) * 6)
    redis.call('PUBLISH', 'departure:cancel', ARGV[9])
  end
end
return sequence + 1
