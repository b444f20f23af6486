package org.aqmrg.cache.redis;

/**
 * The Lua scripts of {@link RedisCache}: each runs atomically in Redis, so a value and its expiry,
 * or a read and the count it decides, are one step and one round trip.
 */
final class RedisScripts {
  private RedisScripts() {}

  static final LuaScript INCREMENT_ALL =
      new LuaScript(
          """
          local counters = {}
          for i, key in ipairs(KEYS) do
            local count = redis.call('INCRBY', key, ARGV[i + 1])
            local ttl = redis.call('PTTL', key)
            if ttl < 0 then
              redis.call('PEXPIRE', key, ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            counters[#counters + 1] = count
            counters[#counters + 1] = ttl
          end
          return counters
          """);
  static final LuaScript GET_HASH_AND_INCREMENT =
      new LuaScript(
          """
          local hash = redis.call('HGETALL', KEYS[1])
          local value = nil
          for i = 1, #hash, 2 do
            if hash[i] == ARGV[1] then value = hash[i + 1] end
          end
          if not value then
            return {hash}
          end
          local counter = ARGV[2] .. value .. ARGV[3]
          local count = redis.call('INCR', counter)
          local ttl = redis.call('PTTL', counter)
          if ttl < 0 then
            redis.call('PEXPIRE', counter, ARGV[4])
            ttl = tonumber(ARGV[4])
          end
          return {hash, count, ttl}
          """);
  static final LuaScript PUT_HASH =
      new LuaScript(
          """
          redis.call('DEL', KEYS[1])
          for i = 2, #ARGV, 2 do
            redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
          end
          if #ARGV > 1 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
          end
          return 0
          """);

  static final LuaScript ADD_TO_SET =
      new LuaScript(
          """
          redis.call('SADD', KEYS[1], ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          return 0
          """);

  /** Cache.compareAndSet; per key four arguments: has-expected (1 or 0), expected, value, TTL. */
  static final LuaScript COMPARE_AND_SET =
      new LuaScript(
          """
          local stored = {}
          for i, key in ipairs(KEYS) do
            local at = 4 * (i - 1)
            local kind = redis.call('TYPE', key).ok
            local current = false
            if kind == 'string' then
              current = redis.call('GET', key)
            end
            local expected = ARGV[at + 1] == '1'
            if (kind == 'string' or kind == 'none')
                and ((not expected and not current) or (expected and current == ARGV[at + 2])) then
              if ARGV[at + 4] == '0' then
                redis.call('SET', key, ARGV[at + 3])
              else
                redis.call('SET', key, ARGV[at + 3], 'PX', ARGV[at + 4])
              end
              stored[#stored + 1] = i
            end
          end
          return stored
          """);
}
