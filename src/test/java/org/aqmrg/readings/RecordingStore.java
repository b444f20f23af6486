package org.aqmrg.readings;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A fake time-series store for the writer's unit tests: it keeps what each write was given and what
 * was stored, can hold writes at a gate, fail the next writes and refuse readings. Only {@code
 * write} works.
 */
final class RecordingStore implements PartialStore {
  private final List<List<Reading>> writes = new ArrayList<>();
  private final Set<Reading> stored = ConcurrentHashMap.newKeySet();
  private final Queue<RuntimeException> failures = new ArrayDeque<>();
  private volatile Predicate<Reading> refused = reading -> false;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile CountDownLatch entered = new CountDownLatch(1);

  /**
   * Holds every write until {@link #open}; {@link #awaitEntered} then waits for {@code writes} of
   * them to arrive.
   */
  void hold(int writes) {
    gate = new CountDownLatch(1);
    entered = new CountDownLatch(writes);
  }

  void open() {
    gate.countDown();
  }

  void awaitEntered() throws InterruptedException {
    if (!entered.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no write reached the store");
    }
  }

  /** The next write fails with {@code e}. */
  synchronized void failNext(RuntimeException e) {
    failures.add(e);
  }

  /** A write holding a reading that {@code test} accepts is refused whole. */
  void refuse(Predicate<Reading> test) {
    refused = test;
  }

  synchronized List<List<Reading>> writes() {
    return List.copyOf(writes);
  }

  Set<Reading> stored() {
    return stored;
  }

  @Override
  public void write(List<Reading> readings) {
    entered.countDown();
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    RuntimeException failure;
    synchronized (this) {
      writes.add(List.copyOf(readings));
      failure = failures.poll();
    }
    if (failure != null) {
      throw failure;
    }
    if (readings.stream().anyMatch(refused)) {
      throw new IllegalArgumentException("a reading the store cannot carry");
    }
    stored.addAll(readings);
  }

  @Override
  public String description() {
    return "a recording store";
  }
}
