package org.aqmrg.identity;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.aqmrg.testing.ApiServer.loginBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Users, sessions, tokens, roles and the audit trail through the HTTP API, run once per cache
 * adapter so that both behave the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityContract {
  private ApiServer api;

  /** {@code memory} or {@code redis}. */
  abstract String cache();

  @BeforeAll
  void start() {
    api = ApiServer.start(cache(), Map.of());
    api.user("admin@test.dev", Role.ADMIN);
    api.user("researcher@test.dev", Role.RESEARCHER);
    api.user("public@test.dev", Role.PUBLIC);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private long auditCount(String action) throws SQLException {
    try (var connection = api.platform().database().dataSource().getConnection();
        var select =
            connection.prepareStatement("SELECT count(*) FROM audit_logs WHERE action = ?")) {
      select.setString(1, action);
      try (var rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * Requests refused for their credentials so far: their audit entries count them in aggregate, so
   * the open windows are written first.
   */
  private long deniedCount() throws SQLException {
    api.platform().web().denied().flush();
    try (var connection = api.platform().database().dataSource().getConnection();
        var select =
            connection.prepareStatement(
                "SELECT coalesce(sum((details->>'count')::bigint), 0) FROM audit_logs"
                    + " WHERE action = 'auth.denied'");
        var rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private String adminToken() {
    return api.login("admin@test.dev");
  }

  @Test
  void login_answers_a_token_and_an_http_only_same_site_cookie() {
    var response =
        api.send(
            "POST", "/api/v1/auth/login", loginBody("researcher@test.dev", ApiServer.PASSWORD));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var body = json(response);
    String token = body.get("token").asText();
    assertThat(Secrets.wellFormed(token)).isTrue();
    assertThat(body.get("expires_at").asText()).endsWith("Z");
    assertThat(body.get("user").get("role").asText()).isEqualTo("researcher");
    assertThat(body.get("user").has("password_hash")).isFalse();
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("aqmrg_session=" + token)
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .doesNotContainIgnoringCase("Secure");

    var me = api.get("/api/v1/auth/me", "Authorization", bearer(token));
    assertThat(json(me).get("email").asText()).isEqualTo("researcher@test.dev");
    var byCookie = api.get("/api/v1/auth/me", "Cookie", "aqmrg_session=" + token);
    assertThat(json(byCookie).get("role").asText()).isEqualTo("researcher");
  }

  @Test
  void behind_https_the_session_cookie_is_secure() {
    var response =
        api.send(
            "POST",
            "/api/v1/auth/login",
            loginBody("public@test.dev", ApiServer.PASSWORD),
            "X-Forwarded-Proto",
            "https");

    assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
        .containsIgnoringCase("; Secure");
  }

  @Test
  void unknown_email_and_wrong_password_get_the_same_answer() throws Exception {
    // A fresh account: failed logins are counted per account in the cache across runs.
    String email = "member-" + java.util.UUID.randomUUID() + "@test.dev";
    api.user(email, Role.PUBLIC);
    long failedBefore = auditCount("auth.login_failed");
    var unknown =
        api.send("POST", "/api/v1/auth/login", loginBody("nobody@test.dev", ApiServer.PASSWORD));
    var wrong = api.send("POST", "/api/v1/auth/login", loginBody(email, "wrong password!"));

    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(wrong.body());
    assertThat(auditCount("auth.login_failed")).isEqualTo(failedBefore + 2);
  }

  @Test
  void every_login_gets_a_fresh_session_and_ends_the_one_presented() {
    String first = api.login("public@test.dev");
    var second =
        api.send(
            "POST",
            "/api/v1/auth/login",
            loginBody("public@test.dev", ApiServer.PASSWORD),
            "Cookie",
            "aqmrg_session=" + first);
    String renewed = json(second).get("token").asText();

    assertThat(renewed).isNotEqualTo(first);
    assertThat(api.get("/api/v1/auth/me", "Authorization", bearer(first)).statusCode())
        .isEqualTo(401);
    assertThat(api.get("/api/v1/auth/me", "Authorization", bearer(renewed)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void a_login_ends_the_session_presented_as_a_bearer_token() {
    String first = api.login("public@test.dev");
    var second =
        api.send(
            "POST",
            "/api/v1/auth/login",
            loginBody("public@test.dev", ApiServer.PASSWORD),
            "Authorization",
            bearer(first));

    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    String renewed = json(second).get("token").asText();
    var withFirst = api.get("/api/v1/auth/me", "Authorization", bearer(first));
    assertThat(withFirst.statusCode()).isEqualTo(401);
    assertThat(json(withFirst).get("details").get("reason").asText()).isEqualTo("session_ended");
    assertThat(api.get("/api/v1/auth/me", "Authorization", bearer(renewed)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void a_session_survives_a_restart_of_the_platform() {
    String token;
    Map<String, String> env;
    try (var before = ApiServer.start(cache(), Map.of())) {
      before.user("restart@test.dev", Role.PUBLIC);
      token = before.login("restart@test.dev");
      env = before.env();
    }

    try (var after = ApiServer.start(env)) {
      var me = after.get("/api/v1/auth/me", "Authorization", bearer(token));
      assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
      assertThat(json(me).get("email").asText()).isEqualTo("restart@test.dev");
      var byCookie = after.get("/api/v1/auth/me", "Cookie", "aqmrg_session=" + token);
      assertThat(byCookie.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void logout_ends_the_session_and_is_audited() throws Exception {
    String token = api.login("public@test.dev");
    long before = auditCount("auth.logout");

    var logout = api.send("POST", "/api/v1/auth/logout", null, "Authorization", bearer(token));

    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("aqmrg_session=;")
        .contains("Expires=Thu, 01 Jan 1970");
    var after = api.get("/api/v1/auth/me", "Authorization", bearer(token));
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(json(after).get("details").get("reason").asText()).isEqualTo("session_ended");
    assertThat(auditCount("auth.logout")).isEqualTo(before + 1);
  }

  @Test
  void a_stale_cookie_does_not_stop_a_login() {
    var response =
        api.send(
            "POST",
            "/api/v1/auth/login",
            loginBody("public@test.dev", ApiServer.PASSWORD),
            "Cookie",
            "aqmrg_session=" + Secrets.newSecret(Secrets.SESSION_PREFIX));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void each_role_reaches_exactly_its_routes() {
    String admin = adminToken();
    String researcher = api.login("researcher@test.dev");
    String member = api.login("public@test.dev");
    var readAll =
        api.platform().web().tokens().create(null, "reader", List.of("read:all"), List.of(), null);
    var writer =
        api.platform()
            .web()
            .tokens()
            .create(null, "gateway", List.of("write:readings"), List.of(), null);

    var locations = api.platform().web().locations();
    var site = locations.create(matrixLocation()).id();
    var spare = locations.create(matrixLocation()).id();
    String sensor = "MATRIX-" + java.util.UUID.randomUUID();
    api.platform()
        .web()
        .sensors()
        .create(
            new org.aqmrg.registry.Sensor(sensor, "matrix", null, site, null, null, null, null));
    String newSensor = "MATRIX-" + java.util.UUID.randomUUID();
    String sensorBody = "{\"id\":\"" + newSensor + "\",\"name\":\"matrix\"}";
    String locationBody =
        "{\"name\":\"Matrix %s\",\"city\":\"Lagos\",\"country\":\"NG\",\"latitude\":6,\"longitude\":3}"
            .formatted(java.util.UUID.randomUUID());

    record Case(String who, String auth, String method, String path, String body, int status) {
      Case(String who, String auth, String path, int status) {
        this(who, auth, "GET", path, null, status);
      }
    }
    var cases =
        List.of(
            new Case("anonymous", null, "/health/live", 200),
            new Case("anonymous", null, "/api/v1/auth/me", 401),
            new Case("anonymous", null, "/api/v1/users", 401),
            new Case("anonymous", null, "/api/v1/audit-logs", 401),
            new Case("public", member, "/api/v1/auth/me", 200),
            new Case("public", member, "/api/v1/users", 403),
            new Case("public", member, "/api/v1/tokens", 403),
            new Case("public", member, "/api/v1/audit-logs", 403),
            new Case("researcher", researcher, "/api/v1/auth/me", 200),
            new Case("researcher", researcher, "/api/v1/users", 403),
            new Case("researcher", researcher, "/api/v1/audit-logs", 403),
            new Case("admin", admin, "/api/v1/users", 200),
            new Case("admin", admin, "/api/v1/tokens", 200),
            new Case("admin", admin, "/api/v1/audit-logs", 200),
            new Case("read:all token", readAll.secret(), "/api/v1/auth/me", 200),
            new Case("read:all token", readAll.secret(), "/api/v1/users", 403),
            new Case("write:readings token", writer.secret(), "/api/v1/auth/me", 200),
            new Case("write:readings token", writer.secret(), "/api/v1/tokens", 403),
            new Case("anonymous", null, "/api/v1/sensors", 200),
            new Case("anonymous", null, "/api/v1/sensors/" + sensor, 200),
            new Case("anonymous", null, "/api/v1/locations", 200),
            new Case("anonymous", null, "/api/v1/locations/" + site, 200),
            new Case("anonymous", null, "/api/v1/locations/" + site + "/latest", 200),
            new Case("public", member, "/api/v1/sensors", 200),
            new Case("public", member, "/api/v1/sensors/" + sensor, 200),
            new Case("public", member, "/api/v1/locations", 200),
            new Case("public", member, "/api/v1/locations/" + site, 200),
            new Case("public", member, "/api/v1/locations/" + site + "/latest", 200),
            new Case("researcher", researcher, "/api/v1/sensors", 200),
            new Case("researcher", researcher, "/api/v1/sensors/" + sensor, 200),
            new Case("researcher", researcher, "/api/v1/locations", 200),
            new Case("researcher", researcher, "/api/v1/locations/" + site, 200),
            new Case("researcher", researcher, "/api/v1/locations/" + site + "/latest", 200),
            new Case("admin", admin, "/api/v1/sensors", 200),
            new Case("admin", admin, "/api/v1/sensors/" + sensor, 200),
            new Case("admin", admin, "/api/v1/locations", 200),
            new Case("admin", admin, "/api/v1/locations/" + site, 200),
            new Case("admin", admin, "/api/v1/locations/" + site + "/latest", 200),
            new Case("read:all token", readAll.secret(), "/api/v1/sensors", 200),
            new Case("read:all token", readAll.secret(), "/api/v1/sensors/" + sensor, 200),
            new Case("read:all token", readAll.secret(), "/api/v1/locations", 200),
            new Case("read:all token", readAll.secret(), "/api/v1/locations/" + site, 200),
            new Case(
                "read:all token", readAll.secret(), "/api/v1/locations/" + site + "/latest", 200),
            new Case("write:readings token", writer.secret(), "/api/v1/sensors", 200),
            new Case("write:readings token", writer.secret(), "/api/v1/sensors/" + sensor, 200),
            new Case("write:readings token", writer.secret(), "/api/v1/locations", 200),
            new Case("write:readings token", writer.secret(), "/api/v1/locations/" + site, 200),
            new Case(
                "write:readings token",
                writer.secret(),
                "/api/v1/locations/" + site + "/latest",
                200),
            new Case("anonymous", null, "POST", "/api/v1/sensors", sensorBody, 401),
            new Case("anonymous", null, "PATCH", "/api/v1/sensors/" + sensor, sensorBody, 401),
            new Case("anonymous", null, "DELETE", "/api/v1/sensors/" + sensor, null, 401),
            new Case("anonymous", null, "POST", "/api/v1/locations", locationBody, 401),
            new Case("anonymous", null, "PATCH", "/api/v1/locations/" + site, locationBody, 401),
            new Case("anonymous", null, "DELETE", "/api/v1/locations/" + site, null, 401),
            new Case("public", member, "POST", "/api/v1/sensors", sensorBody, 403),
            new Case("public", member, "PATCH", "/api/v1/sensors/" + sensor, sensorBody, 403),
            new Case("public", member, "DELETE", "/api/v1/sensors/" + sensor, null, 403),
            new Case("public", member, "POST", "/api/v1/locations", locationBody, 403),
            new Case("public", member, "PATCH", "/api/v1/locations/" + site, locationBody, 403),
            new Case("public", member, "DELETE", "/api/v1/locations/" + site, null, 403),
            new Case("researcher", researcher, "POST", "/api/v1/sensors", sensorBody, 403),
            new Case(
                "researcher", researcher, "PATCH", "/api/v1/sensors/" + sensor, sensorBody, 403),
            new Case("researcher", researcher, "DELETE", "/api/v1/sensors/" + sensor, null, 403),
            new Case("researcher", researcher, "POST", "/api/v1/locations", locationBody, 403),
            new Case(
                "researcher", researcher, "PATCH", "/api/v1/locations/" + site, locationBody, 403),
            new Case("researcher", researcher, "DELETE", "/api/v1/locations/" + site, null, 403),
            new Case(
                "read:all token", readAll.secret(), "POST", "/api/v1/sensors", sensorBody, 403),
            new Case(
                "read:all token",
                readAll.secret(),
                "PATCH",
                "/api/v1/sensors/" + sensor,
                sensorBody,
                403),
            new Case(
                "read:all token",
                readAll.secret(),
                "DELETE",
                "/api/v1/sensors/" + sensor,
                null,
                403),
            new Case(
                "read:all token", readAll.secret(), "POST", "/api/v1/locations", locationBody, 403),
            new Case(
                "read:all token",
                readAll.secret(),
                "PATCH",
                "/api/v1/locations/" + site,
                locationBody,
                403),
            new Case(
                "read:all token",
                readAll.secret(),
                "DELETE",
                "/api/v1/locations/" + site,
                null,
                403),
            new Case(
                "write:readings token",
                writer.secret(),
                "POST",
                "/api/v1/sensors",
                sensorBody,
                403),
            new Case(
                "write:readings token",
                writer.secret(),
                "PATCH",
                "/api/v1/sensors/" + sensor,
                sensorBody,
                403),
            new Case(
                "write:readings token",
                writer.secret(),
                "DELETE",
                "/api/v1/sensors/" + sensor,
                null,
                403),
            new Case(
                "write:readings token",
                writer.secret(),
                "POST",
                "/api/v1/locations",
                locationBody,
                403),
            new Case(
                "write:readings token",
                writer.secret(),
                "PATCH",
                "/api/v1/locations/" + site,
                locationBody,
                403),
            new Case(
                "write:readings token",
                writer.secret(),
                "DELETE",
                "/api/v1/locations/" + site,
                null,
                403),
            new Case("admin", admin, "POST", "/api/v1/sensors", sensorBody, 201),
            new Case("admin", admin, "GET", "/api/v1/sensors/" + newSensor, null, 200),
            new Case("admin", admin, "PATCH", "/api/v1/sensors/" + sensor, "{\"name\":\"m\"}", 200),
            new Case("admin", admin, "DELETE", "/api/v1/sensors/" + sensor, null, 200),
            new Case("admin", admin, "POST", "/api/v1/locations", locationBody, 201),
            new Case(
                "admin", admin, "PATCH", "/api/v1/locations/" + site, "{\"city\":\"Ikeja\"}", 200),
            new Case("admin", admin, "DELETE", "/api/v1/locations/" + spare, null, 204));
    for (var c : cases) {
      var response =
          c.auth() == null
              ? api.send(c.method(), c.path(), c.body())
              : api.send(c.method(), c.path(), c.body(), "Authorization", bearer(c.auth()));
      assertThat(response.statusCode())
          .as("%s %s %s: %s", c.who(), c.method(), c.path(), response.body())
          .isEqualTo(c.status());
      if (c.status() >= 400) {
        assertThat(json(response).get("code").asText()).isNotBlank();
      }
    }
  }

  private static org.aqmrg.registry.Location matrixLocation() {
    return new org.aqmrg.registry.Location(
        null,
        "Matrix " + java.util.UUID.randomUUID(),
        "Lagos",
        "NG",
        6.5,
        3.4,
        null,
        null,
        null,
        null);
  }

  @Test
  void a_forbidden_request_is_audited_with_the_route_template() throws Exception {
    String member = api.login("public@test.dev");
    long before = auditCount("auth.forbidden");

    api.get("/api/v1/users/" + java.util.UUID.randomUUID(), "Authorization", bearer(member));

    assertThat(auditCount("auth.forbidden")).isEqualTo(before + 1);
    var entries =
        json(
            api.get(
                "/api/v1/audit-logs?action=auth.forbidden&limit=1",
                "Authorization",
                bearer(adminToken())));
    assertThat(entries.get("entries").get(0).get("entity_id").asText())
        .isEqualTo("GET /api/v1/users/{id}");
    assertThat(entries.get("entries").get(0).get("actor").asText()).isEqualTo("public@test.dev");
  }

  /** Registers sensors, so that tokens may be limited to them. */
  private void registerSensors(String... ids) throws SQLException {
    try (var connection = api.platform().database().dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO sensors (id, name, status) VALUES (?, ?, 'active')"
                    + " ON CONFLICT (id) DO NOTHING")) {
      for (String id : ids) {
        insert.setString(1, id);
        insert.setString(2, id);
        insert.executeUpdate();
      }
    }
  }

  @Test
  void tokens_work_as_token_and_bearer_and_stop_at_revocation() throws Exception {
    String admin = adminToken();
    registerSensors("LAG-IKJ-001");
    var created =
        api.send(
            "POST",
            "/api/v1/tokens",
            "{\"name\":\"gateway ikeja\",\"scopes\":[\"write:readings\"],\"sensor_ids\":[\"LAG-IKJ-001\"]}",
            "Authorization",
            bearer(admin));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String secret = json(created).get("token").asText();
    String id = json(created).get("details").get("id").asText();
    assertThat(secret).startsWith("aqt_");

    var asToken = api.get("/api/v1/auth/me", "Authorization", "Token " + secret);
    var asBearer = api.get("/api/v1/auth/me", "Authorization", "Bearer " + secret);
    assertThat(asToken.statusCode()).isEqualTo(200);
    assertThat(json(asBearer).get("sensor_ids").get(0).asText()).isEqualTo("LAG-IKJ-001");
    assertThat(json(asBearer).get("scopes").get(0).asText()).isEqualTo("write:readings");
    var listed = api.get("/api/v1/tokens", "Authorization", bearer(admin));
    assertThat(listed.body()).contains(id).doesNotContain(secret);

    long deniedBefore = deniedCount();
    var revoke = api.send("DELETE", "/api/v1/tokens/" + id, null, "Authorization", bearer(admin));
    assertThat(revoke.statusCode()).isEqualTo(200);
    var afterRevoke = api.get("/api/v1/auth/me", "Authorization", "Token " + secret);
    assertThat(afterRevoke.statusCode()).isEqualTo(401);
    assertThat(json(afterRevoke).get("details").get("reason").asText()).isEqualTo("token_revoked");
    assertThat(deniedCount()).isEqualTo(deniedBefore + 1);
    assertThat(auditCount("token.create")).isPositive();
    assertThat(auditCount("token.revoke")).isPositive();
  }

  @Test
  void the_tokens_of_a_deleted_user_stop_at_once() throws Exception {
    UUID owner =
        api.platform()
            .web()
            .users()
            .create("leaving@test.dev", ApiServer.PASSWORD, Role.RESEARCHER)
            .id();
    var created =
        api.platform().web().tokens().create(owner, "laptop", List.of("read:all"), List.of(), null);
    String header = "Token " + created.secret();
    assertThat(api.get("/api/v1/auth/me", "Authorization", header).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/auth/me", "Authorization", header).statusCode()).isEqualTo(200);

    var deleted =
        api.send("DELETE", "/api/v1/users/" + owner, null, "Authorization", bearer(adminToken()));

    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    var after = api.get("/api/v1/auth/me", "Authorization", header);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(json(after).get("details").get("reason").asText()).isEqualTo("unknown_token");
  }

  @Test
  void a_token_counts_against_one_limit_whether_or_not_it_was_cached() throws Exception {
    var created =
        api.platform().web().tokens().create(null, "counter", List.of("read:all"), List.of(), null);
    String header = "Token " + created.secret();
    var remaining = new java.util.ArrayList<Long>();
    for (int i = 0; i < 3; i++) {
      var response = api.get("/api/v1/auth/me", "Authorization", header);
      assertThat(response.statusCode()).isEqualTo(200);
      remaining.add(
          Long.parseLong(response.headers().firstValue("X-RateLimit-Remaining").orElseThrow()));
    }
    // The first request finds the token in the database, the next ones (on Redis) in the cache:
    // each is counted once, on the same counter.
    assertThat(remaining.get(0) - remaining.get(1)).isEqualTo(1);
    assertThat(remaining.get(1) - remaining.get(2)).isEqualTo(1);
  }

  @Test
  void an_expired_token_is_refused_with_its_reason() throws Exception {
    var created =
        api.platform().web().tokens().create(null, "old", List.of("read:all"), List.of(), null);
    try (var connection = api.platform().database().dataSource().getConnection();
        var update =
            connection.prepareStatement(
                "UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = ?")) {
      update.setObject(1, created.token().id());
      update.executeUpdate();
    }

    var response = api.get("/api/v1/auth/me", "Authorization", "Token " + created.secret());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("details").get("reason").asText()).isEqualTo("token_expired");
  }

  @Test
  void credentials_of_the_wrong_shape_are_refused_and_audited() throws Exception {
    long before = deniedCount();
    for (String header :
        List.of(
            "Token abc",
            "Bearer aqt_short",
            "Basic dXNlcjpwYXNz",
            "Token " + Secrets.newSecret(Secrets.TOKEN_PREFIX),
            "Bearer " + Secrets.newSecret(Secrets.SESSION_PREFIX))) {
      var response = api.get("/api/v1/auth/me", "Authorization", header);
      assertThat(response.statusCode()).as(header).isEqualTo(401);
      assertThat(response.body()).doesNotContain("Exception", "at org.");
      assertThat(json(response).get("code").asText()).isEqualTo("invalid_credentials");
    }
    assertThat(deniedCount()).isEqualTo(before + 5);
  }

  @Test
  void bad_login_bodies_get_400_naming_the_problem() {
    record Bad(String body, String expected) {}
    for (var bad :
        List.of(
            new Bad("{\"email\": \"a@b.c\", \"password\": ", "invalid_json"),
            new Bad("[1,2]", "body"),
            new Bad("{\"email\":\"a@b.c\"}", "password"),
            new Bad("{\"password\":\"x\"}", "email"),
            new Bad("{\"email\":\"a@b.c\",\"password\":\"x\",\"remember\":true}", "remember"),
            new Bad(loginBody("a".repeat(300) + "@b.c", "x"), "email"),
            new Bad(loginBody("a@b.c", "x".repeat(300)), "password"),
            new Bad("", "invalid_json"))) {
      var response = api.send("POST", "/api/v1/auth/login", bad.body());
      assertThat(response.statusCode()).as(bad.body()).isEqualTo(400);
      var error = json(response);
      assertThat(
              error.get("code").asText().equals(bad.expected())
                  || bad.expected().equals(error.path("details").path("field").asText()))
          .as("%s gives %s", bad.body(), response.body())
          .isTrue();
    }
  }

  @Test
  void admins_manage_users_and_a_role_change_ends_that_users_sessions() throws Exception {
    String admin = adminToken();
    var created =
        api.send(
            "POST",
            "/api/v1/users",
            "{\"email\":\"New.Person@Test.dev\",\"password\":\"a long passphrase 42\",\"role\":\"public\"}",
            "Authorization",
            bearer(admin));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).get("id").asText();
    assertThat(json(created).get("email").asText()).isEqualTo("new.person@test.dev");

    var duplicate =
        api.send(
            "POST",
            "/api/v1/users",
            "{\"email\":\"new.person@test.dev\",\"password\":\"another passphrase 1\"}",
            "Authorization",
            bearer(admin));
    assertThat(duplicate.statusCode()).isEqualTo(409);
    var weak =
        api.send(
            "POST",
            "/api/v1/users",
            "{\"email\":\"weak@test.dev\",\"password\":\"short\"}",
            "Authorization",
            bearer(admin));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(json(weak).get("details").get("field").asText()).isEqualTo("password");
    var badRole =
        api.send(
            "POST",
            "/api/v1/users",
            "{\"email\":\"role@test.dev\",\"password\":\"a long passphrase 42\",\"role\":\"root\"}",
            "Authorization",
            bearer(admin));
    assertThat(json(badRole).get("message").asText()).contains("unknown role 'root'");

    var session =
        json(api.send(
                "POST",
                "/api/v1/auth/login",
                loginBody("new.person@test.dev", "a long passphrase 42")))
            .get("token")
            .asText();
    var promote =
        api.send(
            "PATCH",
            "/api/v1/users/" + id,
            "{\"role\":\"researcher\"}",
            "Authorization",
            bearer(admin));
    assertThat(json(promote).get("role").asText()).isEqualTo("researcher");
    assertThat(api.get("/api/v1/auth/me", "Authorization", bearer(session)).statusCode())
        .isEqualTo(401);

    var entries =
        json(
            api.get(
                "/api/v1/audit-logs?action=user.update&entity_id=" + id,
                "Authorization",
                bearer(admin)));
    assertThat(entries.get("entries").get(0).get("details").get("role_to").asText())
        .isEqualTo("researcher");

    assertThat(
            api.send("DELETE", "/api/v1/users/" + id, null, "Authorization", bearer(admin))
                .statusCode())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/users/" + id, "Authorization", bearer(admin)).statusCode())
        .isEqualTo(404);
  }

  @Test
  void the_audit_trail_filters_and_pages_and_refuses_bad_parameters() {
    String admin = adminToken();
    api.login("researcher@test.dev");

    var page =
        json(
            api.get(
                "/api/v1/audit-logs?action=auth.login&limit=1", "Authorization", bearer(admin)));
    assertThat(page.get("entries")).hasSize(1);
    assertThat(page.get("entries").get(0).get("action").asText()).isEqualTo("auth.login");
    assertThat(page.get("entries").get(0).get("client_address").asText()).isEqualTo("127.0.0.1");

    var badTime = api.get("/api/v1/audit-logs?from=yesterday", "Authorization", bearer(admin));
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(json(badTime).get("details").get("field").asText()).isEqualTo("from");
    var badLimit = api.get("/api/v1/audit-logs?limit=100000", "Authorization", bearer(admin));
    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(json(badLimit).get("message").asText()).contains("limit", "1000");
  }

  @Test
  void create_users_and_tokens_from_the_command_line() throws Exception {
    // The operator runs commands with the server's settings, so they reach the same stores.
    var env = new java.util.HashMap<String, String>(api.env());
    var created =
        org.aqmrg.testing.Cli.runWithInput(
            env,
            "cli passphrase 123\n",
            "users",
            "create",
            "--email",
            "cli@test.dev",
            "--role",
            "researcher");
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(created.output())
        .contains("Created researcher user cli@test.dev")
        .doesNotContain("cli passphrase");
    var login =
        api.send("POST", "/api/v1/auth/login", loginBody("cli@test.dev", "cli passphrase 123"));
    assertThat(login.statusCode()).isEqualTo(200);

    var noPassword = org.aqmrg.testing.Cli.run(env, "users", "create", "--email", "nopw@test.dev");
    assertThat(noPassword.exit()).isNotZero();
    assertThat(noPassword.output()).contains("no password on standard input");

    registerSensors("S1", "S2");
    var token =
        org.aqmrg.testing.Cli.run(
            env,
            "tokens",
            "create",
            "--name",
            "gw",
            "--scope",
            "write:readings",
            "--sensor",
            "S1",
            "S2");
    assertThat(token.exit()).as(token.output()).isZero();
    String[] lines = token.output().strip().split("\n");
    String secret = lines[lines.length - 1];
    assertThat(Secrets.wellFormed(secret)).isTrue();
    assertThat(api.get("/api/v1/auth/me", "Authorization", "Token " + secret).statusCode())
        .isEqualTo(200);

    var list = org.aqmrg.testing.Cli.run(env, "tokens", "list");
    assertThat(list.output()).contains("gw", "active").doesNotContain(secret);
    String id =
        list.output()
            .lines()
            .filter(l -> l.contains(" gw "))
            .findFirst()
            .orElseThrow()
            .split(" ")[0];
    var revoke = org.aqmrg.testing.Cli.run(env, "tokens", "revoke", id);
    assertThat(revoke.output()).contains("Revoked token " + id);
    assertThat(api.get("/api/v1/auth/me", "Authorization", "Token " + secret).statusCode())
        .isEqualTo(401);

    var badScope =
        org.aqmrg.testing.Cli.run(env, "tokens", "create", "--name", "x", "--scope", "write:all");
    assertThat(badScope.exit()).isEqualTo(1);
    assertThat(badScope.output()).contains("unknown scope 'write:all'");
  }

  private String databaseName() throws SQLException {
    try (var connection = api.platform().database().dataSource().getConnection()) {
      return connection.getCatalog();
    }
  }
}
