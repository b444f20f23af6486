package org.aqmrg.readings;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.aqmrg.error.StoreRefusedException;

/**
 * One lane of a {@link StoreWriter}: a queue of parts of submitted batches and the thread that
 * writes them, one store write at a time, each taking everything queued up to the limit.
 */
final class WriteLane implements Runnable {
  /** A submitted batch's readings of this lane, in their order, and the batch's answer. */
  record Part(List<Reading> readings, StoreWriter.Ack ack) {}

  /** The readings {@code from} (inclusive) to {@code to} of a part; the part's end when last. */
  private record Segment(Part part, int from, int to) {
    boolean last() {
      return to == part.readings().size();
    }

    List<Reading> readings() {
      return part.readings().subList(from, to);
    }
  }

  private final ReadingStore store;
  private final WriteHook hook;
  private final int maxPoints;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final ArrayDeque<Part> queue = new ArrayDeque<>();
  private boolean stopping;

  /** The part being written in pieces (larger than the room left in a write), and how far. */
  private Part current;

  private int offset;

  WriteLane(ReadingStore store, WriteHook hook, int maxPoints) {
    this.store = store;
    this.hook = hook;
    this.maxPoints = maxPoints;
  }

  /** Queues a part; false when the lane is stopping and will not write it. */
  boolean add(Part part) {
    lock.lock();
    try {
      if (stopping) {
        return false;
      }
      queue.add(part);
      if (queue.size() == 1) {
        queued.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Lets the lane's thread end once everything queued is written. */
  void stop() {
    lock.lock();
    try {
      stopping = true;
      queued.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Fails what is still queued, after the lane's thread has ended. */
  void failQueued(RuntimeException e) {
    lock.lock();
    try {
      if (current != null) {
        current.ack().failed(e);
        current = null;
      }
      for (Part part = queue.poll(); part != null; part = queue.poll()) {
        part.ack().failed(e);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    for (List<Segment> next = next(); next != null; next = next()) {
      if (!next.isEmpty()) {
        write(next);
      }
    }
  }

  /**
   * The segments of the next store write: what is queued, in order, up to {@code maxPoints}
   * readings; parts whose batch has already failed elsewhere are dropped. Waits while nothing is
   * queued; null once stopped with nothing left.
   */
  private List<Segment> next() {
    lock.lock();
    try {
      while (current == null && queue.isEmpty()) {
        if (stopping) {
          return null;
        }
        queued.awaitUninterruptibly();
      }
      var segments = new ArrayList<Segment>();
      int room = maxPoints;
      while (room > 0) {
        if (current == null) {
          current = queue.poll();
          offset = 0;
          if (current == null) {
            break;
          }
        }
        if (current.ack().hasFailed()) {
          current = null;
          continue;
        }
        int n = Math.min(room, current.readings().size() - offset);
        segments.add(new Segment(current, offset, offset + n));
        offset += n;
        room -= n;
        if (offset == current.readings().size()) {
          current = null;
        }
      }
      return segments;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tells the hook of the segments' readings before and after writing them as one store write, and
   * answers them; when the store refuses a write of several batches for its content, writes each
   * alone, so that only the bad one fails.
   */
  private void write(List<Segment> segments) {
    try {
      List<Reading> readings = bySensor(segments);
      hook.beforeWrite(readings);
      try {
        store.write(readings);
      } finally {
        hook.afterWrite(readings);
      }
      for (Segment segment : segments) {
        if (segment.last()) {
          segment.part().ack().stored();
        }
      }
    } catch (StoreRefusedException | IllegalArgumentException e) {
      if (segments.size() == 1) {
        fail(segments.get(0), e);
      } else {
        for (Segment segment : segments) {
          write(List.of(segment));
        }
      }
    } catch (RuntimeException e) {
      for (Segment segment : segments) {
        fail(segment, e);
      }
    }
  }

  /** Fails the segment's batch; the rest of its part, if any, is then not written. */
  private static void fail(Segment segment, RuntimeException e) {
    segment.part().ack().failed(e);
  }

  /**
   * The segments' readings grouped by sensor, each sensor's in the order they came: InfluxDB takes
   * a write grouped by series faster (10 % in bench/RESULTS.md, ingest), and a point sent twice is
   * still decided by arrival order, as the store keeps the later of two points in one write.
   */
  private static List<Reading> bySensor(List<Segment> segments) {
    if (segments.size() == 1 && sameSensor(segments.get(0).readings())) {
      return segments.get(0).readings();
    }
    int size = 0;
    for (Segment segment : segments) {
      size += segment.to() - segment.from();
    }
    var groups = new LinkedHashMap<String, List<Reading>>();
    for (Segment segment : segments) {
      for (Reading reading : segment.readings()) {
        groups.computeIfAbsent(reading.sensorId(), id -> new ArrayList<>()).add(reading);
      }
    }
    var grouped = new ArrayList<Reading>(size);
    groups.values().forEach(grouped::addAll);
    return grouped;
  }

  private static boolean sameSensor(List<Reading> readings) {
    String first = readings.get(0).sensorId();
    for (Reading reading : readings) {
      if (!reading.sensorId().equals(first)) {
        return false;
      }
    }
    return true;
  }
}
