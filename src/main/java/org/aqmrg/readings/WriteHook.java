package org.aqmrg.readings;

import java.util.List;

/**
 * Told of every store write before the {@link StoreWriter} sends it, on the writer's thread, with
 * the readings it carries: the place where work that must follow an acknowledged write (the hours
 * the rollups recompute) is recorded durably before the acknowledgement. It must not throw: a
 * failure to record is its own to handle, and the write goes ahead.
 */
@FunctionalInterface
public interface WriteHook {
  /** A hook that does nothing. */
  WriteHook NONE = readings -> {};

  /** The readings of the store write about to be sent; the list must not be changed or kept. */
  void beforeWrite(List<Reading> readings);

  /**
   * The same readings, once their store write has returned or failed, on the same thread; by
   * default nothing. For a hook that must know when the readings can be read back (a write slower
   * than expected may land after work recorded before it was sent has already run).
   */
  default void afterWrite(List<Reading> readings) {}

  /**
   * This hook with {@code inner} inside it: before a write this one, then {@code inner}; after it
   * {@code inner}, then this one. So {@code inner} sees the store write alone (a timer of it).
   */
  default WriteHook around(WriteHook inner) {
    WriteHook outer = this;
    return new WriteHook() {
      @Override
      public void beforeWrite(List<Reading> readings) {
        outer.beforeWrite(readings);
        inner.beforeWrite(readings);
      }

      @Override
      public void afterWrite(List<Reading> readings) {
        inner.afterWrite(readings);
        outer.afterWrite(readings);
      }
    };
  }
}
