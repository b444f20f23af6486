package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /openapi.json} and the Swagger UI page at {@code GET /api/docs}, over HTTP. */
class ApiDocsRoutesTest {
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

  private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The Content-Type, without the optional white space before its parameters. */
  private static String type(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
  }

  /** The request line as given, byte for byte: no client normalises the path on the way. */
  private static String raw(String target) throws IOException {
    try (var socket = new Socket("127.0.0.1", app.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void GET_openapi_json_answers_the_resource_as_JSON() throws Exception {
    var response = get("/openapi.json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode served = WebApp.objectMapper().readTree(response.body());
    assertThat(served).isEqualTo(OpenApi.tree());
    assertThat(served.get("openapi").asText()).isEqualTo("3.0.3");
  }

  @Test
  void GET_openapi_json_with_its_ETag_answers_304_without_a_body() throws Exception {
    String etag = get("/openapi.json").headers().firstValue("ETag").orElseThrow();

    var again = get("/openapi.json", "If-None-Match", etag);

    assertThat(etag).matches("W/\"[A-Za-z0-9_-]+\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void HEAD_openapi_json_answers_as_GET_does_without_a_body() throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/openapi.json"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();

    var head = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(type(head)).isEqualTo("application/json");
    assertThat(head.headers().firstValue("ETag"))
        .isEqualTo(get("/openapi.json").headers().firstValue("ETag"));
    assertThat(head.body()).isEmpty();
  }

  @Test
  void GET_api_docs_answers_the_page_without_inline_script() throws Exception {
    var response = get("/api/docs");
    String page = new String(response.body(), StandardCharsets.UTF_8);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(type(response)).isEqualTo("text/html;charset=utf-8");
    assertThat(page)
        .contains("<script src=\"/api/docs/swagger-ui-bundle.js\"></script>")
        .contains("<script src=\"/api/docs/initializer.js\"></script>")
        .contains("data-url=\"/openapi.json\"");
    // Every script element loads a file; none carries code of its own, nor an event attribute.
    assertThat(page.split("<script").length - 1).isEqualTo(2);
    assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("onload=");
  }

  @ParameterizedTest
  @CsvSource({
    "/api/docs/swagger-ui-bundle.js, text/javascript; charset=utf-8, SwaggerUIBundle",
    "/api/docs/initializer.js, text/javascript; charset=utf-8, validatorUrl: null",
    "/api/docs/swagger-ui.css, text/css; charset=utf-8, .swagger-ui",
    "/api/docs/index.css, text/css; charset=utf-8, box-sizing",
    "/api/docs/favicon-32x32.png, image/png, PNG"
  })
  void GET_api_docs_files_answer_with_their_content_type(String path, String type, String text)
      throws Exception {
    var response = get(path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(type(response)).isEqualTo(type.replace(" ", ""));
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).contains(text);
  }

  @Test
  void swagger_ui_comes_gzip_compressed_to_clients_that_accept_it() throws Exception {
    var plain = get("/api/docs/swagger-ui-bundle.js");
    var gzipped = get("/api/docs/swagger-ui-bundle.js", "Accept-Encoding", "gzip");

    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
    var unzipped =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))
            .readAllBytes();
    assertThat(unzipped).isEqualTo(plain.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/docs/swagger-ui.js",
        "/api/docs/index.html",
        "/api/docs/api-docs.html",
        "/api/docs/openapi.yaml",
        "/api/docs/pom.properties",
        "/api/docs/swagger-ui-bundle.js.map"
      })
  void GET_api_docs_of_any_other_file_is_a_404(String path) throws Exception {
    var response = get(path);

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = WebApp.objectMapper().readTree(response.body());
    assertThat(body.get("code").asText()).isEqualTo("not_found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/docs/../../META-INF/maven/org.webjars/swagger-ui/pom.properties",
        "/api/docs/../org/aqmrg/http/openapi.yaml",
        "/api/docs/%2e%2e/%2e%2e/META-INF/maven/org.webjars/swagger-ui/pom.properties",
        "/api/docs/..%2f..%2forg%2faqmrg%2fhttp%2fopenapi.yaml",
        "/api/docs/%2e%2e%2fapi-docs.html",
        "/api/docs/%2e%2e%5c%2e%2e%5clogback.xml"
      })
  void a_path_out_of_api_docs_reaches_nothing_of_the_class_path(String target) throws Exception {
    String answer = raw(target);

    assertThat(answer).startsWith("HTTP/1.1 404 ");
    assertThat(answer).doesNotContain("version=").doesNotContain("openapi: 3.0.3");
  }

  @Test
  void a_request_line_with_backslashes_is_refused_before_any_route() throws Exception {
    String answer = raw("/api/docs/..\\..\\logback.xml");

    assertThat(answer).startsWith("HTTP/1.1 400 ").doesNotContain("<configuration");
  }
}
