-- Records how the delivery of an execution's completion callback goes, if replica ARGV[1] owes it
-- and ARGV[2] (a redrive count) is still the execution's latest end. A delivery that is over
-- (delivered, failed) is no longer owed: the execution leaves the replica's own.
-- KEYS[1] the execution. ARGV[3] pending, delivered or failed, ARGV[4] delivered at (ms) or '',
-- ARGV[5] the last error or '', ARGV[6] attempts, ARGV[7] id.
-- Returns 1 when recorded, 0 when the delivery is not this replica's to make.
local execution = redis.call('HMGET', KEYS[1], 'status', 'owner', 'redriveCount', 'delivery')
if not execution[1] or execution[1] == 'RUNNING' or execution[2] ~= ARGV[1]
    or tonumber(execution[3] or '0') ~= tonumber(ARGV[2]) or execution[4] ~= 'pending' then
  return 0
end
redis.call('HSET', KEYS[1], 'delivery', ARGV[3], 'attempts', ARGV[6])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'deliveredAt', ARGV[4])
end
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[1], 'lastError', ARGV[5])
else
  redis.call('HDEL', KEYS[1], 'lastError')
end
if ARGV[3] ~= 'pending' then
  redis.call('HDEL', KEYS[1], 'owner')
  redis.call('SREM', 'departure:owned:' .. ARGV[1], ARGV[7])
end
return 1
