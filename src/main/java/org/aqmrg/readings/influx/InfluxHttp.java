package org.aqmrg.readings.influx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.aqmrg.config.Settings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP conversation with one InfluxDB server: its 1.x API ({@code /ping}, {@code /write},
 * {@code /query}) and, for 2.x, the few {@code /api/v2} calls that set up buckets.
 *
 * <p>Credentials go in the {@code Authorization} header only, never in a URL: {@code Token …} when
 * a token is set, else HTTP basic auth with the 1.x user and password (which 1.x accepts in place
 * of the {@code u}/{@code p} query parameters), else nothing. Requests that may be repeated are
 * retried on connection errors, timeouts and 5xx answers, never on 4xx; every failure ends as a
 * {@link StoreUnavailableException} whose message names the request and carries InfluxDB's own
 * error text.
 *
 * <p>One {@code java.net.http} client (HTTP/1.1, keep-alive) carries every request to the server:
 * writes, queries, bucket set-up and the health check's {@code /ping}. Its executor is this
 * object's and is closed with it. Writes post the rendered array as it is ({@code
 * BodyPublishers.ofByteArray}); against {@code HttpURLConnection}, which streams a body straight to
 * the socket, that cost 1 to 31 % more time per 5,000-line body on loopback (medians of 60 to 100
 * bodies each way, nine runs on a shared host, bench/RESULTS.md, ingest), a few milliseconds of the
 * 55 to 90 that InfluxDB takes: not worth a second client.
 */
