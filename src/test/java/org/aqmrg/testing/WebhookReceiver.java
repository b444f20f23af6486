package org.aqmrg.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A real HTTP server on 127.0.0.1 that takes webhooks and keeps what arrived; it answers with the
 * statuses it is given (200 once they run out), or holds requests until released.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as it arrived. */
  public record Received(Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final AtomicInteger held = new AtomicInteger();
  private volatile CountDownLatch release = new CountDownLatch(0);

  public WebhookReceiver() throws IOException {
    this(0);
  }

  /** A receiver on this port of 127.0.0.1 (0: any free one). */
  public WebhookReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          if (held.get() > 0) {
            held.decrementAndGet();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          Integer status = statuses.poll();
          exchange.sendResponseHeaders(status == null ? 200 : status, -1);
          exchange.close();
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next requests are answered with these statuses, in order. */
  public void answer(Integer... next) {
    statuses.addAll(List.of(next));
  }

  /** The next {@code n} requests get no answer until {@link #releaseHeld}. */
  public void hold(int n) {
    release = new CountDownLatch(1);
    held.set(n);
  }

  public void releaseHeld() {
    release.countDown();
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public IntSupplier count() {
    return received::size;
  }

  @Override
  public void close() {
    releaseHeld();
    server.stop(0);
  }
}
