package org.aqmrg.ops;

/** The in-process cache of the embedded default: always there while the process runs. */
public final class MemoryCheck implements StoreCheck {
  @Override
  public String role() {
    return "cache";
  }

  @Override
  public String target() {
    return "in-process memory";
  }

  @Override
  public StoreStatus check() {
    return StoreStatus.up(this, System.nanoTime());
  }
}
