package org.aqmrg.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the platform, read from environment variables and validated once at start-up.
 *
 * <p>Names follow the seed ({@code DATABASE_*}, {@code INFLUXDB_*}, {@code REDIS_*}) and the
 * project's own {@code AQMRG_*}. {@link #from(Map)} reports every bad value at once, each message
 * naming the variable, the value and what is allowed; secrets never appear in messages or in {@link
 * #toString()}.
 */
public record Settings(
    Http http,
    Path dataDir,
    Database database,
    Pool pool,
    boolean migrateOnStart,
    TimeSeriesBackend timeSeries,
    Influx influx,
    CacheBackend cache,
    RedisSettings redis,
    InProcessCache inProcessCache,
    Access access,
    Ingest ingest,
    boolean rollupWorker,
    AlertSettings alerts,
    BackupSettings backup,
    DashboardSettings dashboard,
    SpoolSettings spool) {

  /** Which server holds the time series. */
  public enum TimeSeriesBackend {
    POSTGRES,
    INFLUXDB
  }

  /** What ingest does with readings of a sensor the registry does not know. */
  enum UnknownSensors {
    REJECT,
    PENDING
  }

  /**
   * The levels of {@code AQMRG_LOG_LEVEL}. Logback reads the variable itself (logback.xml); it is
   * validated here so that a typo stops start-up instead of silently logging at DEBUG.
   */
  enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    OFF
  }

  /**
   * {@code AQMRG_ROLLUPS}: whether this instance runs the rollup worker. Writes mark the hours they
   * touch either way; with {@code off} another instance (or a later start) rolls them up.
   */
  enum RollupWorker {
    ON,
    OFF
  }

  /**
   * Who may read {@code GET /metrics} without the {@code read:metrics} scope ({@code
   * AQMRG_METRICS_ACCESS}): callers on this machine's loopback, nobody, or everyone.
   */
  public enum MetricsAccess {
    LOOPBACK,
    TOKEN,
    PUBLIC
  }

  /** Which server holds sessions, rate limits and cached values. */
  public enum CacheBackend {
    MEMORY,
    REDIS
  }

  /**
   * The HTTP server.
   *
   * @param corsOrigins the origins (e.g. {@code https://dashboard.example.org}) whose pages may
   *     call the API from a browser; empty: none
   * @param maxBodiesInFlightBytes the most memory all request bodies being read may hold together
   */
  public record Http(String host, int port, List<String> corsOrigins, long maxBodiesInFlightBytes) {
    public Http {
      corsOrigins = List.copyOf(corsOrigins);
    }
  }

  /**
   * The relational store. {@code external} is empty when no {@code DATABASE_HOST} is set: then the
   * platform runs its own PostgreSQL under {@code dataDir}, listening on {@code embeddedPort}.
   * {@code replica} is the external server's streaming replica, when one is set.
   */
  public record Database(
      Optional<External> external, int embeddedPort, Optional<ReplicaSettings> replica) {
    public boolean embedded() {
      return external.isEmpty();
    }
  }

  public record External(String host, int port, String name, String user, Secret password) {}

  /** HikariCP limits; the defaults are the seed's pool settings. */
  public record Pool(int maxConnections, long idleTimeoutMs, long connectionTimeoutMs) {}

  /**
   * InfluxDB, spoken to through its 1.x HTTP API (native on 1.x and 3.x, the compatibility API on
   * 2.x). Credentials: a token ({@code Authorization: Token}), or a user name and password (1.x).
   */
  /**
   * InfluxDB.
   *
   * @param gzip whether writes go out gzip-compressed ({@code AQMRG_INFLUXDB_GZIP})
   */
  public record Influx(
      Optional<String> url,
      Secret token,
      String org,
      String database,
      String username,
      Secret password,
      Gzip gzip) {

    /** With {@link Gzip#AUTO}. */
    public Influx(
        Optional<String> url,
        Secret token,
        String org,
        String database,
        String username,
        Secret password) {
      this(url, token, org, database, username, password, Gzip.AUTO);
    }
  }

  /**
   * Compression of writes to InfluxDB: {@code auto} compresses unless InfluxDB is on this machine
   * (where compressing only takes CPU from InfluxDB), {@code on} and {@code off} always and never.
   */
  public enum Gzip {
    AUTO,
    ON,
    OFF
  }

  /**
   * The in-process cache ({@code AQMRG_CACHE=memory}).
   *
   * @param maxEntries the most keys it holds; beyond them the least used are evicted (a latest
   *     value is then read from the store again, a rate-limit or login-failure count starts over)
   */
  public record InProcessCache(int maxEntries) {}

  /**
   * Sessions, rate limits and login throttling.
   *
   * @param sessionLifetime how long a login lasts
   * @param rateWindow length of one rate-limit window
   * @param rateSync how often anonymous callers' counts, kept in process between syncs, are added
   *     to the shared cache; zero counts each request in the cache
   * @param limits requests allowed per window, by kind of caller
   * @param loginFailuresPerAccount failed logins for one e-mail before it is slowed down
   * @param loginFailuresPerAddress failed logins from one address before it is slowed down
   * @param loginFailureWindow how long failed logins are remembered
   * @param trustProxy take the client address from X-Forwarded-For (behind a proxy only)
   * @param metrics who may read {@code /metrics} without a {@code read:metrics} token
   */
  public record Access(
      Duration sessionLifetime,
      Duration rateWindow,
      Duration rateSync,
      RateLimits limits,
      int loginFailuresPerAccount,
      int loginFailuresPerAddress,
      Duration loginFailureWindow,
      boolean trustProxy,
      MetricsAccess metrics) {}

  /**
   * The write path.
   *
   * @param registerUnknownSensors register unknown sensors as pending instead of refusing them
   * @param maxBodyBytes the largest write body accepted, after gunzipping
   * @param maxFuture how far ahead of the server's clock a reading may be
   */
  public record Ingest(boolean registerUnknownSensors, long maxBodyBytes, Duration maxFuture) {}

  /** Requests per rate-limit window for each kind of caller. */
  public record RateLimits(int anonymous, int publicUser, int researcher, int admin, int token) {}

  private static final long MB = 1024L * 1024L;

  /** Reads and validates the settings; throws with one line per problem. */
  public static Settings from(Map<String, String> env) {
    var reader = new Reader(env);
    String httpHost = reader.string("AQMRG_HTTP_HOST", "0.0.0.0");
    int httpPort = reader.port("AQMRG_HTTP_PORT", 8080);
    List<String> corsOrigins = reader.origins("AQMRG_CORS_ORIGINS");
    var dataDir = Path.of(reader.string("AQMRG_DATA_DIR", "./aqmrg-data"));

    // Every variable is read, used or not, so a typo in one is never silently ignored.
    int databasePort = reader.port("DATABASE_PORT", 5432);
    Optional<External> external =
        reader
            .optional("DATABASE_HOST")
            .map(
                host ->
                    new External(
                        host,
                        databasePort,
                        reader.string("DATABASE_NAME", "aqmrg"),
                        reader.string("DATABASE_USER", "aqmrg"),
                        Secret.of(reader.optional("DATABASE_PASSWORD").orElse(""))));
    var database =
        new Database(
            external,
            reader.port("AQMRG_EMBEDDED_DB_PORT", 54329),
            ReplicaSettings.read(reader, external, databasePort));
    var pool =
        new Pool(
            reader.integer("AQMRG_DB_POOL_MAX", 20, 1, 1000),
            reader.integer("AQMRG_DB_IDLE_TIMEOUT_MS", 30_000, 10_000, 86_400_000),
            reader.integer("AQMRG_DB_CONNECTION_TIMEOUT_MS", 2_000, 250, 600_000));
    boolean migrateOnStart = reader.bool("AQMRG_MIGRATE_ON_START", true);

    var influxUrl = reader.optional("INFLUXDB_URL").map(url -> reader.httpUrl("INFLUXDB_URL", url));
    var influx =
        new Influx(
            influxUrl,
            Secret.of(reader.optional("INFLUXDB_TOKEN").orElse("")),
            reader.string("INFLUXDB_ORG", "aqmrg"),
            reader.string("INFLUXDB_DATABASE", "aqmrg"),
            reader.string("INFLUXDB_USERNAME", ""),
            Secret.of(reader.optional("INFLUXDB_PASSWORD").orElse("")),
            reader.choice("AQMRG_INFLUXDB_GZIP", Gzip.class, Gzip.AUTO));
    var timeSeries =
        reader.choice(
            "AQMRG_TIMESERIES",
            TimeSeriesBackend.class,
            influxUrl.isPresent() ? TimeSeriesBackend.INFLUXDB : TimeSeriesBackend.POSTGRES);
    if (timeSeries == TimeSeriesBackend.INFLUXDB && influxUrl.isEmpty()) {
      reader.problem(
          "AQMRG_TIMESERIES=influxdb needs INFLUXDB_URL, for example http://localhost:8086");
    }

    var redisRead = RedisSettings.read(reader);
    var redis = redisRead.redis();
    var cache =
        reader.choice(
            "AQMRG_CACHE",
            CacheBackend.class,
            redisRead.configured() ? CacheBackend.REDIS : CacheBackend.MEMORY);
    var inProcessCache =
        new InProcessCache(
            reader.integer("AQMRG_MEMORY_CACHE_MAX_ENTRIES", 100_000, 1_000, 100_000_000));

    var access =
        new Access(
            Duration.ofMinutes(reader.integer("AQMRG_SESSION_TTL_MINUTES", 720, 5, 43_200)),
            Duration.ofSeconds(reader.integer("AQMRG_RATE_LIMIT_WINDOW_SECONDS", 60, 1, 86_400)),
            Duration.ofMillis(reader.integer("AQMRG_RATE_LIMIT_SYNC_MS", 100, 0, 60_000)),
            new RateLimits(
                reader.integer("AQMRG_RATE_LIMIT_ANONYMOUS", 120, 1, 10_000_000),
                reader.integer("AQMRG_RATE_LIMIT_PUBLIC", 300, 1, 10_000_000),
                reader.integer("AQMRG_RATE_LIMIT_RESEARCHER", 1_200, 1, 10_000_000),
                reader.integer("AQMRG_RATE_LIMIT_ADMIN", 2_400, 1, 10_000_000),
                reader.integer("AQMRG_RATE_LIMIT_TOKEN", 12_000, 1, 10_000_000)),
            reader.integer("AQMRG_LOGIN_MAX_FAILURES", 5, 1, 1_000),
            reader.integer("AQMRG_LOGIN_MAX_FAILURES_PER_ADDRESS", 20, 1, 100_000),
            Duration.ofMinutes(reader.integer("AQMRG_LOGIN_FAILURE_WINDOW_MINUTES", 15, 1, 1_440)),
            reader.bool("AQMRG_TRUST_PROXY", false),
            reader.choice("AQMRG_METRICS_ACCESS", MetricsAccess.class, MetricsAccess.LOOPBACK));

    int maxBodyMb = reader.integer("AQMRG_MAX_BODY_MB", 25, 1, 1_024);
    var ingest =
        new Ingest(
            reader.choice("AQMRG_UNKNOWN_SENSORS", UnknownSensors.class, UnknownSensors.REJECT)
                == UnknownSensors.PENDING,
            maxBodyMb * MB,
            Duration.ofSeconds(reader.integer("AQMRG_MAX_FUTURE_SECONDS", 300, 0, 86_400)));
    int inFlightMb =
        reader.integer("AQMRG_MAX_BODIES_IN_FLIGHT_MB", Math.max(64, 2 * maxBodyMb), 1, 65_536);
    if (inFlightMb < maxBodyMb) {
      reader.problem(
          ("AQMRG_MAX_BODIES_IN_FLIGHT_MB must be at least AQMRG_MAX_BODY_MB (%d), or a body of"
                  + " the largest size could never be read, got '%d'")
              .formatted(maxBodyMb, inFlightMb));
    }
    var http = new Http(httpHost, httpPort, corsOrigins, inFlightMb * MB);

    reader.choice("AQMRG_LOG_LEVEL", LogLevel.class, LogLevel.INFO);
    boolean rollupWorker =
        reader.choice("AQMRG_ROLLUPS", RollupWorker.class, RollupWorker.ON) == RollupWorker.ON;

    var alerts = AlertSettings.read(reader);
    var backup = BackupSettings.read(reader, dataDir, influxUrl);
    var dashboard = DashboardSettings.read(reader);
    var spool = SpoolSettings.read(reader, dataDir);

    reader.throwIfProblems();
    return new Settings(
        http,
        dataDir,
        database,
        pool,
        migrateOnStart,
        timeSeries,
        influx,
        cache,
        redis,
        inProcessCache,
        access,
        ingest,
        rollupWorker,
        alerts,
        backup,
        dashboard,
        spool);
  }

  /** Collects problems instead of stopping at the first, so an operator fixes them in one go. */
  static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    Optional<String> optional(String name) {
      String value = env.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String string(String name, String fallback) {
      return optional(name).orElse(fallback);
    }

    int port(String name, int fallback) {
      return integer(name, fallback, 1, 65535);
    }

    int integer(String name, int fallback, int min, int max) {
      var raw = optional(name);
      if (raw.isEmpty()) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(raw.get());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below with the allowed range
      }
      problem("%s must be a number from %d to %d, got '%s'".formatted(name, min, max, raw.get()));
      return fallback;
    }

    boolean bool(String name, boolean fallback) {
      var raw = optional(name);
      if (raw.isEmpty()) {
        return fallback;
      }
      switch (raw.get().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1", "on" -> {
          return true;
        }
        case "false", "no", "0", "off" -> {
          return false;
        }
        default -> {
          problem("%s must be true or false, got '%s'".formatted(name, raw.get()));
          return fallback;
        }
      }
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
      var raw = optional(name);
      if (raw.isEmpty()) {
        return fallback;
      }
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(raw.get())) {
          return constant;
        }
      }
      var allowed = new ArrayList<String>();
      for (E constant : type.getEnumConstants()) {
        allowed.add(constant.name().toLowerCase(Locale.ROOT));
      }
      problem(
          "%s must be one of %s, got '%s'".formatted(name, String.join(", ", allowed), raw.get()));
      return fallback;
    }

    /**
     * A comma-separated list of exact origins, each normalised as browsers send it: lower case,
     * without a default port or a trailing slash.
     */
    List<String> origins(String name) {
      var raw = optional(name);
      var origins = new ArrayList<String>();
      if (raw.isEmpty()) {
        return origins;
      }
      for (String item : raw.get().split(",", -1)) {
        var origin = Origins.normalise(item.trim());
        if (origin.isEmpty()) {
          problem(
              ("%s must be a comma-separated list of origins such as https://dashboard.example.org"
                      + " (http or https, a host, an optional port; no path, no wildcard),"
                      + " got '%s'")
                  .formatted(name, item.trim()));
        } else if (!origins.contains(origin.get())) {
          origins.add(origin.get());
        }
      }
      return origins;
    }

    String httpUrl(String name, String value) {
      try {
        var uri = java.net.URI.create(value);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null
            && uri.getUserInfo() == null) {
          return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      problem(
          "%s must be an http:// or https:// URL with a host and no credentials, got '%s'"
              .formatted(name, value.contains("@") ? "<hidden: contains credentials>" : value));
      return value;
    }

    void problem(String message) {
      problems.add(message);
    }

    void throwIfProblems() {
      if (!problems.isEmpty()) {
        throw new SettingsException(problems);
      }
    }
  }
}
