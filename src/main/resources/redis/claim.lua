-- Replica ARGV[1] takes over the running executions of every replica whose lease has lapsed, and
-- the completion callbacks they owed (ended executions whose delivery is pending).
-- Returns the ids it now owns. Each lapsed replica is told, should it come back, through its list
-- of lost executions (kept for ARGV[2] ms).
local claimed = {}
for _, replica in ipairs(redis.call('SMEMBERS', 'departure:replicas')) do
  if replica ~= ARGV[1] and redis.call('EXISTS', 'departure:replica:' .. replica) == 0 then
    local owned = 'departure:owned:' .. replica
    for _, id in ipairs(redis.call('SMEMBERS', owned)) do
      local key = 'departure:{' .. id .. '}'
      local execution = redis.call('HMGET', key, 'status', 'owner', 'delivery')
      if (execution[1] == 'RUNNING' or execution[3] == 'pending') and execution[2] == replica then
        redis.call('HSET', key, 'owner', ARGV[1])
        redis.call('SADD', 'departure:owned:' .. ARGV[1], id)
        redis.call('RPUSH', 'departure:lost:' .. replica, id)
        claimed[#claimed + 1] = id
      end
    end
    redis.call('PEXPIRE', 'departure:lost:' .. replica, ARGV[2])
    redis.call('DEL', owned)
    redis.call('SREM', 'departure:replicas', replica)
  end
end
return claimed
