"""The Lua scripts that change a distributed crawl's shared state, each one atomic in Redis."""

from __future__ import annotations

# Every script takes the crawl's key prefix as ARGV[1] and reads the clock with TIME (ms since
# the epoch), so workers on machines with skewed clocks agree: times a worker measured itself are
# passed as durations ("answered this long ago"), never as timestamps.
_CLOCK = """
local p = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# Put a leased request back into its host's queue. Its worker may have sent it just before it
# stopped, so the host waits one known delay from now.
_REQUEUE = """
local function requeue(id)
  local lkey = p .. 'lease:' .. id
  local f = redis.call('HMGET', lkey, 'host', 'member', 'score')
  redis.call('DEL', lkey)
  redis.call('ZREM', p .. 'leases', id)
  if not f[1] then return 0 end
  local host = f[1]
  if redis.call('HGET', p .. 'inflight', host) == tostring(id) then
    redis.call('HDEL', p .. 'inflight', host)
  end
  redis.call('ZADD', p .. 'q:' .. host, f[3], f[2])
  redis.call('INCR', p .. 'queued')
  local delay = tonumber(redis.call('HGET', p .. 'delays', host) or '0') * 1000
  local nxt = math.max(tonumber(redis.call('HGET', p .. 'hostnext', host) or '0'), now + delay)
  redis.call('HSET', p .. 'hostnext', host, nxt)
  if redis.call('HEXISTS', p .. 'inflight', host) == 0 then
    redis.call('ZADD', p .. 'hosts', nxt, host)
  end
  return 1
end
"""

# ARGV: prefix, host, member (request JSON), score, fingerprint ('' = not filtered),
# portal ('' = not counted against a page budget), max pages (0 = no budget).
# Returns {1 queued | -1 seen before | -2 budget spent, pages of the portal}.
PUSH = (
    _CLOCK
    + """
local host, fp, portal = ARGV[2], ARGV[5], ARGV[6]
local pages = 0
if fp ~= '' and redis.call('SISMEMBER', p .. 'dupefilter', fp) == 1 then return {-1, 0} end
if portal ~= '' then
  pages = tonumber(redis.call('HGET', p .. 'pages', portal) or '0')
  local budget = tonumber(ARGV[7])
  if budget > 0 and pages >= budget then return {-2, pages} end
  pages = redis.call('HINCRBY', p .. 'pages', portal, 1)
end
if fp ~= '' then redis.call('SADD', p .. 'dupefilter', fp) end
local seq = redis.call('INCR', p .. 'seq')
local member = string.format('%012d', seq) .. '|' .. ARGV[3]
redis.call('ZADD', p .. 'q:' .. host, tonumber(ARGV[4]), member)
redis.call('INCR', p .. 'queued')
if redis.call('HEXISTS', p .. 'inflight', host) == 0 then
  local nxt = tonumber(redis.call('HGET', p .. 'hostnext', host) or '0')
  redis.call('ZADD', p .. 'hosts', 'NX', nxt, host)
end
return {1, pages}
"""
)

# ARGV: prefix, owner (worker instance), lease ttl ms, hosts to look at.
# Takes the first request of the host ready longest (next-allowed <= now, nothing in flight),
# marks the host in flight and leases the request to ``owner``.
# Returns {lease id, member, published delay, given-up reason} or {0, ms until a host is ready
# (-1: no host has queued work)}.
POP = (
    _CLOCK
    + """
