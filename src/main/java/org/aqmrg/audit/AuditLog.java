package org.aqmrg.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aqmrg.db.Database;
import org.aqmrg.db.QueryText;
import org.aqmrg.identity.Principal;

/**
 * The audit trail in {@code audit_logs}: who did what to which entity, from where, and when.
 * Entries are only ever added; the table is partitioned by month so old months drop cheaply.
 */
public final class AuditLog {
  private static final String INSERT =
      "INSERT INTO audit_logs (actor_type, actor_id, actor, action, entity_type, entity_id,"
          + " details, client_address) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::inet)";

  private final Database database;
  private final ObjectMapper json;

  public AuditLog(Database database, ObjectMapper json) {
    this.database = database;
    this.json = json;
  }

  /** One entry. {@code details} holds no secrets: never a password, token or session id. */
  public record Entry(
      long id,
      Instant occurredAt,
      String actorType,
      String actorId,
      String actor,
      String action,
      String entityType,
      String entityId,
      Map<String, Object> details,
      String clientAddress) {}

  /** Records what {@code principal} did from {@code clientAddress}. */
  public void record(
      Principal principal,
      String clientAddress,
      String action,
      String entityType,
      String entityId,
      Map<String, Object> details) {
    String actorType =
        switch (principal.kind()) {
          case ANONYMOUS -> "anonymous";
          case SESSION -> "user";
          case TOKEN -> "token";
        };
    String actorId =
        switch (principal.kind()) {
          case ANONYMOUS -> null;
          case SESSION -> principal.userId().toString();
          case TOKEN -> principal.credentialId();
        };
    insert(
        actorType, actorId, principal.name(), action, entityType, entityId, details, clientAddress);
  }

  /** Records an action of the operator at the command line. */
  public void recordSystem(
      String action, String entityType, String entityId, Map<String, Object> details) {
    insert(
        "system",
        null,
        System.getProperty("user.name"),
        action,
        entityType,
        entityId,
        details,
        null);
  }

  private void insert(
      String actorType,
      String actorId,
      String actor,
      String action,
      String entityType,
      String entityId,
      Map<String, Object> details,
      String clientAddress) {
    String detailsJson = details == null || details.isEmpty() ? null : text(details);
    database.useHandle(
        "writing the audit trail for " + action,
        handle ->
            handle
                .createUpdate(INSERT)
                .bind(0, actorType)
                .bind(1, actorId)
                .bind(2, truncate(actor, 255))
                .bind(3, action)
                .bind(4, entityType)
                .bind(5, truncate(entityId, 255))
                .bind(6, detailsJson)
                .bind(7, clientAddress)
                .execute());
  }

  /** Filters of {@link #find}; a null filter matches everything. Times are inclusive-exclusive. */
  public record Query(
      String actorId,
      String action,
      String entityType,
      String entityId,
      Instant from,
      Instant to) {}

  /** Entries matching the query, newest first, one page at a time. */
  public List<Entry> find(Query query, int limit, int offset) {
    var sql =
        new QueryText(
                "SELECT id, occurred_at, actor_type, actor_id, actor, action, entity_type,"
                    + " entity_id, details::text, host(client_address) FROM audit_logs WHERE true")
            .andIf("actor_id = ?", query.actorId())
            .andIf("action = ?", query.action())
            .andIf("entity_type = ?", query.entityType())
            .andIf("entity_id = ?", query.entityId())
            .andIf("occurred_at >= ?", query.from())
            .andIf("occurred_at < ?", query.to())
            .append(" ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?", limit, offset);
    return database.withHandle(
        "reading the audit trail", handle -> sql.on(handle).map((rows, ctx) -> entry(rows)).list());
  }

  private Entry entry(ResultSet rows) throws SQLException {
    String details = rows.getString(9);
    return new Entry(
        rows.getLong(1),
        rows.getTimestamp(2).toInstant(),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        rows.getString(8),
        details == null ? Map.of() : map(details),
        rows.getString(10));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(String details) {
    try {
      return json.readValue(details, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit entry's details are not a JSON object", e);
    }
  }

  private String text(Map<String, Object> details) {
    try {
      return json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details that are not JSON: " + details, e);
    }
  }

  private static String truncate(String value, int length) {
    return value == null || value.length() <= length ? value : value.substring(0, length);
  }
}
