package org.aqmrg.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.aqmrg.http.ApiException;

/**
 * API tokens of devices and services ({@code api_tokens}, migration V006). A token is shown once,
 * when created; only its SHA-256 is stored, and each request finds it with one indexed lookup.
 */
public final class ApiTokens {
  /** Longest token name, as in {@code api_tokens.name}. */
  public static final int MAX_NAME_LENGTH = 100;

  /** Sensor ids as in {@code sensors.id}: letters, digits and a few separators. */
  private static final Pattern SENSOR_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");

  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
  private static final String COLUMNS =
      "id, user_id, name, token_prefix, scopes, sensor_ids, created_at, last_used_at,"
          + " expires_at, revoked_at";

  private final DataSource dataSource;
  private final Clock clock;
  private final Map<UUID, Instant> lastUseRecorded = new ConcurrentHashMap<>();

  public ApiTokens(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
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
   * Creates a token. 400 names the field when the name, a scope, a sensor id or the expiry is
   * wrong.
   *
   * @param owner the user it acts for; null for an operator's token made on the command line
   * @param sensorIds for {@code write:readings}, the only sensors it may write for; empty for all
   * @param expiresAt null for a token that does not expire
   */
  public Created create(
      UUID owner, String name, List<String> scopes, List<String> sensorIds, Instant expiresAt) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalid(
          "name", "the token needs a name of 1 to " + MAX_NAME_LENGTH + " characters");
    }
    var parsed = new LinkedHashSet<String>();
    if (scopes == null || scopes.isEmpty()) {
      throw ApiException.invalid(
          "scopes", "give at least one scope: write:readings, write:predictions or read:all");
    }
    for (String scope : scopes) {
      parsed.add(
          Scope.parse(scope)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "scopes",
                          "unknown scope '"
                              + scope
                              + "': use write:readings, write:predictions or read:all"))
              .value());
    }
    List<String> sensors = sensorIds == null ? List.of() : List.copyOf(sensorIds);
    for (String sensor : sensors) {
      if (!SENSOR_ID.matcher(sensor).matches()) {
        throw ApiException.invalid("sensor_ids", "'" + sensor + "' is not a sensor id");
      }
    }
    if (!sensors.isEmpty() && !parsed.contains(Scope.WRITE_READINGS.value())) {
      throw ApiException.invalid("sensor_ids", "sensor ids limit write:readings only");
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw ApiException.invalid("expires_at", "the expiry must be in the future");
    }

    String secret = Secrets.newSecret(Secrets.TOKEN_PREFIX);
    String sql =
        "INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, scopes, sensor_ids,"
            + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "
            + COLUMNS;
    try (var connection = dataSource.getConnection();
        var insert = connection.prepareStatement(sql)) {
      insert.setObject(1, owner);
      insert.setString(2, name.trim());
      insert.setString(3, Secrets.sha256(secret));
      insert.setString(4, secret.substring(0, 10));
      insert.setArray(5, connection.createArrayOf("text", parsed.toArray()));
      insert.setArray(
          6, sensors.isEmpty() ? null : connection.createArrayOf("text", sensors.toArray()));
      insert.setTimestamp(7, expiresAt == null ? null : Timestamp.from(expiresAt));
      try (var rows = insert.executeQuery()) {
        rows.next();
        return new Created(secret, token(rows));
      }
    } catch (SQLException e) {
      if ("23503".equals(e.getSQLState())) {
        throw ApiException.invalid("owner", "no user with id '" + owner + "'");
      }
      throw new IllegalStateException("creating a token failed", e);
    }
  }

  /** Every token, newest first. */
  public List<Token> list() {
    try (var connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at DESC, id")) {
      var tokens = new ArrayList<Token>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          tokens.add(token(rows));
        }
      }
      return tokens;
    } catch (SQLException e) {
      throw new IllegalStateException("listing tokens failed", e);
    }
  }

  /** Revokes a token at once; 404 when there is none. Revoking twice keeps the first time. */
  public Token revoke(UUID id) {
    String sql =
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, NOW()) WHERE id = ? RETURNING "
            + COLUMNS;
    try (var connection = dataSource.getConnection();
        var update = connection.prepareStatement(sql)) {
      update.setObject(1, id);
      try (var rows = update.executeQuery()) {
        if (!rows.next()) {
          throw ApiException.notFound("token", id.toString());
        }
        return token(rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("revoking a token failed", e);
    }
  }

  /** What a presented secret resolves to. */
  public sealed interface Resolution {
    record Valid(Principal principal) implements Resolution {}

    /** Known but unusable; {@code reason} is "revoked" or "expired". */
    record Refused(Token token, String reason) implements Resolution {}

    record Unknown() implements Resolution {}
  }

  /** Looks a secret up; records its use at most once a minute. */
  public Resolution resolve(String secret) {
    Optional<Token> found = findByHash(Secrets.sha256(secret));
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
    recordUse(token.id(), now);
    var scopes = new LinkedHashSet<Scope>();
    token.scopes().forEach(s -> Scope.parse(s).ifPresent(scopes::add));
    return new Resolution.Valid(
        new Principal(
            Principal.Kind.TOKEN,
            token.userId(),
            token.name(),
            Role.PUBLIC,
            Set.copyOf(scopes),
            token.sensorIds(),
            token.id().toString(),
            token.expiresAt()));
  }

  private Optional<Token> findByHash(String hash) {
    try (var connection = dataSource.getConnection();
        var select =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?")) {
      select.setString(1, hash);
      try (var rows = select.executeQuery()) {
        return rows.next() ? Optional.of(token(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading a token failed", e);
    }
  }

  private void recordUse(UUID id, Instant now) {
    Instant last = lastUseRecorded.get(id);
    if (last != null && last.plus(LAST_USED_RESOLUTION).isAfter(now)) {
      return;
    }
    lastUseRecorded.put(id, now);
    try (var connection = dataSource.getConnection();
        var update =
            connection.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setObject(2, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("recording a token's use failed", e);
    }
  }

  private static Token token(ResultSet rows) throws SQLException {
    return new Token(
        rows.getObject("id", UUID.class),
        rows.getObject("user_id", UUID.class),
        rows.getString("name"),
        rows.getString("token_prefix"),
        strings(rows.getArray("scopes")),
        strings(rows.getArray("sensor_ids")),
        instant(rows, "created_at"),
        instant(rows, "last_used_at"),
        instant(rows, "expires_at"),
        instant(rows, "revoked_at"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    Timestamp time = rows.getTimestamp(column);
    return time == null ? null : time.toInstant();
  }
}
