package org.aqmrg.bench.auth;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.aqmrg.app.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.User;
import org.aqmrg.ratelimit.RateLimiter;

/**
 * The latency that authentication plus rate limiting add to a request with Redis as the cache
 * (issue target: at most 1 ms at p99 on loopback), against baselines measured in the same run.
 *
 * <p>Two phases, each with its variants run round-robin after a warm-up:
 *
 * <ol>
 *   <li>In process, no HTTP: exactly what the guard adds (Sessions.resolve or ApiTokens.resolve
 *       counting the request in the same Redis round trip; before: resolve,
 *       then RateLimiter.acquire), each part alone, a Redis GET and a PostgreSQL {@code SELECT 1}
 *       as references, and a no-op that shows the timer's own overhead.
 *   <li>Over HTTP/1.1 on loopback, one keep-alive connection, sequential requests: {@code GET
 *       /health/live} (no authentication, no rate limit) against {@code GET /api/v1/auth/me} with
 *       a session and with an API token.
 * </ol>
 *
 * <p>Results go to standard output as markdown; progress and run conditions to standard error.
 * It creates its own database on the test PostgreSQL and drops it at the end, removes the Redis
 * keys it made, listens on 127.0.0.1 only and refuses servers that are not on loopback.
 */
public final class AuthLatency {
  private static final String USAGE =
      """
      usage: bench/run org.aqmrg.bench.auth.AuthLatency [--requests N] [--warmup N]
        --requests N   recorded requests per variant (default 50000, 1 to 5000000)
        --warmup N     unrecorded requests per variant first (default 20000, 0 to 5000000)
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;

  /** The target for the added latency at p99, in microseconds. */
  private static final long TARGET_P99_MICROS = 1_000;

  /** The highest rate limit Settings accepts: far above what one run sends in one window. */
  private static final String NO_LIMIT_IN_REACH = "10000000";

  private static final String ME = "/api/v1/auth/me";
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private AuthLatency() {}

  record Options(int requests, int warmup) {
    static Options parse(String[] args) {
      int requests = 50_000;
      int warmup = 20_000;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--requests" -> requests = number(args, ++i, "--requests", 1);
          case "--warmup" -> warmup = number(args, ++i, "--warmup", 0);
          default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
      }
      return new Options(requests, warmup);
    }

    private static int number(String[] args, int i, String option, int min) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a number");
      }
      try {
        int value = Integer.parseInt(args[i]);
        if (value >= min && value <= 5_000_000) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          option + " must be a number from " + min + " to 5000000, got '" + args[i] + "'");
    }
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    Options options;
    LoopbackServers servers;
    try {
      options = Options.parse(args);
      servers = LoopbackServers.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("AuthLatency: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    int status = 0;
    try {
      run(options, servers);
    } catch (Exception e) {
      System.err.println("AuthLatency failed: " + describe(e));
      status = 1;
    }
    // Client and driver threads must not keep the program alive once it is done.
    System.exit(status);
  }

  private static void run(Options options, LoopbackServers servers) throws Exception {
    System.err.println("AuthLatency: " + Machine.describe());
    System.err.println("AuthLatency: " + servers + "; load average " + Machine.loadAverage());
    String database = servers.createDatabase();
    System.err.println("AuthLatency: created database " + database);
    try {
      var env = servers.platformEnv(database);
      env.put("AQMRG_HTTP_HOST", "127.0.0.1");
      env.put("AQMRG_SESSION_TTL_MINUTES", "120");
      for (String kind : List.of("ANONYMOUS", "PUBLIC", "RESEARCHER", "ADMIN", "TOKEN")) {
        env.put("AQMRG_RATE_LIMIT_" + kind, NO_LIMIT_IN_REACH);
      }
      try (var platform = Platform.start(Settings.from(env))) {
        measure(options, platform);
      }
    } finally {
      servers.dropDatabase(database);
      System.err.println("AuthLatency: dropped database " + database);
    }
  }

  private static void measure(Options options, Platform platform) throws Exception {
    var web = platform.web();
    User user = web.users().create("bench@aqmrg.test", "harmattan-dust-2024", Role.ADMIN);
    String session = web.sessions().start(user).secret();
    ApiTokens.Created token =
        web.tokens().create(null, "bench", List.of("read:all"), List.of(), null);
    var limits = web.settings().access().limits();
    Duration window = web.settings().access().rateWindow();
    String tokenSubject = "token:" + token.token().id(); // as the guard names an ownerless token
    String acquireOnlySubject = "bench-acquire-only";
    var rateKeys =
        List.of(
            RateLimiter.key(user.id().toString(), ME),
            RateLimiter.key(tokenSubject, ME),
            RateLimiter.key(acquireOnlySubject, ME));
    Javalin app = WebApp.create(web).start("127.0.0.1", 0);
    try {
      var inProcess = inProcessVariants(platform, session, token.secret(), acquireOnlySubject);
      var inProcessConditions =
          Interleaved.run("in-process", inProcess, options.warmup(), options.requests());
      conditions("in-process", inProcessConditions);

      var http = httpVariants(app.port(), session, token.secret());
      var httpConditions = Interleaved.run("http", http, options.warmup(), options.requests());
      conditions("http", httpConditions);

      var report = new LatencyReport(System.out);
      report.heading(
          "In process, no HTTP (%d per variant after %d warm-up, round-robin)"
              .formatted(options.requests(), options.warmup()));
      report.percentiles(inProcess);
      report.heading(
          "Over HTTP/1.1 on loopback, one keep-alive connection (%d per variant after %d"
                  .formatted(options.requests(), options.warmup())
              + " warm-up, round-robin)");
      report.percentiles(http);
      report.heading("Added latency (difference of percentiles: an estimate)");
      report.added(
          List.of(
              new LatencyReport.Added("session, in process", inProcess.get(1), inProcess.get(0)),
              new LatencyReport.Added("API token, in process", inProcess.get(2), inProcess.get(0)),
              new LatencyReport.Added("session, HTTP", http.get(1), http.get(0)),
              new LatencyReport.Added("API token, HTTP", http.get(2), http.get(0))),
          TARGET_P99_MICROS);
      report.line("");
      report.line(
          "A difference of percentiles is not the percentile of the difference: it estimates"
              + " the added latency, assuming the authenticated and the baseline requests"
              + " otherwise cost the same. Over HTTP it also includes the small difference"
              + " between the two routes' handlers.");
    } finally {
      app.stop();
      web.sessions().endAll(user.id());
      rateKeys.forEach(platform.cache()::delete);
    }
    System.err.println(
        "AuthLatency: rate limits were " + limits + " per " + window.toSeconds() + " s window");
  }

  /** The guard's work, its parts, two references and the timer's own cost; the no-op first. */
  private static List<Interleaved.Variant> inProcessVariants(
      Platform platform, String sessionSecret, String tokenSecret, String acquireOnlySubject) {
    var web = platform.web();
    var sessions = web.sessions();
    var tokens = web.tokens();
    var limiter = web.limiter();
    var limits = web.settings().access().limits();
    Duration window = web.settings().access().rateWindow();
    var cache = platform.cache();
    var dataSource = platform.database().dataSource();
    var variants = new ArrayList<Interleaved.Variant>();
    variants.add(new Interleaved.Variant("no-op (timer overhead, baseline)", () -> {}));
    var counter = RateLimiter.counterFor(ME, window);
    variants.add(
        new Interleaved.Variant(
            "session: Sessions.resolve counting (one EVALSHA), as the guard does",
            () -> {
              var counted = sessions.resolve(sessionSecret, counter).orElseThrow();
              allowed(RateLimiter.decide(counted.counter().orElseThrow(), limits.admin()));
            }));
    variants.add(
        new Interleaved.Variant(
            "API token: ApiTokens.resolve counting (cached: one EVALSHA), as the guard does",
            () -> {
              var valid = (ApiTokens.Resolution.Valid) tokens.resolve(tokenSecret, counter);
              // Once a minute the cached copy expires: the database answers and the guard counts
              // separately, as here.
              allowed(
                  valid.counter().isPresent()
                      ? RateLimiter.decide(valid.counter().get(), limits.token())
                      : limiter.acquire(
                          ApiTokens.rateSubject(valid.principal()), ME, limits.token(), window));
            }));
    variants.add(
        new Interleaved.Variant(
            "before: Sessions.resolve + RateLimiter.acquire (two round trips)",
            () -> {
              Principal principal = sessions.resolve(sessionSecret).orElseThrow();
              allowed(limiter.acquire(principal.userId().toString(), ME, limits.admin(), window));
            }));
    variants.add(
        new Interleaved.Variant(
            "Sessions.resolve alone (HGETALL)",
            () -> sessions.resolve(sessionSecret).orElseThrow()));
    variants.add(
        new Interleaved.Variant(
            "ApiTokens.resolve alone (cached: HGETALL)",
            () -> valid(tokens.resolve(tokenSecret))));
    variants.add(
        new Interleaved.Variant(
            "RateLimiter.acquire alone (EVALSHA)",
            () -> allowed(limiter.acquire(acquireOnlySubject, ME, limits.token(), window))));
    variants.add(
        new Interleaved.Variant(
            "reference: Redis GET of an absent key",
            () -> cache.get("bench:auth-latency:absent")));
    variants.add(
        new Interleaved.Variant(
            "reference: PostgreSQL SELECT 1 through the pool",
            () -> {
              try (var connection = dataSource.getConnection();
                  var select = connection.prepareStatement("SELECT 1");
                  var rows = select.executeQuery()) {
                if (!rows.next()) {
                  throw new IllegalStateException("SELECT 1 returned no row");
                }
              }
            }));
    return variants;
  }

  /** The baseline first, then /auth/me with a session and with a token. */
  private static List<Interleaved.Variant> httpVariants(
      int port, String sessionSecret, String tokenSecret) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HTTP_TIMEOUT)
            .build();
    HttpRequest live = get(port, "/health/live", null);
    HttpRequest meSession = get(port, ME, "Bearer " + sessionSecret);
    HttpRequest meToken = get(port, ME, "Token " + tokenSecret);
    // Once, before timing: each request is answered as the variant's name says.
    expectBody(client, live, "\"up\"");
    expectBody(client, meSession, "\"kind\":\"session\"");
    expectBody(client, meToken, "\"kind\":\"token\"");
    return List.of(
        new Interleaved.Variant(
            "GET /health/live (no auth, no rate limit, baseline)", () -> ok(client, live)),
        new Interleaved.Variant(
            "GET " + ME + ", session (Authorization: Bearer)", () -> ok(client, meSession)),
        new Interleaved.Variant(
            "GET " + ME + ", API token (Authorization: Token)", () -> ok(client, meToken)));
  }

  private static HttpRequest get(int port, String path, String authorization) {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(HTTP_TIMEOUT)
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private static void ok(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          request.uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static void expectBody(HttpClient client, HttpRequest request, String part)
      throws IOException, InterruptedException {
    var response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 || !response.body().contains(part)) {
      throw new IllegalStateException(
          request.uri().getPath()
              + " answered "
              + response.statusCode()
              + " "
              + response.body()
              + "; expected 200 with "
              + part);
    }
  }

  private static Principal valid(ApiTokens.Resolution resolution) {
    if (resolution instanceof ApiTokens.Resolution.Valid valid) {
      return valid.principal();
    }
    throw new IllegalStateException("the benchmark's token resolved to " + resolution);
  }

  private static void allowed(RateLimiter.Decision decision) {
    if (!decision.allowed() || decision.unenforced()) {
      throw new IllegalStateException("the rate limiter answered " + decision);
    }
  }

  private static void conditions(String phase, Interleaved.Conditions c) {
    System.err.printf(
        "AuthLatency: %s measured in %.1f s at %s; load average %s before, %s after;"
            + " %d GC pause(s), %d ms in all%n",
        phase,
        c.seconds(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        c.loadBefore(),
        c.loadAfter(),
        c.gcCount(),
        c.gcMillis());
  }

  /** The message of an exception and of each cause, never a stack trace. */
  private static String describe(Throwable e) {
    var text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ");
      text.append(cause.getMessage());
    }
    return text.toString();
  }
}
