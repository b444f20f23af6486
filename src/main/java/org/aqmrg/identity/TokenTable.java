package org.aqmrg.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.aqmrg.db.Database;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.identity.ApiTokens.Token;
import org.jdbi.v3.core.Handle;

/** The SQL of {@link ApiTokens}: the {@code api_tokens} table, keyed by the secret's SHA-256. */
final class TokenTable {
  private static final String COLUMNS =
      "id, user_id, name, token_prefix, scopes, sensor_ids, created_at, last_used_at,"
          + " expires_at, revoked_at";

  private final Database database;

  TokenTable(Database database) {
    this.database = database;
  }

  /** A revoked token and the key of its cached copy. */
  record Revoked(Token token, String hash) {}

  /** Stores a new token; 400 when the owner or a sensor is not registered. */
  Token insert(
      UUID owner,
      String name,
      String hash,
      String prefix,
      List<String> scopes,
      List<String> sensors,
      Instant expiresAt) {
    String sql =
        "INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, scopes, sensor_ids,"
            + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "
            + COLUMNS;
    Supplier<RuntimeException> noOwner =
        () -> InvalidInputException.field("owner", "no user with id '" + owner + "'");
    return database.withHandle(
        "creating a token",
        Map.of("23503", noOwner),
        handle -> {
          requireRegistered(handle, sensors);
          return handle
              .createQuery(sql)
              .bindByType(0, owner, UUID.class)
              .bind(1, name)
              .bind(2, hash)
              .bind(3, prefix)
              .bind(4, scopes.toArray(String[]::new))
              .bindByType(
                  5, sensors.isEmpty() ? null : sensors.toArray(String[]::new), String[].class)
              .bindByType(6, expiresAt, Instant.class)
              .map((rows, ctx) -> token(rows))
              .one();
        });
  }

  /**
   * Refuses sensor ids that are not in the registry (retired sensors are, and may be named): a
   * token limited to a sensor that does not exist could write for nothing, or for whatever sensor
   * is later registered under that id.
   */
  private static void requireRegistered(Handle handle, List<String> sensors) {
    if (sensors.isEmpty()) {
      return;
    }
    var unknown = new LinkedHashSet<>(sensors);
    unknown.removeAll(
        handle
            .createQuery("SELECT id FROM sensors WHERE id = ANY(?)")
            .bind(0, sensors.toArray(String[]::new))
            .mapTo(String.class)
            .list());
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          (unknown.size() == 1 ? "no sensor with id " : "no sensors with ids ")
              + String.join(", ", unknown.stream().map(id -> "'" + id + "'").toList())
              + "; a token can be limited only to registered sensors",
          Map.of("field", "sensor_ids", "unknown", List.copyOf(unknown)));
    }
  }

  /** Every token, newest first. */
  List<Token> list() {
    return database.withHandle(
        "listing tokens",
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at DESC, id")
                .map((rows, ctx) -> token(rows))
                .list());
  }

  /** Revokes a token; 404 when there is none. Revoking twice keeps the first time. */
  Revoked revoke(UUID id) {
    String sql =
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, NOW()) WHERE id = ? RETURNING "
            + COLUMNS
            + ", token_hash";
    return database
        .withHandle(
            "revoking a token",
            handle ->
                handle
                    .createQuery(sql)
                    .bind(0, id)
                    .map((rows, ctx) -> new Revoked(token(rows), rows.getString("token_hash")))
                    .findOne())
        .orElseThrow(() -> NotFoundException.of("token", id.toString()));
  }

  List<String> hashesOwnedBy(UUID userId) {
    return database.withHandle(
        "listing a user's tokens",
        handle ->
            handle
                .createQuery("SELECT token_hash FROM api_tokens WHERE user_id = ?")
                .bind(0, userId)
                .mapTo(String.class)
                .list());
  }

  Optional<Token> findByHash(String hash) {
    return database.withHandle(
        "reading a token",
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?")
                .bind(0, hash)
                .map((rows, ctx) -> token(rows))
                .findOne());
  }

  void recordUse(UUID id, Instant now) {
    database.useHandle(
        "recording a token's use",
        handle ->
            handle
                .createUpdate("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
                .bind(0, now)
                .bind(1, id)
                .execute());
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
