package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /} and {@code GET /dashboard/{file}}, over HTTP, with the default settings. */
class DashboardRoutesTest {
  private static final HttpClient http = HttpClient.newHttpClient();
  private static Javalin app;

  @BeforeAll
  static void start() {
    app = WebApp.create(TestParts.withChecks(List.of())).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Stream<String> files() {
    return Stream.concat(
        DashboardRoutes.APP.keySet().stream(), DashboardRoutes.LIBRARIES.keySet().stream());
  }

  @Test
  void GET_root_answers_the_page_with_its_policy_and_the_tiles_setting() throws Exception {
    var response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .hasValue(ContentSecurityPolicy.of(Optional.of("https://tile.openstreetmap.org")));
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.body())
        .contains(
            "<meta name=\"aqmrg-tiles\" content=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\">")
        .contains("<meta name=\"aqmrg-attribution\" content=\"© OpenStreetMap contributors\">")
        .contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>");
  }

  @Test
  void the_page_and_its_modules_hold_no_inline_script_or_handler() throws Exception {
    Pattern inlineScript = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>");
    Pattern handler = Pattern.compile("\\son[a-z]+\\s*=\\s*[\"']");
    String page = get("/").body();
    assertThat(inlineScript.matcher(page).find()).as("inline script").isFalse();
    assertThat(handler.matcher(page).find()).as("inline handler").isFalse();
    for (String module : DashboardRoutes.APP.keySet()) {
      if (module.endsWith(".js")) {
        String source = get("/dashboard/" + module).body();
        assertThat(source).as(module).doesNotContain("innerHTML =", "eval(", "new Function(");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void every_listed_file_is_served_with_its_type_and_the_policy(String file) throws Exception {
    var response = get("/dashboard/" + file);

    assertThat(response.statusCode()).isEqualTo(200);
    String type =
        DashboardRoutes.APP.containsKey(file)
            ? DashboardRoutes.APP.get(file)
            : DashboardRoutes.LIBRARIES.get(file)[2];
    assertThat(response.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
        .isEqualTo(type.replace(" ", ""));
    assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isPositive();
  }

  @Test
  void a_file_asked_again_with_its_ETag_answers_304() throws Exception {
    String etag = get("/dashboard/app.js").headers().firstValue("ETag").orElseThrow();

    var again = get("/dashboard/app.js", "If-None-Match", etag);

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/dashboard/index.html",
        "/dashboard/nothing.js",
        "/dashboard/..%2fapi-docs.html",
        "/dashboard/leaflet.js.map"
      })
  void any_other_name_is_a_404_in_the_error_format(String path) throws Exception {
    var response = get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"code\":\"not_found\"");
  }
}
