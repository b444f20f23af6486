package org.aqmrg.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.aqmrg.cache.Cache;
import org.aqmrg.db.Database;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.registry.SensorId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens of devices and services ({@code api_tokens}, migration V006). A token is shown once,
 * when created; only its SHA-256 is stored.
 *
 * <p>A valid token is also kept in the cache for {@link #CACHED_FOR} under {@code
 * api_token:{sha256}}, so that a busy device costs one cache round trip per request (which also
 * counts it against its rate limit), not a database query. Revoking a token, or deleting its owner,
 * removes that entry at once; only while the cache cannot be reached could a revoked token still be
 * accepted, for at most {@link #CACHED_FOR}. Revoked, expired and unknown tokens are never cached:
 * each is checked in the database.
 *
 * <p>Tokens are cached only in a cache that every process reaches (Redis), since {@code ./aqmrg
 * tokens revoke} must be able to remove the entry; with the in-process memory cache every request
 * asks the database.
 */
public final class ApiTokens {
  private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

  /** How long a valid token is trusted from the cache before the database is asked again. */
  public static final Duration CACHED_FOR = Duration.ofSeconds(60);

  /** The field of a cached token that names its rate-limit subject. */
  private static final String RATE_SUBJECT = "rate_subject";

  /** Longest token name, as in {@code api_tokens.name}. */
  public static final int MAX_NAME_LENGTH = 100;

  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private final TokenTable table;
  private final Copies copies;
  private final Clock clock;
  private final Map<UUID, Instant> lastUseRecorded = new ConcurrentHashMap<>();

  /** Tokens that are always looked up in the database. */
  public ApiTokens(Database database, Clock clock) {
    this.table = new TokenTable(database);
    this.copies = Copies.NONE;
    this.clock = clock;
  }

  /** Tokens whose valid ones are kept in {@code sharedCache} for {@link #CACHED_FOR}. */
  public ApiTokens(Database database, Cache sharedCache, Clock clock) {
    this.table = new TokenTable(database);
    this.copies = Copies.in(java.util.Objects.requireNonNull(sharedCache, "sharedCache"));
    this.clock = clock;
  }

  /** A token as listed: everything but the secret. */
  public record Token(
      UUID id,
      UUID userId,
      String name,
      String prefix,
      List<String> scopes,
      List<String> sensorIds,
      Instant createdAt,
      Instant lastUsedAt,
      Instant expiresAt,
      Instant revokedAt) {

    public boolean active(Instant now) {
      return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
  }

  /** A new token and its secret, which is never shown again. */
  public record Created(String secret, Token token) {}

  /**
   * Creates a token. 400 names the field when the name, a scope, a sensor id (not one, or of no
   * registered sensor) or the expiry is wrong.
   *
   * @param owner the user it acts for; null for an operator's token made on the command line
   * @param sensorIds for {@code write:readings}, the only sensors it may write for; empty for all
   * @param expiresAt null for a token that does not expire
   */
  public Created create(
      UUID owner, String name, List<String> scopes, List<String> sensorIds, Instant expiresAt) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw InvalidInputException.field(
          "name", "the token needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
    }
    var parsed = new LinkedHashSet<String>();
    if (scopes == null || scopes.isEmpty()) {
      throw InvalidInputException.field(
          "scopes",
          "give at least one scope: write:readings, write:predictions, read:all or read:metrics");
    }
    for (String scope : scopes) {
      parsed.add(
          Scope.parse(scope)
              .orElseThrow(
                  () ->
                      InvalidInputException.field(
                          "scopes",
                          "unknown scope '"
                              + scope
                              + "': use write:readings, write:predictions, read:all or read:metrics"))
              .value());
    }
    List<String> sensors = sensorIds == null ? List.of() : List.copyOf(sensorIds);
    for (String sensor : sensors) {
      SensorId.check(sensor, "sensor_ids");
    }
    if (!sensors.isEmpty() && !parsed.contains(Scope.WRITE_READINGS.value())) {
      throw InvalidInputException.field("sensor_ids", "sensor ids limit write:readings only");
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw InvalidInputException.field("expires_at", "the expiry must be in the future");
    }

    String secret = Secrets.newSecret(Secrets.TOKEN_PREFIX);
    Token token =
        table.insert(
            owner,
            name.trim(),
            Secrets.sha256(secret),
            secret.substring(0, 10),
            List.copyOf(parsed),
            sensors,
            expiresAt);
    return new Created(secret, token);
  }

  /** Every token, newest first. */
  public List<Token> list() {
    return table.list();
  }

  /** Revokes a token at once; 404 when there is none. Revoking twice keeps the first time. */
  public Token revoke(UUID id) {
    var revoked = table.revoke(id);
    forget(List.of(revoked.hash()));
    return revoked.token();
  }

  /**
   * The cache entries of a user's tokens, to pass to {@link #forget} once the user is deleted (the
   * database deletes their tokens with them).
   */
  public List<String> hashesOwnedBy(UUID userId) {
    return table.hashesOwnedBy(userId);
  }

  /** Removes tokens from the cache, so the next request with them asks the database. */
  public void forget(List<String> hashes) {
    try {
      for (String hash : hashes) {
        copies.delete(cacheKey(hash));
      }
    } catch (StoreUnavailableException e) {
      // The database change stands; the cache's copies expire by themselves.
      log.warn(
          "The cache could not be told of a revoked or deleted token; it may still be accepted"
              + " for up to {} s: {}",
          CACHED_FOR.toSeconds(),
          e.getMessage());
    }
  }

  /** What a presented secret resolves to. */
  public sealed interface Resolution {
    /**
     * A usable token; {@code counter} is the request's count against its rate limit when the cache
     * counted it while finding the token (see {@link #resolve(String, Cache.KeyedCounter)}).
     */
    record Valid(Principal principal, Optional<Cache.Counter> counter) implements Resolution {
      public Valid(Principal principal) {
        this(principal, Optional.empty());
      }
    }

    /** Known but unusable; {@code reason} is "revoked" or "expired". */
    record Refused(Token token, String reason) implements Resolution {}

    record Unknown() implements Resolution {}
  }

  /** Looks a secret up; records its use at most once a minute. */
  public Resolution resolve(String secret) {
    String hash = Secrets.sha256(secret);
    try {
      var cached = fromCache(copies.get(cacheKey(hash)));
      if (cached.isPresent()) {
        return new Resolution.Valid(cached.get());
      }
    } catch (StoreUnavailableException e) {
      // The database answers instead.
    }
    return resolveInDatabase(hash);
  }

  /**
   * As {@link #resolve(String)}; a token found in the cache is also counted on {@code counter} (its
   * user's, or for an ownerless token its own, {@code rate_limit:…:{endpoint}}) in the same round
   * trip, and the answer carries the count. A token not in the cache, or any token while the cache
   * is unreachable, is looked up in the database and comes back uncounted.
   */
  public Resolution resolve(String secret, Cache.KeyedCounter counter) {
    return resolve(secret, counter, () -> {});
  }

  /**
   * As {@link #resolve(String, Cache.KeyedCounter)} ({@code counter} may be null: nothing is
   * counted), with {@code beforeDatabase} run just before the database is asked, that is for a
   * token the cache does not hold; it may throw to refuse the request without that query.
   */
  public Resolution resolve(String secret, Cache.KeyedCounter counter, Runnable beforeDatabase) {
    String hash = Secrets.sha256(secret);
    try {
      if (counter == null) {
        var cached = fromCache(copies.get(cacheKey(hash)));
        if (cached.isPresent()) {
          return new Resolution.Valid(cached.get());
        }
      } else {
        var answer = copies.getAndCount(cacheKey(hash), counter);
        var cached = fromCache(answer.hash());
        if (cached.isPresent()) {
          return new Resolution.Valid(cached.get(), answer.counter());
        }
      }
    } catch (StoreUnavailableException e) {
      // The database answers instead, and the caller counts the request as it can.
    }
    beforeDatabase.run();
    return resolveInDatabase(hash);
  }

  /** The rate-limit subject of a token: its owner, or the token itself when it has none. */
  public static String rateSubject(Principal principal) {
    return principal.userId() != null
        ? principal.userId().toString()
        : "token:" + principal.credentialId();
  }

  private Resolution resolveInDatabase(String hash) {
    Optional<Token> found = findByHash(hash);
    if (found.isEmpty()) {
      return new Resolution.Unknown();
    }
    Token token = found.get();
    Instant now = clock.instant();
    if (token.revokedAt() != null) {
      return new Resolution.Refused(token, "revoked");
    }
    if (token.expiresAt() != null && !token.expiresAt().isAfter(now)) {
      return new Resolution.Refused(token, "expired");
    }
    var scopes = new LinkedHashSet<Scope>();
    token.scopes().forEach(s -> Scope.parse(s).ifPresent(scopes::add));
    Principal principal =
        new Principal(
            Principal.Kind.TOKEN,
            token.userId(),
            token.name(),
            Role.PUBLIC,
            Set.copyOf(scopes),
            token.sensorIds(),
            token.id().toString(),
            token.expiresAt());
    recordUse(token.id(), now);
    remember(hash, principal, now);
    return new Resolution.Valid(principal);
  }

  private void remember(String hash, Principal principal, Instant now) {
    Duration ttl = CACHED_FOR;
    if (principal.expiresAt() != null) {
      Duration left = Duration.between(now, principal.expiresAt());
      if (left.compareTo(ttl) < 0) {
        ttl = left;
      }
    }
    if (ttl.toMillis() < 1) {
      return;
    }
    var fields = new java.util.HashMap<String, String>();
    fields.put("id", principal.credentialId());
    fields.put("user_id", principal.userId() == null ? "" : principal.userId().toString());
    fields.put("name", principal.name());
    fields.put(
        "scopes",
        String.join(",", principal.scopes().stream().map(Scope::value).sorted().toList()));
    fields.put("sensor_ids", String.join(",", principal.sensorIds()));
    fields.put("expires_at", principal.expiresAt() == null ? "" : principal.expiresAt().toString());
    fields.put(RATE_SUBJECT, rateSubject(principal));
    try {
      copies.put(cacheKey(hash), fields, ttl);
    } catch (StoreUnavailableException e) {
      // Not cached this time: the next request asks the database again.
    }
  }

  /** The principal of a cached token; empty when there is none or it has expired since. */
  private Optional<Principal> fromCache(Map<String, String> fields) {
    if (fields.isEmpty() || !fields.containsKey(RATE_SUBJECT)) {
      return Optional.empty();
    }
    String expires = fields.getOrDefault("expires_at", "");
    Instant expiresAt = expires.isEmpty() ? null : Instant.parse(expires);
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      return Optional.empty();
    }
    UUID id = UUID.fromString(fields.get("id"));
    String owner = fields.getOrDefault("user_id", "");
    var scopes = new LinkedHashSet<Scope>();
    for (String scope : split(fields.get("scopes"))) {
      Scope.parse(scope).ifPresent(scopes::add);
    }
    recordUse(id, now);
    return Optional.of(
        new Principal(
            Principal.Kind.TOKEN,
            owner.isEmpty() ? null : UUID.fromString(owner),
            fields.getOrDefault("name", ""),
            Role.PUBLIC,
            Set.copyOf(scopes),
            split(fields.get("sensor_ids")),
            id.toString(),
            expiresAt));
  }

  private static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
  }

  /** Where valid tokens are kept between requests: a shared cache, or nowhere. */
  private interface Copies {
    /** Keeps none: every token is looked up in the database. */
    Copies NONE =
        new Copies() {
          @Override
          public Map<String, String> get(String key) {
            return Map.of();
          }

          @Override
          public Cache.HashAndCounter getAndCount(String key, Cache.KeyedCounter counter) {
            return new Cache.HashAndCounter(Map.of(), Optional.empty());
          }

          @Override
          public void put(String key, Map<String, String> fields, Duration ttl) {}

          @Override
          public void delete(String key) {}
        };

    /** Kept in {@code cache}, and counted there on the token's rate subject when asked. */
    static Copies in(Cache cache) {
      return new Copies() {
        @Override
        public Map<String, String> get(String key) {
          return cache.getHash(key);
        }

        @Override
        public Cache.HashAndCounter getAndCount(String key, Cache.KeyedCounter counter) {
          return cache.getHashAndIncrement(key, RATE_SUBJECT, counter);
        }

        @Override
        public void put(String key, Map<String, String> fields, Duration ttl) {
          cache.putHash(key, fields, ttl);
        }

        @Override
        public void delete(String key) {
          cache.delete(key);
        }
      };
    }

    Map<String, String> get(String key);

    Cache.HashAndCounter getAndCount(String key, Cache.KeyedCounter counter);

    void put(String key, Map<String, String> fields, Duration ttl);

    void delete(String key);
  }

  private static String cacheKey(String hash) {
    return "api_token:" + hash;
  }

  private Optional<Token> findByHash(String hash) {
    return table.findByHash(hash);
  }

  private void recordUse(UUID id, Instant now) {
    Instant last = lastUseRecorded.get(id);
    if (last != null && last.plus(LAST_USED_RESOLUTION).isAfter(now)) {
      return;
    }
    lastUseRecorded.put(id, now);
    table.recordUse(id, now);
  }
}
