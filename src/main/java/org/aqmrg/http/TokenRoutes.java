package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.identity.ApiTokens;

/** {@code /api/v1/tokens}: admins create, list and revoke API tokens. */
final class TokenRoutes {
  private final ApiTokens tokens;
  private final AuditLog audit;
  private final ObjectMapper json;

  TokenRoutes(ApiTokens tokens, AuditLog audit, ObjectMapper json) {
    this.tokens = tokens;
    this.audit = audit;
    this.json = json;
  }

  record CreateToken(
      String name, List<String> scopes, List<String> sensorIds, Instant expiresAt, UUID ownerId) {}

  void list(Context ctx) {
    ctx.json(Map.of("tokens", tokens.list()));
  }

  void create(Context ctx) {
    var request = Json.read(ctx, json, CreateToken.class);
    UUID owner = request.ownerId() != null ? request.ownerId() : Requests.principal(ctx).userId();
    var created =
        tokens.create(
            owner, request.name(), request.scopes(), request.sensorIds(), request.expiresAt());
    var token = created.token();
    var details = new LinkedHashMap<String, Object>();
    details.put("name", token.name());
    details.put("scopes", token.scopes());
    details.put("sensor_ids", token.sensorIds());
    Requests.audit(ctx, audit, "token.create", "token", token.id().toString(), details);
    var body = new LinkedHashMap<String, Object>();
    body.put("token", created.secret());
    body.put("details", token);
    ctx.status(201).json(body);
  }

  void revoke(Context ctx) {
    UUID id = UserRoutes.id(ctx);
    var token = tokens.revoke(id);
    Requests.audit(
        ctx, audit, "token.revoke", "token", id.toString(), Map.of("name", token.name()));
    ctx.json(token);
  }
}
