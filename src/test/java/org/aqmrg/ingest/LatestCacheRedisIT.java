package org.aqmrg.ingest;

import org.aqmrg.cache.Cache;
import org.aqmrg.cache.redis.RedisCache;
import org.aqmrg.config.RedisSettings;
import org.aqmrg.config.Secret;
import org.aqmrg.testing.TestServers;

/** The latest values on the test Redis. */
class LatestCacheRedisIT extends LatestCacheContract {
  @Override
  protected Cache createCache() {
    return new RedisCache(
        new RedisSettings(
            TestServers.env("AQMRG_TEST_REDIS_HOST"),
            Integer.parseInt(TestServers.env("AQMRG_TEST_REDIS_PORT")),
            Secret.of(TestServers.env("AQMRG_TEST_REDIS_PASSWORD"))));
  }
}
