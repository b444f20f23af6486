package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.Test;

/** Browsers on other origins: allowed only for the origins of AQMRG_CORS_ORIGINS. */
class CorsIT {
  private static final String DASHBOARD = "https://dashboard.example.org";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(ApiServer api, String method, String path, String... headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> preflight(ApiServer api, String origin) throws Exception {
    return send(
        api,
        "OPTIONS",
        "/api/v1/sensors",
        "Origin",
        origin,
        "Access-Control-Request-Method",
        "POST",
        "Access-Control-Request-Headers",
        "authorization, content-type");
  }

  private static List<String> corsHeaders(HttpResponse<?> response) {
    return response.headers().map().keySet().stream()
        .map(name -> name.toLowerCase(Locale.ROOT))
        .filter(name -> name.startsWith("access-control-"))
        .toList();
  }

  private static List<String> values(HttpResponse<?> response, String header) {
    return response.headers().allValues(header).stream()
        .flatMap(value -> java.util.Arrays.stream(value.split(",")))
        .map(String::trim)
        .toList();
  }

  @Test
  void an_allowed_origin_gets_its_preflight_answered_and_its_origin_echoed() throws Exception {
    try (var api =
        ApiServer.start(
            "memory", Map.of("AQMRG_CORS_ORIGINS", DASHBOARD + "/, http://localhost:3000"))) {
      var preflight = preflight(api, DASHBOARD);
      var read = send(api, "GET", "/api/v1/sensors", "Origin", DASHBOARD);
      var refused = send(api, "GET", "/api/v1/users", "Origin", "http://localhost:3000");

      assertThat(preflight.statusCode()).isBetween(200, 204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
      assertThat(values(preflight, "Access-Control-Allow-Methods"))
          .containsExactlyInAnyOrder("GET", "HEAD", "POST", "PATCH", "DELETE");
      assertThat(values(preflight, "Access-Control-Allow-Headers"))
          .containsExactlyInAnyOrder("Authorization", "Content-Type", "Content-Encoding");
      assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isPresent();
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
      assertThat(values(preflight, "Vary")).contains("Origin");

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
      assertThat(values(read, "Access-Control-Expose-Headers"))
          .contains("X-RateLimit-Remaining", "Retry-After", "X-Next-Cursor");
      assertThat(read.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
      assertThat(values(read, "Vary")).contains("Origin");

      assertThat(refused.statusCode()).as("errors are readable by the page too").isEqualTo(401);
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("http://localhost:3000");
    }
  }

  @Test
  void another_origin_gets_no_CORS_headers_at_all() throws Exception {
    try (var api = ApiServer.start("memory", Map.of("AQMRG_CORS_ORIGINS", DASHBOARD))) {
      for (String origin :
          List.of(
              "https://evil.example",
              "http://dashboard.example.org",
              "null",
              DASHBOARD + ".evil")) {
        var preflight = preflight(api, origin);
        var read = send(api, "GET", "/api/v1/sensors", "Origin", origin);

        assertThat(corsHeaders(preflight)).as(origin).isEmpty();
        assertThat(corsHeaders(read)).as(origin).isEmpty();
        assertThat(read.statusCode()).as("the request itself is served").isEqualTo(200);
      }
    }
  }

  @Test
  void without_the_setting_no_origin_gets_CORS_headers() throws Exception {
    try (var api = ApiServer.start("memory", Map.of())) {
      var preflight = preflight(api, DASHBOARD);
      var read = send(api, "GET", "/api/v1/sensors", "Origin", DASHBOARD);

      assertThat(corsHeaders(preflight)).isEmpty();
      assertThat(preflight.headers().firstValue("Allow")).hasValue("GET, POST, HEAD, OPTIONS");
      assertThat(corsHeaders(read)).isEmpty();
      assertThat(read.headers().firstValue("Vary").orElse("")).doesNotContain("Origin");
    }
  }
}
