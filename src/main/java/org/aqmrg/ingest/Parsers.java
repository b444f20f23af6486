package org.aqmrg.ingest;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;

/**
 * Line-protocol parsers lent to the bodies being parsed: a parser keeps caches of repeated names
 * (some 50 KB) and is not thread-safe, so each body borrows one and gives it back, and a new one is
 * made only when all are lent. At most {@value #KEPT} idle parsers are kept.
 */
final class Parsers {
  static final int KEPT = 64;

  private final ConcurrentLinkedQueue<LineProtocolParser> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  /** An idle parser, or a new one when none is idle. */
  LineProtocolParser take() {
    LineProtocolParser parser = idle.poll();
    if (parser == null) {
      return new LineProtocolParser();
    }
    idleCount.decrementAndGet();
    return parser;
  }

  /** Gives a parser back, once its result is no longer read through it. */
  void give(LineProtocolParser parser) {
    if (idleCount.incrementAndGet() <= KEPT) {
      idle.offer(parser);
    } else {
      idleCount.decrementAndGet();
    }
  }
}
