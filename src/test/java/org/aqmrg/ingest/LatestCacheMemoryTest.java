package org.aqmrg.ingest;

import org.aqmrg.cache.Cache;
import org.aqmrg.cache.memory.MemoryCache;

/** The latest values on the in-process cache. */
class LatestCacheMemoryTest extends LatestCacheContract {
  @Override
  protected Cache createCache() {
    return new MemoryCache();
  }
}
