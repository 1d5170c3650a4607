-- Ends a running execution with its last events, numbered from ARGV[2], if the replica ARGV[1]
-- still owns it (ARGV[1] '': whoever owns it, the events then numbered after the last one
-- stored): a cancellation may come from any replica, and its owner is then told through the
-- list it reads when renewing its lease and a message on departure:cancel. An execution with a
-- completion callback stays owned, by the replica asking, until the callback is delivered.
-- KEYS[1] the execution, KEYS[2] its events.
-- ARGV[3] status, ARGV[4] result ('': the last event's data), ARGV[5] retention (ms), ARGV[6] id,
-- ARGV[7] the replica asking, ARGV[8] lease (ms), ARGV[9] how many events, then for each: event,
-- at (ms), data. The last of them is marked as the last.
-- Returns the number of events stored, or 0 when the execution was not running (or not ARGV[1]'s).
local execution = redis.call('HMGET', KEYS[1], 'status', 'owner', 'key', 'callback')
if execution[1] ~= 'RUNNING' or (ARGV[1] ~= '' and execution[2] ~= ARGV[1]) then
  return 0
end
local stored = redis.call('XLEN', KEYS[2])
local first = stored
if ARGV[1] ~= '' then
  first = tonumber(ARGV[2])
  if stored < first then
    return -1
  end
end
local count = tonumber(ARGV[9])
local ended = ''
for i = 0, count - 1 do
  local sequence = first + i
  if sequence >= stored then
    if i == count - 1 then
      redis.call('XADD', KEYS[2], '1-' .. sequence, 'e', ARGV[10 + 3 * i], 't', ARGV[11 + 3 * i], 'd', ARGV[12 + 3 * i], 'f', '1')
    else
      redis.call('XADD', KEYS[2], '1-' .. sequence, 'e', ARGV[10 + 3 * i], 't', ARGV[11 + 3 * i], 'd', ARGV[12 + 3 * i])
    end
  end
  ended = ARGV[11 + 3 * i]
end
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'endedAt', ended, 'result', ARGV[4])
local callback = execution[4] and execution[4] ~= ''
if callback then
  redis.call('HSET', KEYS[1], 'owner', ARGV[7], 'delivery', 'pending', 'attempts', '0')
  redis.call('HDEL', KEYS[1], 'deliveredAt', 'lastError')
  redis.call('SADD', 'departure:owned:' .. ARGV[7], ARGV[6])
else
  redis.call('HDEL', KEYS[1], 'owner')
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
if execution[3] and execution[3] ~= '' then
  redis.call('PEXPIRE', 'departure:key:' .. execution[3], ARGV[5])
end
local owner = execution[2]
if owner then
  if owner ~= ARGV[7] or not callback then
    redis.call('SREM', 'departure:owned:' .. owner, ARGV[6])
  end
  if owner ~= ARGV[7] then
    redis.call('RPUSH', 'departure:lost:' .. owner, ARGV[6])
    redis.call('PEXPIRE', 'departure:lost:' .. owner, tonumber(ARGV[8]) * 6)
    redis.call('PUBLISH', 'departure:cancel', ARGV[6])
  end
end
return first + count
