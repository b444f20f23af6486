package org.aqmrg.identity;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.aqmrg.testing.ApiServer.loginBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

/** Rate limits and login throttling through HTTP, on the real Redis. */
class RateLimitIT {

  @Test
  void over_the_limit_gives_429_with_retry_after_and_the_rate_limit_headers() {
    try (var api = ApiServer.start("redis", Map.of("AQMRG_RATE_LIMIT_RESEARCHER", "3"))) {
      api.user("r@test.dev", Role.RESEARCHER);
      String token = api.login("r@test.dev");

      var statuses = new ArrayList<Integer>();
      HttpResponse<String> last = null;
      for (int i = 0; i < 4; i++) {
        last = api.get("/api/v1/auth/me", "Authorization", bearer(token));
        statuses.add(last.statusCode());
        if (i < 3) {
          assertThat(last.headers().firstValue("X-RateLimit-Limit")).contains("3");
          assertThat(last.headers().firstValue("X-RateLimit-Remaining"))
              .contains(String.valueOf(2 - i));
          assertThat(Long.parseLong(last.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
              .isBetween(1L, 60L);
        }
      }

      assertThat(statuses).containsExactly(200, 200, 200, 429);
      assertThat(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 60L);
      assertThat(json(last).get("code").asText()).isEqualTo("too_many_requests");
      assertThat(last.headers().firstValue("X-RateLimit-Remaining")).contains("0");
    }
  }

  @Test
  void a_caller_who_keeps_asking_for_a_forbidden_route_is_limited_before_each_refusal_is_audited()
      throws Exception {
    try (var api = ApiServer.start("redis", Map.of("AQMRG_RATE_LIMIT_PUBLIC", "3"))) {
      api.user("p@test.dev", Role.PUBLIC);
      String token = api.login("p@test.dev");

      var statuses = new ArrayList<Integer>();
      for (int i = 0; i < 10; i++) {
        statuses.add(api.get("/api/v1/users", "Authorization", bearer(token)).statusCode());
      }

      assertThat(statuses).containsExactly(403, 403, 403, 429, 429, 429, 429, 429, 429, 429);
      try (var connection = api.platform().database().dataSource().getConnection();
          var rows =
              connection
                  .createStatement()
                  .executeQuery(
                      "SELECT count(*) FROM audit_logs WHERE action = 'auth.forbidden'")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(3);
      }
    }
  }

  @Test
  void anonymous_callers_are_counted_in_process_and_their_counts_reach_redis_within_a_sync() {
    try (var api = ApiServer.start("redis", Map.of("AQMRG_RATE_LIMIT_ANONYMOUS", "3"))) {
      String key = "rate_limit:ip:127.0.0.1:/api/v1/sensors";
      api.platform().cache().delete(key); // other tests on this Redis call the route anonymously
      var statuses = new ArrayList<Integer>();
      var remaining = new ArrayList<String>();
      for (int i = 0; i < 5; i++) {
        var response = api.get("/api/v1/sensors");
        statuses.add(response.statusCode());
        remaining.add(response.headers().firstValue("X-RateLimit-Remaining").orElse("none"));
      }

      assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
      assertThat(remaining).containsExactly("2", "1", "0", "0", "0");
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .until(() -> api.platform().cache().get(key).equals(java.util.Optional.of("5")));
      assertThat(api.platform().cache().timeToLive(key))
          .hasValueSatisfying(
              ttl ->
                  assertThat(ttl)
                      .isPositive()
                      .isLessThanOrEqualTo(java.time.Duration.ofSeconds(60)));
    }
  }

  @Test
  void the_limit_is_per_route_template_not_per_path() {
    try (var api = ApiServer.start("redis", Map.of("AQMRG_RATE_LIMIT_ADMIN", "2"))) {
      api.user("a@test.dev", Role.ADMIN);
      String token = api.login("a@test.dev");

      int first =
          api.get("/api/v1/users/" + UUID.randomUUID(), "Authorization", bearer(token))
              .statusCode();
      int second =
          api.get("/api/v1/users/" + UUID.randomUUID(), "Authorization", bearer(token))
              .statusCode();
      int third =
          api.get("/api/v1/users/" + UUID.randomUUID(), "Authorization", bearer(token))
              .statusCode();
      int otherRoute = api.get("/api/v1/tokens", "Authorization", bearer(token)).statusCode();

      assertThat(List.of(first, second, third, otherRoute)).containsExactly(404, 404, 429, 200);
    }
  }

  @Test
  void a_thousand_parallel_requests_against_a_limit_of_100_let_exactly_100_through() {
    try (var api = ApiServer.start("redis", Map.of("AQMRG_RATE_LIMIT_TOKEN", "100"))) {
      String secret =
          api.platform()
              .web()
              .tokens()
              .create(null, "load", List.of("read:all"), List.of(), null)
              .secret();
      var client = HttpClient.newHttpClient();
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/auth/me"))
              .header("Authorization", "Token " + secret)
              .build();

      var futures = new ArrayList<CompletableFuture<Integer>>();
      for (int i = 0; i < 1_000; i++) {
        futures.add(
            client
                .sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode));
      }
      var statuses = futures.stream().map(CompletableFuture::join).toList();

      assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(100);
      assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(900);
    }
  }

  @Test
  void repeated_failed_logins_are_throttled_even_with_the_right_password_then() throws Exception {
    try (var api = ApiServer.start("redis", Map.of("AQMRG_LOGIN_MAX_FAILURES", "3"))) {
      String victim = "victim-" + UUID.randomUUID() + "@test.dev";
      api.user(victim, Role.ADMIN);

      for (int i = 0; i < 3; i++) {
        assertThat(
                api.send("POST", "/api/v1/auth/login", loginBody(victim, "guess number " + i))
                    .statusCode())
            .isEqualTo(401);
      }
      var blocked = api.send("POST", "/api/v1/auth/login", loginBody(victim, ApiServer.PASSWORD));

      assertThat(blocked.statusCode()).isEqualTo(429);
      assertThat(json(blocked).get("code").asText()).isEqualTo("too_many_failed_logins");
      assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 15L * 60);
      try (var connection = api.platform().database().dataSource().getConnection();
          var rows =
              connection
                  .createStatement()
                  .executeQuery(
                      "SELECT action, count(*) FROM audit_logs WHERE action LIKE 'auth.login%'"
                          + " GROUP BY action ORDER BY action")) {
        var counts = new ArrayList<String>();
        while (rows.next()) {
          counts.add(rows.getString(1) + "=" + rows.getLong(2));
        }
        assertThat(counts).containsExactly("auth.login_failed=3", "auth.login_throttled=1");
      }
    }
  }

