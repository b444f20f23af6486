package org.aqmrg.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.aqmrg.db.SqlParameters;
import org.aqmrg.identity.Principal;

/**
 * The audit trail in {@code audit_logs}: who did what to which entity, from where, and when.
 * Entries are only ever added; the table is partitioned by month so old months drop cheaply.
 */
public final class AuditLog {
  private final DataSource dataSource;
  private final ObjectMapper json;

  public AuditLog(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
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
    String sql =
        "INSERT INTO audit_logs (actor_type, actor_id, actor, action, entity_type, entity_id,"
            + " details, client_address) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::inet)";
    try (var connection = dataSource.getConnection();
        var insert = connection.prepareStatement(sql)) {
      insert.setString(1, actorType);
      insert.setString(2, actorId);
      insert.setString(3, truncate(actor, 255));
      insert.setString(4, action);
      insert.setString(5, entityType);
      insert.setString(6, truncate(entityId, 255));
      insert.setString(
          7, details == null || details.isEmpty() ? null : json.writeValueAsString(details));
      if (clientAddress == null) {
        insert.setNull(8, Types.OTHER);
      } else {
        insert.setString(8, clientAddress);
      }
      insert.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("writing the audit trail failed for " + action, e);
    }
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
        new StringBuilder(
            "SELECT id, occurred_at, actor_type, actor_id, actor, action, entity_type, entity_id,"
                + " details::text, host(client_address) FROM audit_logs WHERE true");
    var values = new ArrayList<Object>();
    if (query.actorId() != null) {
      sql.append(" AND actor_id = ?");
      values.add(query.actorId());
    }
    if (query.action() != null) {
      sql.append(" AND action = ?");
      values.add(query.action());
    }
    if (query.entityType() != null) {
      sql.append(" AND entity_type = ?");
      values.add(query.entityType());
    }
    if (query.entityId() != null) {
      sql.append(" AND entity_id = ?");
      values.add(query.entityId());
    }
    if (query.from() != null) {
      sql.append(" AND occurred_at >= ?");
      values.add(Timestamp.from(query.from()));
    }
    if (query.to() != null) {
      sql.append(" AND occurred_at < ?");
      values.add(Timestamp.from(query.to()));
    }
    sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?");
    values.add(limit);
    values.add(offset);
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql.toString())) {
      SqlParameters.bind(select, values);
      var entries = new ArrayList<Entry>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          String details = rows.getString(9);
          @SuppressWarnings("unchecked")
          Map<String, Object> parsed =
              details == null ? Map.of() : json.readValue(details, Map.class);
          entries.add(
              new Entry(
                  rows.getLong(1),
                  rows.getTimestamp(2).toInstant(),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7),
                  rows.getString(8),
                  parsed,
                  rows.getString(10)));
        }
      }
      return entries;
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("reading the audit trail failed", e);
    }
  }

  private static String truncate(String value, int length) {
    return value == null || value.length() <= length ? value : value.substring(0, length);
  }
}
