package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.User;
import org.aqmrg.ops.StoreCheck;
import org.aqmrg.ops.StoreStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebAppTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private static StoreCheck store(String role, boolean up) {
    return new StoreCheck() {
      @Override
      public String role() {
        return role;
      }

      @Override
      public String target() {
        return role + " server";
      }

      @Override
      public StoreStatus check() {
        return new StoreStatus(
            role, target(), up, 1.5, up ? "" : "connection refused", up ? "" : "start it");
      }
    };
  }

  private HttpResponse<String> get(List<StoreCheck> checks, String path) throws Exception {
    return get(checks, path, false);
  }

  /** As an admin when {@code admin}, else without credentials. */
  private HttpResponse<String> get(List<StoreCheck> checks, String path, boolean admin)
      throws Exception {
    var parts = TestParts.withChecks(checks);
    app = WebApp.create(parts).start("127.0.0.1", 0);
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (admin) {
      var now = Instant.now();
      var user = new User(UUID.randomUUID(), "admin@test.dev", Role.ADMIN, now, now);
      request.header("Authorization", "Bearer " + parts.sessions().start(user).secret());
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return WebApp.objectMapper().readTree(response.body());
  }

  @Test
  void every_route_declares_exactly_one_access_rule() {
    app = WebApp.create(TestParts.withChecks(List.of()));
    var endpoints = app.unsafe.internalRouter.allHttpHandlers();

    var routes =
        endpoints.stream()
            .map(parsed -> parsed.endpoint)
            .filter(endpoint -> endpoint.method.isHttpMethod())
            .toList();
    assertThat(routes).hasSizeGreaterThan(10);
    assertThat(routes)
        .allSatisfy(
            endpoint ->
                assertThat(endpoint.metadata(io.javalin.security.Roles.class))
                    .as("%s %s declares who may call it", endpoint.method, endpoint.path)
                    .isNotNull()
                    .satisfies(
                        roles ->
                            assertThat(roles.getRoles())
                                .hasSize(1)
                                .allMatch(role -> role instanceof Access)));
    app = null;
  }

  @Test
  void every_GET_route_also_answers_HEAD_and_every_path_OPTIONS() {
    app = WebApp.create(TestParts.withChecks(List.of()));
    var endpoints =
        app.unsafe.internalRouter.allHttpHandlers().stream()
            .map(parsed -> parsed.endpoint)
            .filter(endpoint -> endpoint.method.isHttpMethod())
            .toList();
    var byPath = new java.util.HashMap<String, java.util.Set<String>>();
    endpoints.forEach(
        endpoint ->
            byPath
                .computeIfAbsent(endpoint.path, p -> new java.util.HashSet<>())
                .add(endpoint.method.name()));

    assertThat(byPath).hasSizeGreaterThan(10);
    assertThat(byPath)
        .allSatisfy(
            (path, methods) -> {
              assertThat(methods).as(path).contains("OPTIONS");
              if (methods.contains("GET")) {
                assertThat(methods)
                    .as("%s: HEAD beside GET (RouteTable.get)", path)
                    .contains("HEAD");
              }
            });
    app = null;
  }

  @Test
  void live_answers_200_while_a_store_is_down() throws Exception {
    var response = get(List.of(store("relational", false)), "/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("status").asText()).isEqualTo("up");
  }

  @Test
  void ready_answers_200_and_lists_each_store_when_all_are_up() throws Exception {
    var response = get(List.of(store("relational", true), store("cache", true)), "/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    var body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("up");
    assertThat(body.get("stores")).hasSize(2);
    assertThat(body.get("stores").get(1).get("role").asText()).isEqualTo("cache");
    assertThat(body.get("stores").get(1).get("latency_ms").asDouble()).isEqualTo(1.5);
  }

  @Test
  void ready_answers_an_admin_503_naming_the_store_that_is_down_where_it_is_and_why()
      throws Exception {
    var response =
        get(List.of(store("relational", true), store("cache", false)), "/health/ready", true);

    assertThat(response.statusCode()).isEqualTo(503);
    var body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("down");
    var cache = body.get("stores").get(1);
    assertThat(cache.get("up").asBoolean()).isFalse();
    assertThat(cache.get("target").asText()).isEqualTo("cache server");
    assertThat(cache.get("problem").asText()).isEqualTo("connection refused");
    assertThat(cache.get("hint").asText()).isEqualTo("start it");
  }

  @Test
  void ready_shows_others_each_store_role_and_status_but_not_where_it_is() throws Exception {
    var response = get(List.of(store("relational", true), store("cache", false)), "/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    var body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("down");
    var cache = body.get("stores").get(1);
    assertThat(cache.get("role").asText()).isEqualTo("cache");
    assertThat(cache.get("up").asBoolean()).isFalse();
    assertThat(cache.get("latency_ms").asDouble()).isEqualTo(1.5);
    assertThat(cache.has("target")).as(response.body()).isFalse();
    assertThat(cache.has("problem")).isFalse();
    assertThat(cache.has("hint")).isFalse();
    assertThat(response.body()).doesNotContain("server", "connection refused", "start it");
  }

  @Test
  void unknown_route_gives_404_in_the_json_error_format() throws Exception {
    var response = get(List.of(), "/api/v1/nothing-here");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    var body = json(response);
    assertThat(body.get("code")).as(response.body()).isNotNull();
    assertThat(body.get("code").asText()).isEqualTo("not_found");
    assertThat(body.get("message").asText()).contains("/api/v1/nothing-here");
    assertThat(body.get("details").get("path").asText()).isEqualTo("/api/v1/nothing-here");
  }

  @Test
  void an_unexpected_error_gives_500_with_a_reference_and_no_stack_trace() throws Exception {
    StoreCheck broken =
        new StoreCheck() {
          @Override
          public String role() {
            return "cache";
          }

          @Override
          public String target() {
            return "broken";
          }

          @Override
          public StoreStatus check() {
            throw new IllegalStateException("secret internal detail");
          }
        };

    var response = get(List.of(broken), "/health/ready");

    assertThat(response.statusCode()).isEqualTo(500);
    var body = json(response);
    assertThat(body.get("code").asText()).isEqualTo("internal");
    assertThat(body.get("details").get("reference").asText()).hasSize(36);
    assertThat(response.body()).doesNotContain("secret internal detail", "at org.aqmrg");
  }
}
