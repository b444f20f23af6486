package org.aqmrg.bench.ingest;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM during a run: after every collection the collector reports how much heap is
 * still in use, and the largest of those figures since {@link #reset} is the most the run kept
 * alive at once (plus garbage a young collection did not reach). {@link #liveAfterFullGc} forces a
 * full collection between runs for the exact live set.
 */
final class HeapWatch implements AutoCloseable {
  private final Set<String> heapPools = new HashSet<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong pauseMillis = new AtomicLong();
  private final NotificationListener listener = this::onCollection;

  HeapWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  /** What a run did to the heap. */
  record Figures(long maxAfterGcBytes, long collections, long pauseMillis, long committedBytes) {}

  void reset() {
    maxAfterGc.set(0);
    collections.set(0);
    pauseMillis.set(0);
  }

  Figures figures() {
    return new Figures(
        maxAfterGc.get(),
        collections.get(),
        pauseMillis.get(),
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
  }

  /** Heap in use after two full collections: what is really alive. */
  static long liveAfterFullGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long maxHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
  }

  private void onCollection(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    maxAfterGc.accumulateAndGet(used, Math::max);
    collections.incrementAndGet();
    // G1's concurrent cycle reports its whole concurrent time; only pauses stop the platform.
    if (!info.getGcCause().contains("Concurrent") && !info.getGcName().contains("Concurrent")) {
      pauseMillis.addAndGet(info.getGcInfo().getDuration());
    }
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // already gone: nothing to undo
      }
    }
  }
}
