package org.aqmrg.bench.ingest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receivers of the alert benchmark and its probe. One HTTP server on 127.0.0.1 takes the bulk
 * rules' webhooks (counted) and the probe rule's (timed). While {@link #start} runs, the probe
 * writes the probe sensor's PM2.5 through the write API, alternately 150 (fires) and 50 (clears),
 * each write once the notification of the one before has arrived: the time from sending the write
 * to the webhook's arrival is one sample of the notification latency.
 */
final class AlertProbe implements AutoCloseable {
  /** A notification later than this counts as missed, and the probe goes on. */
  static final Duration MISSED = Duration.ofSeconds(10);

  private record Arrival(long nanos, String event) {}

  private final HttpServer server;
  private final AtomicLong bulk = new AtomicLong();
  private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Long> latencies = new ArrayList<>();
  private final List<Long> acknowledged = new ArrayList<>();
  private int missed;
  private int wrong;
  private volatile boolean running;
  private Thread thread;

  AlertProbe() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(4, r -> new Thread(r, "bench-receiver")));
    server.createContext(
        "/bulk",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          bulk.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/probe",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          long now = System.nanoTime();
          arrivals.add(new Arrival(now, exchange.getRequestHeaders().getFirst("X-AQMRG-Event")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  long bulkReceived() {
    return bulk.get();
  }

  /** Starts probing through {@code put}, whose probe rule is normal: the first write fires. */
  void start(PlatformUnderTest put) {
    running = true;
    thread = new Thread(() -> run(put), "bench-probe");
    thread.start();
  }

  /** Stops probing, after the probe in flight. */
  void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  private void run(PlatformUnderTest put) {
    int sent = 0;
    while (running) {
      boolean fires = sent++ % 2 == 0;
      long start = System.nanoTime();
      var write =
          HttpRequest.newBuilder(put.writeUri())
              .header("Authorization", put.authorization())
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "air_quality,sensor_id=%s pm25=%d %d"
                          .formatted(
                              AlertSet.PROBE_SENSOR,
                              fires ? 150 : 50,
                              System.currentTimeMillis() * 1_000_000L)))
              .build();
      try {
        int status = http.send(write, HttpResponse.BodyHandlers.discarding()).statusCode();
        long answered = System.nanoTime();
        if (status != 204) {
          throw new IllegalStateException("the probe's write answered " + status);
        }
        Arrival arrival = arrivals.poll(MISSED.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
          if (arrival == null) {
            missed++;
            arrivals.clear();
          } else if (!(fires ? "fired" : "cleared").equals(arrival.event())) {
            wrong++;
          } else {
            latencies.add(arrival.nanos() - start);
            acknowledged.add(answered - start);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("the probe's write failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The samples since the last call, each {latency, time to the write's answer} in nanoseconds,
   * and forgets them.
   */
  synchronized List<long[]> take() {
    var samples = new ArrayList<long[]>();
    for (int i = 0; i < latencies.size(); i++) {
      samples.add(new long[] {latencies.get(i), acknowledged.get(i)});
    }
    latencies.clear();
    acknowledged.clear();
    return samples;
  }

  synchronized int missed() {
    return missed;
  }

  synchronized int wrong() {
    return wrong;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
