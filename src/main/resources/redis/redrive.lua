-- Runs again an execution that ended PARTIAL or FAILED, owned from now on by replica ARGV[1], or
-- answers the redrive an idempotency key names.
-- KEYS[1] the execution, KEYS[2] its events, KEYS[3] the redrive's idempotency key (the execution's
-- own key when there is none).
-- ARGV[1] replica, ARGV[2] now (ms), ARGV[3] deadline (ms), ARGV[4] time to live (ms), ARGV[5] the
-- idempotency key or '', ARGV[6] id, ARGV[7] lease (ms).
-- Returns { 'redriven', number }, { 'again', id } (the key's redrive, of execution id),
-- { 'unknown' }, or { 'status', status } for one that cannot be redriven.
if ARGV[5] ~= '' then
  local prior = redis.call('GET', KEYS[3])
  if prior then
    return { 'again', prior }
  end
end
local execution = redis.call('HMGET', KEYS[1], 'status', 'owner', 'redriveCount')
if not execution[1] then
  return { 'unknown' }
end
if execution[1] ~= 'PARTIAL' and execution[1] ~= 'FAILED' then
  return { 'status', execution[1] }
end
local number = tonumber(execution[3] or '0') + 1
local sequence = redis.call('XLEN', KEYS[2])
redis.call('XADD', KEYS[2], '1-' .. sequence, 'e', 'redrive', 't', ARGV[2],
  'd', '{"number":' .. number .. ',"previousStatus":"' .. execution[1] .. '"}')
-- A replica that still owed the previous end's callback stops delivering it.
local owner = execution[2]
if owner and owner ~= ARGV[1] then
  redis.call('SREM', 'departure:owned:' .. owner, ARGV[6])
  redis.call('RPUSH', 'departure:lost:' .. owner, ARGV[6])
  redis.call('PEXPIRE', 'departure:lost:' .. owner, tonumber(ARGV[7]) * 6)
end
redis.call('HSET', KEYS[1], 'status', 'RUNNING', 'owner', ARGV[1], 'origin', 'ASYNC', 'deadline', ARGV[3],
  'redriveCount', number, 'redrivenAt', ARGV[2])
redis.call('HDEL', KEYS[1], 'endedAt', 'result', 'delivery', 'deliveredAt', 'attempts', 'lastError')
redis.call('SADD', 'departure:owned:' .. ARGV[1], ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
local key = redis.call('HGET', KEYS[1], 'key')
if key and key ~= '' then
  redis.call('PEXPIRE', 'departure:key:' .. key, ARGV[4])
end
if ARGV[5] ~= '' then
  redis.call('SET', KEYS[3], ARGV[6], 'PX', ARGV[4])
end
return { 'redriven', number }
