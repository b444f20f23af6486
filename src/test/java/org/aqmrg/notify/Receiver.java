package org.aqmrg.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * A real HTTP receiver of webhooks on 127.0.0.1: keeps every request it got and answers the status
 * {@code answer} gives for the request's number (1 for the first).
 */
final class Receiver implements AutoCloseable {
  /** One request as it arrived. */
  record Request(String path, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Blocks a request, as a receiver that hangs; interrupted when the receiver closes. */
  interface Handler {
    int status(int number, HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  Receiver(IntUnaryOperator answer) {
    this((number, exchange) -> answer.applyAsInt(number));
  }

  Receiver(Handler handler) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            var headers =
                exchange.getRequestHeaders().entrySet().stream()
                    .collect(
                        Collectors.toMap(
                            e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                            e -> String.join(",", e.getValue())));
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestURI().getPath(), headers, body));
            int status = handler.status(requests.size(), exchange);
            exchange.sendResponseHeaders(status, -1);
          } catch (Exception e) {
            // a hanging handler interrupted at close: the exchange is dropped
          }
        });
    server.start();
  }

  static Receiver answering(int status) {
    return new Receiver(number -> status);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The requests that carried {@code key} as their Idempotency-Key. */
  long withKey(Object key) {
    return requests.stream()
        .filter(r -> key.toString().equals(r.header("Idempotency-Key")))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
