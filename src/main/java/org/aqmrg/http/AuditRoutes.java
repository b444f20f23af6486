package org.aqmrg.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.InvalidInputException;

/** {@code GET /api/v1/audit-logs}: the audit trail for admins, filtered and paged. */
final class AuditRoutes {
  private final AuditLog audit;

  AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  void list(Context ctx) {
    var paging = Paging.of(ctx);
    var query =
        new AuditLog.Query(
            text(ctx, "actor_id"),
            text(ctx, "action"),
            text(ctx, "entity_type"),
            text(ctx, "entity_id"),
            time(ctx, "from"),
            time(ctx, "to"));
    if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
      throw InvalidInputException.field("from", "'from' must be before 'to'");
    }
    ctx.json(
        Map.of(
            "entries",
            audit.find(query, paging.limit(), paging.offset()),
            "limit",
            paging.limit(),
            "offset",
            paging.offset()));
  }

  private static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > 255) {
      throw InvalidInputException.field(
          name, "query parameter '" + name + "' is longer than 255 characters");
    }
    return value;
  }

  static Instant time(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw InvalidInputException.field(
          name,
          "query parameter '"
              + name
              + "' must be an ISO-8601 UTC time such as 2026-11-25T14:00:00Z, got '"
              + value
              + "'");
    }
  }
}