  @Test
  void failed_logins_from_one_address_are_throttled_across_accounts() {
    // On the in-process cache, which starts empty, so earlier runs leave no failures behind.
    try (var api = ApiServer.start("memory", Map.of("AQMRG_LOGIN_MAX_FAILURES_PER_ADDRESS", "3"))) {
      var statuses = new ArrayList<Integer>();
      for (int i = 0; i < 4; i++) {
        String email = "guess-" + UUID.randomUUID() + "@test.dev";
        statuses.add(
            api.send("POST", "/api/v1/auth/login", loginBody(email, "password " + i)).statusCode());
      }

      assertThat(statuses).containsExactly(401, 401, 401, 429);
    }
  }

  @Test
  void with_redis_unreachable_limits_fail_open_and_sessions_fail_closed() {
    int deadPort = TestServers.freePort();
    try (var api =
        ApiServer.start(
            "memory",
            Map.of(
                "AQMRG_CACHE",
                "redis",
                "REDIS_HOST",
                "127.0.0.1",
                "REDIS_PORT",
                String.valueOf(deadPort)))) {
      String secret =
          api.platform()
              .web()
              .tokens()
              .create(null, "device", List.of("read:all"), List.of(), null)
              .secret();

      var withToken = api.get("/api/v1/auth/me", "Authorization", "Token " + secret);
      assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
      assertThat(withToken.headers().firstValue("X-RateLimit-Limit")).isEmpty();

      var login =
          api.send("POST", "/api/v1/auth/login", loginBody("someone@test.dev", "whatever pass"));
      assertThat(login.statusCode()).isEqualTo(503);
      assertThat(login.headers().firstValue("Retry-After")).isPresent();
      assertThat(json(login).get("code").asText()).isEqualTo("unavailable");

      var session =
          api.get(
              "/api/v1/auth/me",
              "Authorization",
              bearer(Secrets.newSecret(Secrets.SESSION_PREFIX)));
      assertThat(session.statusCode()).isEqualTo(503);
    }
  }
}