public final class InfluxHttp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InfluxHttp.class);

  private final String url;
  private final Optional<String> authorization;
  private final boolean hasToken;
  private final Timing timing;
  private final ExecutorService executor;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * How long to wait and how often to try.
   *
   * @param attempts tries per request, at least 1
   * @param firstBackoff pause before the second try; each further pause is four times longer
   * @param requestTimeout longest wait for one answer
   * @param deadline longest time for one request with all its tries and pauses
   */
  record Timing(int attempts, Duration firstBackoff, Duration requestTimeout, Duration deadline) {
    /** Three tries, 100 ms then 400 ms apart, 10 s per try, 30 s in all. */
    static final Timing DEFAULT =
        new Timing(3, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  InfluxHttp(Settings.Influx settings, Timing timing) {
    this.url =
        settings
            .url()
            .orElseThrow(() -> new IllegalArgumentException("INFLUXDB_URL is not set"))
            .replaceAll("/+$", "");
    this.hasToken = !settings.token().isEmpty();
    if (hasToken) {
      this.authorization = Optional.of("Token " + settings.token().reveal());
    } else if (!settings.username().isEmpty()) {
      String pair = settings.username() + ":" + settings.password().reveal();
      this.authorization =
          Optional.of(
              "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    } else {
      this.authorization = Optional.empty();
    }
    this.timing = timing;
    this.executor = Executors.newCachedThreadPool(DaemonThreads.named("influx-http"));
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timing.requestTimeout())
            .executor(executor)
            .build();
  }

  String url() {
    return url;
  }

  boolean hasToken() {
    return hasToken;
  }

  /** The server's {@code X-Influxdb-Version}, or empty when it sends none. */
  Optional<String> version() {
    return send("GET /ping", request("/ping").GET(), true)
        .headers()
        .firstValue("X-Influxdb-Version");
  }

  /**
   * Whether line protocol should go out gzip-compressed: as {@code AQMRG_INFLUXDB_GZIP} says; by
   * default yes, unless InfluxDB runs on this machine, where compressing only costs CPU that
   * InfluxDB itself needs (the ingest profile in bench/RESULTS.md: 6.8 ms per 5,000 lines at the
   * fastest level) and saves nothing worth having.
   */
  static boolean compressWrites(Settings.Influx settings) {
    return switch (settings.gzip()) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> !loopback(settings.url().orElse(""));
    };
  }

  private static boolean loopback(String url) {
    String host = URI.create(url).getHost();
    if (host == null) {
      return false;
    }
    host = host.replace("[", "").replace("]", "");
    return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /**
   * Sends {@code GET /ping} once, without retries, and returns the answer's status: for the health
   * check, which words the failure itself.
   */
  int ping(Duration timeout) throws IOException, InterruptedException {
    return client
        .send(
            request("/ping").timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /**
   * Posts one batch of line protocol to {@code /write}, the body straight from the array it was
   * rendered into ({@code BodyPublishers.ofByteArray} over HTTP/1.1).
   */
  void write(String database, String retentionPolicy, LineWriter.Batch batch) {
    var parameters = new LinkedHashMap<String, String>();
    parameters.put("db", database);
    parameters.put("rp", retentionPolicy);
    parameters.put("precision", "ns");
    var request =
        request("/write?" + form(parameters))
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(batch.bytes(), 0, batch.length()));
    if (batch.gzipped()) {
      request.header("Content-Encoding", "gzip");
    }
    String what =
        "POST /write of " + batch.lines() + " lines to " + database + "." + retentionPolicy;
    send(what, request, true, HttpResponse.BodyHandlers.ofString(), body -> body);
  }

  /**
   * Posts {@code count} lines of line protocol, uncompressed, to {@code /write} (times in
   * nanoseconds), as {@link #write(String, String, LineWriter.Batch)} does.
   */
  public void writeLines(String database, String retentionPolicy, String lines, int count) {
    byte[] body = lines.getBytes(StandardCharsets.UTF_8);
    write(database, retentionPolicy, new LineWriter.Batch(body, body.length, false, count));
  }

  /**
   * Runs one InfluxQL statement through {@code POST /query} (times as epoch nanoseconds) and
   * returns its result, the first element of {@code results}.
   */
  public JsonNode query(String database, String statement) {
    var parameters = new LinkedHashMap<String, String>();
    parameters.put("q", statement);
    if (database != null) {
      parameters.put("db", database);
    }
    parameters.put("epoch", "ns");
    var request =
        request("/query")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
    String what = queryWhat(statement);
    JsonNode result = parse(what, send(what, request, true).body()).path("results").path(0);
    if (result.hasNonNull("error")) {
      throw new StoreUnavailableException(
          Store.TIMESERIES,
          "InfluxDB at " + url + " refused " + what + ": " + result.get("error").asText(),
          new InfluxResponseException(200, result.get("error").asText()));
    }
    return result;
  }

  /**
   * Runs one InfluxQL statement through {@code POST /query} with {@code chunked=true}: InfluxDB
   * sends its answer as a sequence of JSON objects of at most {@code chunkSize} rows each, and each
   * object's result (the first element of its {@code results}) is passed to {@code chunk} as it
   * arrives, so that no more than one chunk is held. The request is retried like {@link #query}
   * until the answer starts, never after.
   */
  void queryChunked(String database, String statement, int chunkSize, Consumer<JsonNode> chunk) {
    var parameters = new LinkedHashMap<String, String>();
    parameters.put("q", statement);
    parameters.put("db", database);
    parameters.put("epoch", "ns");
    parameters.put("chunked", "true");
    parameters.put("chunk_size", String.valueOf(chunkSize));
    var request =
        request("/query")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
    String what = queryWhat(statement);
    var response =
        send(what, request, true, HttpResponse.BodyHandlers.ofInputStream(), InfluxHttp::drain);
    try (InputStream body = response.body();
        MappingIterator<JsonNode> chunks = json.readerFor(JsonNode.class).readValues(body)) {
      while (chunks.hasNextValue()) {
        JsonNode result = chunks.nextValue().path("results").path(0);
        if (result.hasNonNull("error")) {
          throw new StoreUnavailableException(
              Store.TIMESERIES,
              "InfluxDB at " + url + " refused " + what + ": " + result.get("error").asText(),
              new InfluxResponseException(200, result.get("error").asText()));
        }
        chunk.accept(result);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES,
          "InfluxDB at " + url + " broke off its answer to " + what + ": " + describe(e),
          e);
    }
  }

  private static String queryWhat(String statement) {
    String[] words = statement.split(" ", 5);
    return "query " + String.join(" ", Arrays.copyOf(words, Math.min(4, words.length)));
  }

  /** The whole of an error answer's body, as text. */
  private static String drain(InputStream body) {
    try (body) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(the body could not be read: " + e.getMessage() + ")";
    }
  }

  /**
   * Sends a JSON request to the 2.x API ({@code body} null for none) and returns the answer's JSON;
   * only a GET is retried.
   */
  JsonNode v2(String method, String pathAndQuery, JsonNode body) {
    var request =
        request(pathAndQuery)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    String what = method + " " + pathAndQuery.replaceAll("\\?.*", "");
    String answer = send(what, request, "GET".equals(method)).body();
    return answer.isBlank() ? json.createObjectNode() : parse(what, answer);
  }

  ObjectMapper json() {
    return json;
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    var request = HttpRequest.newBuilder(URI.create(url + pathAndQuery));
    authorization.ifPresent(value -> request.header("Authorization", value));
    return request;
  }

  /**
   * Sends a request, trying again after connection errors, timeouts and 5xx answers when {@code
   * retry} is set, and returns the first 2xx answer.
   */
  private HttpResponse<String> send(String what, HttpRequest.Builder builder, boolean retry) {
    return send(what, builder, retry, HttpResponse.BodyHandlers.ofString(), body -> body);
  }

  /**
   * {@link #send(String, HttpRequest.Builder, boolean)} with another body handler; {@code text}
   * reads an error answer's body as text.
   */
  private <T> HttpResponse<T> send(
      String what,
      HttpRequest.Builder builder,
      boolean retry,
      HttpResponse.BodyHandler<T> handler,
      Function<T, String> text) {
    return retrying(
        what,
        retry,
        timeout -> {
          var response = client.send(builder.timeout(timeout).build(), handler);
          if (response.statusCode() / 100 == 2) {
            return response;
          }
          throw new Refusal(
              response.statusCode(),
              InfluxResponseException.errorText(json, text.apply(response.body())));
        });
  }

  /** One try of a request, within {@code timeout}; a non-2xx answer is a {@link Refusal}. */
  @FunctionalInterface
  private interface Attempt<T> {
    T run(Duration timeout) throws IOException, InterruptedException, Refusal;
  }

  /**
   * Whether InfluxDB's 4xx refuses the points themselves (they will be refused again): a partial
   * write, a line it cannot parse, a field of another type, a time beyond the retention policy.
   * Refused credentials, a missing database or retention policy are not: an operator can fix them.
   */
  static boolean refusesContent(int status, String error) {
    if (status == 422) {
      return true;
    }
    if (status != 400 || error == null) {
      return false;
    }
    String text = error.toLowerCase(java.util.Locale.ROOT);
    return text.contains("partial write")
        || text.contains("unable to parse")
        || text.contains("field type conflict")
        || text.contains("beyond retention");
  }

  /** A non-2xx answer: its status and InfluxDB's error text. */
  private static final class Refusal extends Exception {
    final int status;
    final String error;

    Refusal(int status, String error) {
      super(null, null, false, false);
      this.status = status;
      this.error = error;
    }
  }

  /**
   * Runs an attempt, trying again after connection errors, timeouts and 5xx answers when {@code
   * retry} is set, and returns the first success.
   */
  private <T> T retrying(String what, boolean retry, Attempt<T> attempt) {
    long deadline = System.nanoTime() + timing.deadline().toNanos();
    int attempts = retry ? timing.attempts() : 1;
    Duration backoff = timing.firstBackoff();
    for (int tries = 1; ; tries++) {
      long left = Math.max(1_000_000, deadline - System.nanoTime());
      Duration timeout = Duration.ofNanos(Math.min(left, timing.requestTimeout().toNanos()));
      String problem;
      Exception cause;
      try {
        return attempt.run(timeout);
      } catch (Refusal refusal) {
        cause = new InfluxResponseException(refusal.status, refusal.error);
        problem = "answered HTTP " + refusal.status + " to " + what + ": " + refusal.error;
        if (refusal.status < 500) {
          throw new StoreRefusedException(
              Store.TIMESERIES,
              "InfluxDB at " + url + " " + problem,
              cause,
              refusesContent(refusal.status, refusal.error));
        }
      } catch (IOException e) {
        cause = e;
        problem = "did not answer " + what + ": " + describe(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException(
            Store.TIMESERIES, what + " to InfluxDB at " + url + " was interrupted", e);
      }
      boolean timeLeft = System.nanoTime() + backoff.toNanos() < deadline;
      if (tries >= attempts || !timeLeft) {
        throw new StoreUnavailableException(
            Store.TIMESERIES,
            "InfluxDB at " + url + " " + problem + " (" + tries + " of " + attempts + " tries)",
            cause);
      }
      log.warn(
          "InfluxDB at {} {}; trying again in {} ms ({} of {})",
          url,
          problem,
          backoff.toMillis(),
          tries + 1,
          attempts);
      pause(what, backoff);
      backoff = backoff.multipliedBy(4);
    }
  }

  private void pause(String what, Duration backoff) {
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(
          Store.TIMESERIES, what + " to InfluxDB at " + url + " was interrupted", e);
    }
  }

  private JsonNode parse(String what, String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES,
          "InfluxDB at " + url + " answered " + what + " with something other than JSON",
          e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer within the timeout";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** URL-encodes parameters, in their order. */
  private static String form(Map<String, String> parameters) {
    var text = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            text.append(text.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return text.toString();
  }

  @Override
  public void close() {
    try {
      if (client instanceof AutoCloseable closeable) { // Java 21 and later
        closeable.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("closing the HTTP client of InfluxDB at " + url, e);
    } finally {
      executor.shutdownNow();
    }
  }
}
