package org.aqmrg.bench.ingest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Many concurrent keep-alive HTTP/1.1 clients posting small bodies, closed loop: each client sends
 * its next post as soon as the answer to its previous one is in. A few threads (one by default)
 * drive all the connections through a {@link Selector}; no HTTP library, no allocation per request
 * on the path of a 204, so that the client costs little CPU and the same per request whatever the
 * server. (On this machine's two cores, {@code java.net.http} and a thread per connection cost
 * several times more client CPU per request; see {@link SmallPostsLoad}.)
 *
 * <p>Each run opens its connections before the clock starts and closes them after. Latency is from
 * the start of writing a request to its whole answer, recorded in an HdrHistogram (3 significant
 * digits, nanoseconds). The CPU time of the driving threads during the run is the client's own CPU.
 */
final class KeepAliveClients {
  /** An answer that has not come within this long fails the run. */
  static final long ANSWER_TIMEOUT_SECONDS = 60;

  private static final int ERRORS_KEPT = 3;

  private final int threads;

  KeepAliveClients(int threads) {
    this.threads = threads;
  }

  /** Where the posts go, and the request head up to its {@code Content-Length} value. */
  record Target(String name, InetSocketAddress server, byte[] head) {
    /** A POST to {@code uri} with {@code authorization} (or none). */
    static Target of(String name, URI uri, String authorization) {
      String head =
          "POST "
              + uri.getRawPath()
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + "\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: ";
      return new Target(
          name,
          new InetSocketAddress(uri.getHost(), uri.getPort()),
          head.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * What one run did.
   *
   * @param posts requests sent
   * @param acknowledged answers 204
   * @param nanos from the first request to the last answer
   * @param bytes request bytes sent, heads and bodies
   * @param latencyNanos each answered request's time
   * @param statuses answers by status; -1 counts requests without an answer
   * @param clientCpuNanos CPU time of the threads that drove the connections during the run
   * @param clientUserNanos the part of it in user mode (the rest is the kernel's, mostly the
   *     loopback TCP path that a write runs on the sender's CPU)
   */
  record Outcome(
      long posts,
      long acknowledged,
      long nanos,
      long bytes,
      Histogram latencyNanos,
      Map<Integer, Long> statuses,
      List<String> errors,
      long clientCpuNanos,
      long clientUserNanos) {

    long failures() {
      return posts - acknowledged;
    }

    double requestsPerSecond() {
      return acknowledged * 1e9 / nanos;
    }
  }

  /**
   * How many posts a run sends: {@code posts} of them, or as many as start within {@code seconds}.
   */
  record Budget(long posts, int seconds) {
    static Budget posts(long posts) {
      return new Budget(posts, 0);
    }

    static Budget seconds(int seconds) {
      return new Budget(Long.MAX_VALUE, seconds);
    }
  }

  /** Opens {@code clients} connections to the target, posts until the budget is spent. */
  Outcome run(Target target, int clients, SmallBodies bodies, Budget budget, int shiftMicros)
      throws IOException, InterruptedException {
    int requestBytes = target.head().length + bodies.maxTailBytes();
    var workers = new ArrayList<Worker>();
    var issued = new AtomicLong();
    var errors = Collections.synchronizedList(new ArrayList<String>());
    var start = new CountDownLatch(1);
    try {
      for (int t = 0; t < threads; t++) {
        workers.add(new Worker(target, bodies, shiftMicros, issued, errors, start));
      }
      for (int c = 0; c < clients; c++) {
        workers.get(c % threads).add(KeepAliveConnection.open(c, target.server(), requestBytes));
      }
      var running = new ArrayList<Thread>();
      for (int t = 0; t < threads; t++) {
        var thread = new Thread(workers.get(t), "small-posts-client-" + t);
        thread.start();
        running.add(thread);
      }
      long began = System.nanoTime();
      long deadline = budget.seconds() > 0 ? began + TimeUnit.SECONDS.toNanos(budget.seconds()) : 0;
      for (Worker worker : workers) {
        worker.budget(budget.posts(), deadline);
      }
      start.countDown();
      for (Thread thread : running) {
        thread.join();
      }
      return outcome(workers, began, errors);
    } finally {
      for (Worker worker : workers) {
        worker.close();
      }
    }
  }

  private static Outcome outcome(List<Worker> workers, long began, List<String> errors) {
    long posts = 0;
    long acknowledged = 0;
    long bytes = 0;
    long cpu = 0;
    long user = 0;
    long last = began;
    var latency = new Histogram(3);
    var statuses = new TreeMap<Integer, Long>();
    for (Worker worker : workers) {
      if (worker.failure != null) {
        throw new IllegalStateException(worker.failure);
      }
      posts += worker.posts;
      acknowledged += worker.acknowledged;
      bytes += worker.bytes;
      cpu += worker.cpuNanos;
      user += worker.userNanos;
      last = Math.max(last, worker.lastAnswer);
      latency.add(worker.latency);
      worker.statuses.forEach((status, count) -> statuses.merge(status, count, Long::sum));
    }
    if (acknowledged > 0) {
      statuses.merge(204, acknowledged, Long::sum);
    }
    return new Outcome(
        posts,
        acknowledged,
        last - began,
        bytes,
        latency,
        statuses,
        List.copyOf(errors.subList(0, Math.min(ERRORS_KEPT, errors.size()))),
        cpu,
        user);
  }

  /** One thread, its selector and its share of the connections. */
  private static final class Worker implements Runnable {
    private final Target target;
    private final SmallBodies bodies;
    private final int shiftMicros;
    private final AtomicLong issued;
    private final List<String> errors;
    private final CountDownLatch start;
    private final Selector selector;
    private final List<KeepAliveConnection> connections = new ArrayList<>();
    private final Histogram latency = new Histogram(3);
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private volatile long limit;
    private volatile long deadline;
    private int open;
    long posts;
    long acknowledged;
    long bytes;
    long lastAnswer;
    long cpuNanos;
    long userNanos;
    volatile String failure;

    Worker(
        Target target,
        SmallBodies bodies,
        int shiftMicros,
        AtomicLong issued,
        List<String> errors,
        CountDownLatch start)
        throws IOException {
      this.target = target;
      this.bodies = bodies;
      this.shiftMicros = shiftMicros;
      this.issued = issued;
      this.errors = errors;
      this.start = start;
      this.selector = Selector.open();
    }

    void add(KeepAliveConnection connection) throws IOException {
      connection.channel.register(selector, SelectionKey.OP_READ, connection);
      connections.add(connection);
      open++;
    }

    void budget(long limit, long deadline) {
      this.limit = limit;
      this.deadline = deadline;
    }

    @Override
    public void run() {
      var bean = ManagementFactory.getThreadMXBean();
      try {
        start.await();
        long cpuBefore = bean.getCurrentThreadCpuTime();
        long userBefore = bean.getCurrentThreadUserTime();
        for (KeepAliveConnection connection : connections) {
          next(connection);
        }
        long checked = System.nanoTime();
        while (open > 0) {
          selector.select(this::ready, 1_000);
          long now = System.nanoTime();
          if (now - checked > 1_000_000_000L) {
            checked = now;
            overdue(now);
          }
        }
        cpuNanos = bean.getCurrentThreadCpuTime() - cpuBefore;
        userNanos = bean.getCurrentThreadUserTime() - userBefore;
      } catch (IOException | RuntimeException e) {
        failure = target.name() + ": the client failed: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = target.name() + ": interrupted";
      }
    }

    private void ready(SelectionKey key) {
      var connection = (KeepAliveConnection) key.attachment();
      try {
        if (key.isWritable() && connection.flush()) {
          key.interestOps(SelectionKey.OP_READ);
        }
        if (key.isReadable()) {
          int status = connection.receive();
          if (status == 0) {
            return;
          }
          long now = System.nanoTime();
          latency.recordValue(now - connection.sentAt);
          lastAnswer = now;
          if (status == 204) {
            acknowledged++;
          } else {
            statuses.merge(status, 1L, Long::sum);
            error(status + ": " + connection.lastAnswer());
          }
          next(connection);
        }
      } catch (IOException e) {
        lost(connection, "no answer: " + e.getMessage());
      }
    }

    /** Sends the connection's next post, or closes it when the budget is spent. */
    private void next(KeepAliveConnection connection) throws IOException {
      boolean more = deadline > 0 ? System.nanoTime() < deadline : issued.getAndIncrement() < limit;
      if (!more) {
        connection.close();
        open--;
        return;
      }
      posts++;
      bytes += connection.send(target.head(), bodies, shiftMicros);
      if (!connection.written()) {
        connection
            .channel
            .keyFor(selector)
            .interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    }

    /** Fails every connection whose answer is overdue. */
    private void overdue(long now) {
      for (KeepAliveConnection connection : connections) {
        if (connection.channel.isOpen()
            && now - connection.sentAt > TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_SECONDS)) {
          lost(connection, "no answer within " + ANSWER_TIMEOUT_SECONDS + " s");
        }
      }
    }

    private void lost(KeepAliveConnection connection, String why) {
      statuses.merge(-1, 1L, Long::sum);
      error(why);
      connection.close();
      open--;
    }

    private void error(String text) {
      if (errors.size() < ERRORS_KEPT) {
        errors.add(text);
      }
    }

    void close() {
      connections.forEach(KeepAliveConnection::close);
      try {
        selector.close();
      } catch (IOException e) {
        // at the end of a run: nothing left to do with it
      }
    }
  }
}
