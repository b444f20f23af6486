package org.aqmrg.threads;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for the platform's own background pools: named, so that a thread dump and a profile say
 * whose they are, and daemons, so that none of them keeps a stopping process alive (each pool's
 * owner drains it on close where unfinished work matters).
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads all called {@code name}. */
  public static ThreadFactory named(String name) {
    return task -> {
      var thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
