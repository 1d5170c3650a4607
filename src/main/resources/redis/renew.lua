-- Renews the lease of replica ARGV[1] for ARGV[2] ms and answers the executions it has lost since
-- (cancelled from another replica, or taken over while its lease had lapsed).
redis.call('SET', 'departure:replica:' .. ARGV[1], '1', 'PX', ARGV[2])
redis.call('SADD', 'departure:replicas', ARGV[1])
local key = 'departure:lost:' .. ARGV[1]
local lost = redis.call('LRANGE', key, 0, -1)
redis.call('DEL', key)
return lost
