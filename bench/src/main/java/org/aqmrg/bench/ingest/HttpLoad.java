package org.aqmrg.bench.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Posts every body once to one URL, uncompressed, by 1 or more writer threads that take the bodies
 * in turn from a shared counter, and checks each answer: anything but 204 is counted and fails the
 * run.
 *
 * <p>Each writer has its own {@link HttpClient} (HTTP/1.1), kept across runs, so each holds one
 * keep-alive connection per server and a run does not time connection set-up.
 */
final class HttpLoad {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final long RUN_DEADLINE_MINUTES = 20;
  private static final int ERRORS_KEPT = 3;

  private final HttpClient[] clients;

  HttpLoad(int maxWriters) {
    clients = new HttpClient[maxWriters];
    for (int i = 0; i < maxWriters; i++) {
      clients[i] =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }
  }

  /**
   * What one run did.
   *
   * @param nanos wall-clock time from the start signal to the last answer
   * @param requestNanos each request's time, in the order the bodies were taken
   * @param statuses answers by status; -1 counts requests that got no answer
   */
  record Outcome(
      int writers,
      long nanos,
      long points,
      long[] requestNanos,
      Map<Integer, Integer> statuses,
      List<String> errors) {

    double pointsPerSecond() {
      return points * 1e9 / nanos;
    }

    int failures() {
      int failed = 0;
      for (var entry : statuses.entrySet()) {
        if (entry.getKey() != 204) {
          failed += entry.getValue();
        }
      }
      return failed;
    }

    /** The median time of one request, in milliseconds. */
    double medianRequestMillis() {
      long[] sorted = requestNanos.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e6;
    }
  }

  /**
   * Posts each body once.
   *
   * @param authorization the {@code Authorization} header, or null for none
   */
  Outcome post(URI uri, String authorization, Points points, int writers)
      throws InterruptedException {
    return post(uri, authorization, points, writers, 0, Points.BODIES);
  }

  /**
   * Posts bodies {@code from} (inclusive) to {@code to} (exclusive) once each; the outcome's
   * request times are indexed from {@code from}.
   */
  Outcome post(URI uri, String authorization, Points points, int writers, int from, int to)
      throws InterruptedException {
    return post(
        uri,
        authorization,
        i -> points.buffer(from + i),
        to - from,
        Points.LINES_PER_BODY,
        writers);
  }

  /**
   * Posts {@code bodies} bodies of {@code linesPerBody} lines each once, body {@code i} being
   * {@code body.apply(i)}; the outcome's request times are indexed from 0.
   */
  Outcome post(
      URI uri,
      String authorization,
      IntFunction<ByteBuffer> body,
      int bodies,
      int linesPerBody,
      int writers)
      throws InterruptedException {
    if (writers < 1 || writers > clients.length) {
      throw new IllegalArgumentException("1 to " + clients.length + " writers, got " + writers);
    }
    var next = new AtomicInteger();
    var start = new CountDownLatch(1);
    long[] requestNanos = new long[bodies];
    int[] statuses = new int[bodies];
    var errors = java.util.Collections.synchronizedList(new ArrayList<String>());
    var threads = new ArrayList<Thread>();
    for (int w = 0; w < writers; w++) {
      HttpClient client = clients[w];
      var thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = next.getAndIncrement(); i < bodies; i = next.getAndIncrement()) {
                    long began = System.nanoTime();
                    statuses[i] =
                        send(client, uri, authorization, body.apply(i), errors);
                    requestNanos[i] = System.nanoTime() - began;
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "ingest-writer-" + w);
      thread.start();
      threads.add(thread);
    }
    long began = System.nanoTime();
    start.countDown();
    long deadline = began + TimeUnit.MINUTES.toNanos(RUN_DEADLINE_MINUTES);
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        threads.forEach(Thread::interrupt);
        throw new IllegalStateException(
            "posting to " + uri + " did not finish within " + RUN_DEADLINE_MINUTES + " minutes");
      }
    }
    long nanos = System.nanoTime() - began;
    var counts = new TreeMap<Integer, Integer>();
    for (int status : statuses) {
      counts.merge(status, 1, Integer::sum);
    }
    return new Outcome(
        writers,
        nanos,
        (long) bodies * linesPerBody,
        requestNanos,
        counts,
        List.copyOf(errors));
  }

  /** Sends one body; returns the status, or -1 when no answer came. */
  private static int send(
      HttpClient client, URI uri, String authorization, ByteBuffer body, List<String> errors)
      throws InterruptedException {
    var request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.fromPublisher(new OneBuffer(body), body.remaining()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 204 && errors.size() < ERRORS_KEPT) {
        String text = response.body();
        errors.add(
            response.statusCode()
                + ": "
                + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
      }
      return response.statusCode();
    } catch (IOException e) {
      if (errors.size() < ERRORS_KEPT) {
        errors.add("no answer: " + e);
      }
      return -1;
    }
  }

  /** A request body of one buffer, sent as it is (the HTTP client reads it, never changes it). */
  private record OneBuffer(ByteBuffer buffer) implements Flow.Publisher<ByteBuffer> {
    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            private boolean done;

            @Override
            public synchronized void request(long n) {
              if (done) {
                return;
              }
              done = true;
              if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("request(" + n + ")"));
                return;
              }
              subscriber.onNext(buffer.duplicate());
              subscriber.onComplete();
            }

            @Override
            public synchronized void cancel() {
              done = true;
            }
          });
    }
  }
}
