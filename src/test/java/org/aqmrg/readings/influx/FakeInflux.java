package org.aqmrg.readings.influx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;

/**
 * A stand-in InfluxDB on a free loopback port: it records every request and answers through a
 * function of the request, so a test can script 503s, errors or a whole 2.x API.
 */
final class FakeInflux implements AutoCloseable {
  /** A request as the server saw it; a gzip body is decompressed. */
  record Request(
      String method,
      String path,
      String rawQuery,
      Optional<String> authorization,
      Optional<String> contentEncoding,
      String body) {

    /** The decoded query parameters, in order. */
    Map<String, String> query() {
      return decodeForm(rawQuery);
    }

    /** The decoded form parameters of a form body. */
    Map<String, String> form() {
      return decodeForm(body);
    }

    @Override
    public String toString() {
      return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery);
    }
  }

  /** An answer; {@code headers} are added to it. */
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  /** How the fake answers a request. */
  interface Handler {
    Answer answer(Request request) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeInflux(Handler handler) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> handle(exchange, handler));
    server.setExecutor(executor);
    server.start();
  }

  private void handle(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      byte[] body =
          "gzip".equals(encoding)
              ? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes()
              : raw;
      var request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
              Optional.ofNullable(encoding),
              new String(body, StandardCharsets.UTF_8));
      requests.add(request);
      Answer answer;
      try {
        answer = handler.answer(request);
      } catch (Exception e) {
        answer = Answer.of(500, "{\"error\":\"fake failed: " + e + "\"}");
      }
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Settings pointing at this fake, with a token, or user and password, or neither. */
  Settings.Influx settings(String token, String username, String password) {
    return new Settings.Influx(
        Optional.of(url()), Secret.of(token), "aqmrg", "aqmrg", username, Secret.of(password));
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  static Map<String, String> decodeForm(String text) {
    var parameters = new LinkedHashMap<String, String>();
    if (text == null || text.isEmpty()) {
      return parameters;
    }
    for (String pair : text.split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