local ready = redis.call('ZRANGEBYSCORE', p .. 'hosts', '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
for _, host in ipairs(ready) do
  redis.call('ZREM', p .. 'hosts', host)
  if redis.call('HEXISTS', p .. 'inflight', host) == 0 then
    local popped = redis.call('ZPOPMIN', p .. 'q:' .. host)
    if popped[1] then
      redis.call('DECR', p .. 'queued')
      local id = redis.call('INCR', p .. 'seq')
      redis.call('HSET', p .. 'lease:' .. id, 'owner', ARGV[2], 'host', host,
                 'member', popped[1], 'score', popped[2], 'taken', now)
      redis.call('ZADD', p .. 'leases', now + tonumber(ARGV[3]), id)
      redis.call('HSET', p .. 'inflight', host, id)
      return {id, popped[1], redis.call('HGET', p .. 'delays', host) or '',
              redis.call('HGET', p .. 'givenup', host) or ''}
    end
  end
end
local first = redis.call('ZRANGE', p .. 'hosts', 0, 0, 'WITHSCORES')
if first[2] then return {0, math.max(0, tonumber(first[2]) - now)} end
return {0, -1}
"""
)

# ARGV: prefix, lease id, ms since the host last answered under this lease (-1: never
# contacted), delay ms the worker keeps for the host, margin ms, pause ms still to run (0: none),
# its reason, and the step: 'answered' (the leased request's answer arrived: the host is free,
# the lease stays until the request is done) or 'done' (the lease goes; the host is freed too
# if no answer freed it).
# Freeing the host sets its next-allowed time to answer + delay (the largest delay any worker
# published, plus the margin, at least), or to the end of a pause.
# Returns ms until the host is next allowed (0 when this step left the host alone), -1 when the
# lease was gone (expired and taken back).
RELEASE_HOST = (
    _CLOCK
    + """
local id, step = ARGV[2], ARGV[8]
local lkey = p .. 'lease:' .. id
local lease = redis.call('HMGET', lkey, 'host', 'answered')
local host = lease[1]
if not host then return -1 end
if step == 'done' then
  redis.call('DEL', lkey)
  redis.call('ZREM', p .. 'leases', id)
  if lease[2] then return 0 end
elseif lease[2] then
  return 0
else
  redis.call('HSET', lkey, 'answered', now)
end
if redis.call('HGET', p .. 'inflight', host) == id then
  redis.call('HDEL', p .. 'inflight', host)
end
local nxt = tonumber(redis.call('HGET', p .. 'hostnext', host) or '0')
local since = tonumber(ARGV[3])
if since >= 0 then
  local delay = tonumber(ARGV[4])
  local floor = tonumber(redis.call('HGET', p .. 'delays', host) or '0') * 1000 + tonumber(ARGV[5])
  if floor > delay then delay = floor end
  nxt = math.max(nxt, now - since + delay)
end
local pause = tonumber(ARGV[6])
if pause > 0 then
  nxt = math.max(nxt, now + pause)
  redis.call('HSET', p .. 'paused', host, string.format('%d', now + pause) .. ' ' .. ARGV[7])
end
redis.call('HSET', p .. 'hostnext', host, string.format('%d', nxt))
local busy = redis.call('HEXISTS', p .. 'inflight', host) == 1
if not busy and redis.call('ZCARD', p .. 'q:' .. host) > 0 then
  redis.call('ZADD', p .. 'hosts', nxt, host)
end
return math.max(0, nxt - now)
"""
)

# ARGV: prefix, host, pause ms, reason. Nothing goes to the host before the pause ends.
PAUSE_HOST = (
    _CLOCK
    + """
local host = ARGV[2]
local nxt = tonumber(redis.call('HGET', p .. 'hostnext', host) or '0')
nxt = math.max(nxt, now + tonumber(ARGV[3]))
redis.call('HSET', p .. 'hostnext', host, string.format('%d', nxt))
redis.call('HSET', p .. 'paused', host, string.format('%d', nxt) .. ' ' .. ARGV[4])
redis.call('ZADD', p .. 'hosts', 'XX', 'GT', nxt, host)
return 1
"""
)

# ARGV: prefix, owner, ttl ms, worker info JSON, then the lease ids the worker holds.
# The worker is alive: its registration and its leases live another ttl. Then the reaper, which
# any worker runs: leases past their expiry (their worker stopped) go back to their host queue,
# dead workers are forgotten, and a dead worker's unfinished seeding claim is voided.
# Returns {leases reaped, ids of the given leases that were no longer this worker's...}.
HEARTBEAT = (
    _CLOCK
    + _REQUEUE
    + """
local owner, ttl = ARGV[2], tonumber(ARGV[3])
redis.call('ZADD', p .. 'workers', now + ttl, owner)
redis.call('HSET', p .. 'workerinfo', owner, ARGV[4])
local out = {0}
for i = 5, #ARGV do
  if redis.call('HGET', p .. 'lease:' .. ARGV[i], 'owner') == owner then
    redis.call('ZADD', p .. 'leases', 'XX', now + ttl, ARGV[i])
  else
    table.insert(out, ARGV[i])
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. 'leases', '-inf', now, 'LIMIT', 0, 1000)) do
  out[1] = out[1] + requeue(id)
