package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.Map;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.identity.Principal;

/** What the guard learned about a request, for the handlers that follow it. */
final class Requests {
  private static final String PRINCIPAL = "aqmrg.principal";
  private static final String CLIENT = "aqmrg.client";
  private static final String AUDITED = "aqmrg.audited";

  private Requests() {}

  static void remember(Context ctx, Principal principal, String clientAddress) {
    ctx.attribute(PRINCIPAL, principal);
    ctx.attribute(CLIENT, clientAddress);
  }

  static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    return principal == null ? Principal.ANONYMOUS : principal;
  }

  static String client(Context ctx) {
    String client = ctx.attribute(CLIENT);
    return client == null ? ctx.ip() : client;
  }

  /** Writes an audit entry for this request's caller and marks the request as audited. */
  static void audit(
      Context ctx,
      AuditLog audit,
      String action,
      String entityType,
      String entityId,
      Map<String, Object> details) {
    audit.record(principal(ctx), client(ctx), action, entityType, entityId, details);
    ctx.attribute(AUDITED, Boolean.TRUE);
  }

  /** The matched route's template, e.g. {@code /api/v1/users/{id}}, also inside filters. */
  static String template(Context ctx) {
    var endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? ctx.path() : endpoint.path;
  }

  static boolean audited(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(AUDITED));
  }
}
