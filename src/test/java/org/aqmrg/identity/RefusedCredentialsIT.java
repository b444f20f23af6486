package org.aqmrg.identity;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.audit.DeniedRequests;
import org.aqmrg.db.Database;
import org.aqmrg.http.WebApp;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Intercepted;
import org.junit.jupiter.api.Test;

/**
 * Requests with bad credentials through HTTP: limited per client address like anonymous ones,
 * refused before any database work once over the limit, and audited in aggregate.
 */
class RefusedCredentialsIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code auth.denied} entries, oldest first, as {address: details}. */
  private static List<Map.Entry<String, JsonNode>> deniedEntries(ApiServer api)
      throws SQLException {
    var entries = new ArrayList<Map.Entry<String, JsonNode>>();
    try (var connection = api.platform().database().dataSource().getConnection();
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT host(client_address), details::text, entity_type, entity_id"
                        + " FROM audit_logs WHERE action = 'auth.denied' ORDER BY id")) {
      while (rows.next()) {
        assertThat(rows.getString(3)).isEqualTo("client");
        assertThat(rows.getString(4)).isEqualTo(rows.getString(1));
        try {
          entries.add(
              Map.entry(rows.getString(1), WebApp.objectMapper().readTree(rows.getString(2))));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return entries;
  }

  @Test
  void five_hundred_unknown_tokens_from_one_address_get_429_after_the_anonymous_limit()
      throws Exception {
    try (var api = ApiServer.start("memory", Map.of("AQMRG_RATE_LIMIT_ANONYMOUS", "50"))) {
      // The same parts, with the token lookups and audit inserts counted.
      var connections = new AtomicLong();
      DataSource counted =
          Intercepted.of(
              DataSource.class,
              api.platform().database().dataSource(),
              (method, args) -> {
                if (method.getName().equals("getConnection")) {
                  connections.incrementAndGet();
                }
              });
      var web = api.platform().web();
      var audit = new AuditLog(Database.of(counted), WebApp.objectMapper());
      var denied = new DeniedRequests(audit, web.settings().access().rateWindow());
      var parts =
          new WebApp.Parts(
              web.checks(),
              web.users(),
              web.sessions(),
              new ApiTokens(Database.of(counted), Clock.systemUTC()),
              web.throttle(),
              audit,
              denied,
              web.limiter(),
              web.ingest(),
              web.latest(),
              web.locations(),
              web.sensors(),
              web.settings(),
              web.readings(),
              web.registry(),
              web.rollups(),
              web.alerts(),
              web.unsubscribe(),
              web.outbox(),
              web.alertEvents(),
              web.predictions(),
              web.stats(),
              web.metrics(),
              web.spool(),
              web.replica());
      Javalin app = WebApp.create(parts).start("127.0.0.1", 0);
      try {
        api.user("admin@refused.test", Role.ADMIN);
        var statuses = new ArrayList<Integer>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 500; i++) {
          last =
              get(
                  app.port(),
                  "/api/v1/auth/me",
                  "Authorization",
                  "Token " + Secrets.newSecret(Secrets.TOKEN_PREFIX));
          statuses.add(last.statusCode());
          if (i == 0) {
            assertThat(json(last).get("details").get("reason").asText()).isEqualTo("unknown_token");
          }
        }
        long duringRequests = connections.get();

        assertThat(statuses.subList(0, 50)).containsOnly(401);
        assertThat(statuses.subList(50, 500)).containsOnly(429);
        assertThat(json(last).get("code").asText()).isEqualTo("too_many_requests");
        assertThat(json(last).get("message").asText()).contains("refused credentials");
        assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()))
            .isBetween(1L, 60L);
        assertThat(duringRequests)
            .as("one token lookup for each of the first 50, nothing after; no audit inserts")
            .isEqualTo(50);

        denied.flush();
        var entries = deniedEntries(api);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getKey()).isEqualTo("127.0.0.1");
        JsonNode details = entries.get(0).getValue();
        assertThat(details.get("count").asLong()).isEqualTo(500);
        assertThat(details.get("rate_limited").asLong()).isEqualTo(450);
        assertThat(details.get("reasons").get("unknown_token").asLong()).isEqualTo(50);
        assertThat(details.get("reasons").get("unchecked").asLong()).isEqualTo(450);
        assertThat(details.get("routes").get("GET /api/v1/auth/me").asLong()).isEqualTo(500);
        assertThat(details.get("window_seconds").asLong()).isEqualTo(60);

        String session = api.login("admin@refused.test");
        assertThat(
                get(app.port(), "/api/v1/auth/me", "Authorization", bearer(session)).statusCode())
            .as("a valid session from that address still gets in")
            .isEqualTo(200);
      } finally {
        app.stop();
        denied.close();
      }
    }
  }

  @Test
  void refusals_are_written_once_per_address_and_window_with_their_reasons_and_routes()
      throws Exception {
    try (var api =
        ApiServer.start(
            "memory",
            Map.of("AQMRG_TRUST_PROXY", "true", "AQMRG_RATE_LIMIT_WINDOW_SECONDS", "5"))) {
      String first = "203.0.113.7";
      String second = "198.51.100.9";
      for (int i = 0; i < 3; i++) {
        assertThat(
                get(
                        api.port(),
                        "/api/v1/auth/me",
                        "X-Forwarded-For",
                        first,
                        "Authorization",
                        "Token abc")
                    .statusCode())
            .isEqualTo(401);
      }
      for (int i = 0; i < 2; i++) {
        var ended =
            get(
                api.port(),
                "/api/v1/users",
                "X-Forwarded-For",
                first,
                "Authorization",
                "Bearer " + Secrets.newSecret(Secrets.SESSION_PREFIX));
        assertThat(json(ended).get("details").get("reason").asText()).isEqualTo("session_ended");
      }
      get(
          api.port(),
          "/api/v1/sensors",
          "X-Forwarded-For",
          second,
          "Authorization",
          "Token " + Secrets.newSecret(Secrets.TOKEN_PREFIX));

      // Written by the platform itself once each address's window has ended.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> deniedEntries(api).size() == 2);
      var entries = deniedEntries(api);
      var byAddress = new java.util.HashMap<String, JsonNode>();
      entries.forEach(entry -> byAddress.put(entry.getKey(), entry.getValue()));

      JsonNode a = byAddress.get(first);
      assertThat(a.get("count").asLong()).isEqualTo(5);
      assertThat(a.get("rate_limited").asLong()).isZero();
      assertThat(a.get("reasons").get("malformed").asLong()).isEqualTo(3);
      assertThat(a.get("reasons").get("session_ended").asLong()).isEqualTo(2);
      assertThat(a.get("routes").get("GET /api/v1/auth/me").asLong()).isEqualTo(3);
      assertThat(a.get("routes").get("GET /api/v1/users").asLong()).isEqualTo(2);
      assertThat(a.get("first_at").asText()).endsWith("Z");
      JsonNode b = byAddress.get(second);
      assertThat(b.get("count").asLong()).isEqualTo(1);
      assertThat(b.get("reasons").get("unknown_token").asLong()).isEqualTo(1);
      assertThat(b.get("routes").get("GET /api/v1/sensors").asLong()).isEqualTo(1);
    }
  }
}