end
for _, w in ipairs(redis.call('ZRANGEBYSCORE', p .. 'workers', '-inf', now)) do
  redis.call('ZREM', p .. 'workers', w)
  redis.call('HDEL', p .. 'workerinfo', w)
end
local seeder = redis.call('GET', p .. 'seed')
if seeder and redis.call('HEXISTS', p .. 'meta', 'seeded') == 0
   and not redis.call('ZSCORE', p .. 'workers', seeder) then
  redis.call('DEL', p .. 'seed')
end
return out
"""
)

# ARGV: prefix, owner, then lease ids: this worker gives them back unfinished (it is stopping).
RELEASE = (
    _CLOCK
    + _REQUEUE
    + """
local n = 0
for i = 3, #ARGV do
  if redis.call('HGET', p .. 'lease:' .. ARGV[i], 'owner') == ARGV[2] then
    n = n + requeue(ARGV[i])
  end
end
return n
"""
)

# ARGV: prefix, owner. Who seeds the registry's start URLs: 'seed' (this worker, first),
# 'joined' (another worker seeds or has seeded), 'finished' (this crawl id is done).
CLAIM_SEEDING = (
    _CLOCK
    + """
if redis.call('HEXISTS', p .. 'meta', 'finished') == 1 then return 'finished' end
if redis.call('HEXISTS', p .. 'meta', 'seeded') == 1 then return 'joined' end
if redis.call('SET', p .. 'seed', ARGV[2], 'NX') then
  redis.call('HSETNX', p .. 'meta', 'started', string.format('%d', now))
  return 'seed'
end
return 'joined'
"""
)

# ARGV: prefix. 1 while the crawl may still produce work for anyone: queued requests, leases
# (another worker's callback may yield more), or seeding still under way.
PENDING = """
local p = ARGV[1]
if redis.call('HEXISTS', p .. 'meta', 'finished') == 1 then return 0 end
if tonumber(redis.call('GET', p .. 'queued') or '0') > 0 then return 1 end
if redis.call('ZCARD', p .. 'leases') > 0 then return 1 end
if redis.call('HEXISTS', p .. 'meta', 'seeded') == 0 and redis.call('EXISTS', p .. 'seed') == 1 then
  return 1
end
return 0
"""

# ARGV: prefix, owner, 1 to delete the finished crawl's working keys.
# The worker leaves. A crawl with nothing queued or leased anywhere, seeded, is finished: no
# worker can produce more work (a worker that died after its last acknowledgement may still
# look alive). The last worker out of a finished crawl, with cleanup, deletes what only a
# running crawl needs, keeping the summary (meta, pages, given-up hosts, refused members).
# Returns {1 if this call marked the crawl finished, 1 if it deleted the working keys}.
LEAVE = (
    _CLOCK
    + """
redis.call('ZREM', p .. 'workers', ARGV[2])
redis.call('HDEL', p .. 'workerinfo', ARGV[2])
if tonumber(redis.call('GET', p .. 'queued') or '0') > 0 then return {0, 0} end
if redis.call('ZCARD', p .. 'leases') > 0 then return {0, 0} end
if redis.call('HEXISTS', p .. 'meta', 'seeded') == 0 then return {0, 0} end
local marked = redis.call('HSETNX', p .. 'meta', 'finished', string.format('%d', now))
if ARGV[3] ~= '1' or redis.call('ZCOUNT', p .. 'workers', now, '+inf') > 0 then
  return {marked, 0}
end
for _, name in ipairs({'hosts', 'inflight', 'leases', 'queued', 'seq', 'dupefilter', 'hostnext',
                       'delays', 'paused', 'robots', 'strikes', 'workers', 'workerinfo',
                       'seed'}) do
  redis.call('DEL', p .. name)
end
return {marked, 1}
"""
)

# ARGV: prefix, host, delay (s). Keeps the largest Crawl-delay any worker found.
PUBLISH_DELAY = """
local p = ARGV[1]
local old = tonumber(redis.call('HGET', p .. 'delays', ARGV[2]) or '0')
if tonumber(ARGV[3]) > old then redis.call('HSET', p .. 'delays', ARGV[2], ARGV[3]) return 1 end
return 0
"""
