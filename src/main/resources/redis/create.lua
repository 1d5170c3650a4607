-- Records a new running execution owned by a replica, with its first event, or answers the one
-- an idempotency key names.
-- KEYS[1] the execution, KEYS[2] its events, KEYS[3] its idempotency key (the execution's own key
-- when there is none), KEYS[4] the owner's set of running executions.
-- ARGV[1] id, ARGV[2] query, ARGV[3] origin, ARGV[4] started at (ms), ARGV[5] deadline (ms), ARGV[6] owner,
-- ARGV[7] time to live (ms), ARGV[8] idempotency key or '', ARGV[9] the first event, ARGV[10] its data,
-- ARGV[11] its completion callback's URL or ''.
-- Returns { id } when created, { id, query, callback } of the execution the key names.
if ARGV[8] ~= '' then
  local prior = redis.call('GET', KEYS[3])
  if prior then
    local named = redis.call('HMGET', 'departure:{' .. prior .. '}', 'query', 'callback')
    if named[1] then
      return { prior, named[1], named[2] or '' }
    end
  end
end
redis.call('HSET', KEYS[1], 'query', ARGV[2], 'origin', ARGV[3], 'startedAt', ARGV[4], 'deadline', ARGV[5],
  'status', 'RUNNING', 'owner', ARGV[6], 'key', ARGV[8], 'callback', ARGV[11])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('XADD', KEYS[2], '1-0', 'e', ARGV[9], 't', ARGV[4], 'd', ARGV[10])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
redis.call('SADD', KEYS[4], ARGV[1])
if ARGV[8] ~= '' then
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[7])
end
return { ARGV[1] }
