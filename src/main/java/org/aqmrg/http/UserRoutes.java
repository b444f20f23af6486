package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.Sessions;
import org.aqmrg.identity.User;
import org.aqmrg.identity.Users;

/** {@code /api/v1/users}: admins manage accounts. Changes end the user's sessions. */
final class UserRoutes {
  private final Users users;
  private final Sessions sessions;
  private final ApiTokens tokens;
  private final AuditLog audit;
  private final ObjectMapper json;

  UserRoutes(Users users, Sessions sessions, ApiTokens tokens, AuditLog audit, ObjectMapper json) {
    this.users = users;
    this.sessions = sessions;
    this.tokens = tokens;
    this.audit = audit;
    this.json = json;
  }

  record CreateUser(String email, String password, String role) {}

  record ChangeUser(String role, String password) {}

  void list(Context ctx) {
    var paging = Paging.of(ctx);
    ctx.json(
        Map.of(
            "users",
            users.list(paging.limit(), paging.offset()),
            "limit",
            paging.limit(),
            "offset",
            paging.offset()));
  }

  void get(Context ctx) {
    UUID id = id(ctx);
    ctx.json(users.find(id).orElseThrow(() -> NotFoundException.of("user", id.toString())));
  }

  void create(Context ctx) {
    var request = Json.read(ctx, json, CreateUser.class);
    Role role = request.role() == null ? Role.PUBLIC : role(request.role());
    User user =
        users.create(
            Json.required(request.email(), "email"),
            Json.required(request.password(), "password"),
            role);
    Requests.audit(
        ctx,
        audit,
        "user.create",
        "user",
        user.id().toString(),
        Map.of("email", user.email(), "role", role.value()));
    ctx.status(201).json(user);
  }

  void change(Context ctx) {
    UUID id = id(ctx);
    var request = Json.read(ctx, json, ChangeUser.class);
    if (request.role() == null && request.password() == null) {
      throw InvalidInputException.field("body", "give a new role, a new password, or both");
    }
    User before = users.find(id).orElseThrow(() -> NotFoundException.of("user", id.toString()));
    if (request.role() != null
        && id.equals(Requests.principal(ctx).userId())
        && role(request.role()) != Role.ADMIN) {
      throw ConflictException.on("role", "an admin cannot remove their own admin role");
    }
    var changes = new LinkedHashMap<String, Object>();
    User after = before;
    if (request.password() != null) {
      after = users.changePassword(id, request.password());
      changes.put("password", "changed");
    }
    if (request.role() != null) {
      after = users.changeRole(id, role(request.role()));
      changes.put("role_from", before.role().value());
      changes.put("role_to", after.role().value());
    }
    int ended = sessions.endAll(id);
    changes.put("sessions_ended", ended);
    Requests.audit(ctx, audit, "user.update", "user", id.toString(), changes);
    ctx.json(after);
  }

  void delete(Context ctx) {
    UUID id = id(ctx);
    if (id.equals(Requests.principal(ctx).userId())) {
      throw ConflictException.on("id", "an admin cannot delete their own account");
    }
    // The database deletes the user's tokens with the user; the cache must forget them too.
    var tokenHashes = tokens.hashesOwnedBy(id);
    User user = users.delete(id);
    sessions.endAll(id);
    tokens.forget(tokenHashes);
    Requests.audit(ctx, audit, "user.delete", "user", id.toString(), Map.of("email", user.email()));
    ctx.status(204);
  }

  static UUID id(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.field("id", "'" + raw + "' is not a UUID");
    }
  }

  private static Role role(String value) {
    return Role.parse(value)
        .orElseThrow(
            () -> {
              var allowed = new ArrayList<String>();
              for (Role role : Role.values()) {
                allowed.add(role.value());
              }
              return InvalidInputException.field(
                  "role", "unknown role '" + value + "': use " + String.join(", ", allowed));
            });
  }
}
