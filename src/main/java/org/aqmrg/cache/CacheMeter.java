package org.aqmrg.cache;

/**
 * Told of each read of a cached value: a hit (the value was held) or a miss (it had to be read from
 * its store). Counting must be cheap and must not throw.
 */
public interface CacheMeter {
  /** A meter that counts nothing. */
  CacheMeter NONE =
      new CacheMeter() {
        @Override
        public void hits(int count) {}

        @Override
        public void misses(int count) {}
      };

  /** {@code count} reads found their value in the cache. */
  void hits(int count);

  /** {@code count} reads did not, and went to the store. */
  void misses(int count);
}
