package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the server answers by itself, before any route runs, to hostile requests sent over a raw
 * socket: always the API's JSON error shape with the status's snake_case code, never Jetty's HTML.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerErrorsIT {
  private ApiServer api;

  @BeforeAll
  void start() {
    api = ApiServer.start("memory", Map.of("AQMRG_MAX_BODY_MB", "1"));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  /** A status line, headers (names in lower case) and body read from a socket. */
  record Answer(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      assertThat(headers.get("content-type")).as(body).startsWith("application/json");
      return WebApp.objectMapper().readTree(body);
    }
  }

  /** Sends {@code request} as it is and reads the answer until the server closes or it ends. */
  private Answer raw(String request) throws IOException {
    try (var socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed before the end of the headers: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    var headers = new LinkedHashMap<String, String>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void a_request_line_too_long_gets_414_as_JSON() throws Exception {
    var answer =
        raw("GET /api/v1/sensors?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(answer.status()).isEqualTo(414);
    var body = answer.json();
    assertThat(body.get("code").asText()).isEqualTo("uri_too_long");
    assertThat(body.get("message").asText()).contains("request line");
    assertThat(body.get("details").get("limit_bytes").asInt()).isPositive();
  }

  @Test
  void headers_too_large_get_431_as_JSON() throws Exception {
    var answer =
        raw(
            "GET /api/v1/sensors HTTP/1.1\r\nHost: x\r\nX-Padding: "
                + "b".repeat(20_000)
                + "\r\n\r\n");

    assertThat(answer.status()).isEqualTo(431);
    var body = answer.json();
    assertThat(body.get("code").asText()).isEqualTo("request_header_fields_too_large");
    assertThat(body.get("message").asText()).contains("headers");
    assertThat(body.has("details")).isTrue();
  }

  @Test
  void a_client_that_sends_a_body_over_the_limit_in_full_reads_the_413_every_time()
      throws Exception {
    // The server reads what is still arriving before it answers: closing on a half-sent body
    // would reset the connection, and the client would lose the answer.
    byte[] body = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(body, (byte) 'x');
    var client = java.net.http.HttpClient.newHttpClient();
    for (int i = 0; i < 20; i++) {
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(
                      "http://127.0.0.1:" + api.port() + "/api/v2/write?bucket=sensor_data"))
              .header("Authorization", "Token not-even-checked")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body()).contains("request_too_large");
    }
  }

  @Test
  void a_declared_body_over_the_limit_gets_413_as_JSON_before_any_route() throws Exception {
    var answer =
        raw(
            "POST /api/v2/write?bucket=sensor_data HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Token not-even-checked\r\n"
                + "Expect: 100-continue\r\n"
                + "Content-Length: 5000000\r\n\r\n");

    assertThat(answer.status()).isEqualTo(413);
    var body = answer.json();
    assertThat(body.get("code").asText()).isEqualTo("request_too_large");
    assertThat(body.get("message").asText()).contains("1048576", "AQMRG_MAX_BODY_MB");
    assertThat(body.get("details").get("limit_bytes").asLong()).isEqualTo(1_048_576L);
  }

  /** A request of {@code kilobytes} of chunked body, as a client that does not say its length. */
  private static String chunked(String head, int kilobytes) {
    var request = new StringBuilder(head).append("Transfer-Encoding: chunked\r\n\r\n");
    String chunk = "a".repeat(1024);
    for (int i = 0; i < kilobytes; i++) {
      request.append("400\r\n").append(chunk).append("\r\n");
    }
    return request.append("0\r\n\r\n").toString();
  }

  @Test
  void a_chunked_body_that_grows_over_the_limit_gets_413_as_JSON() throws Exception {
    String token =
        api.platform()
            .web()
            .tokens()
            .create(null, "chunked", java.util.List.of("write:readings"), java.util.List.of(), null)
            .secret();
    var write =
        raw(
            chunked(
                "POST /api/v2/write?bucket=sensor_data HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Token "
                    + token
                    + "\r\n",
                1200));
    var login =
        raw(
            chunked(
                "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\n",
                100));

    assertThat(write.status()).as(write.body()).isEqualTo(413);
    assertThat(write.json().get("details").get("limit_bytes").asLong()).isEqualTo(1_048_576L);
    assertThat(login.status()).as(login.body()).isEqualTo(413);
    assertThat(login.json().get("code").asText()).isEqualTo("request_too_large");
  }

  @Test
  void a_message_that_is_not_HTTP_gets_400_as_JSON() throws Exception {
    for (String request :
        java.util.List.of(
            "POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n",
            "POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                + "Content-Length: 3\r\n\r\n{}",
            "GET /api/v1/sensors HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n\r\n",
            "PATCH /api/v1/sensors/a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            "POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")) {
      var answer = raw(request);

      assertThat(answer.status()).as(request).isEqualTo(400);
      var body = answer.json();
      assertThat(body.get("code").asText()).isEqualTo("bad_request");
      assertThat(body.get("message").asText()).startsWith("the request is not valid HTTP");
      assertThat(answer.body()).doesNotContain("<html", "Exception", "at org.");
    }
  }

  @Test
  void an_unknown_HTTP_version_gets_505_as_JSON() throws Exception {
    var answer = raw("GET /health/live HTTP/3.0\r\nHost: x\r\n\r\n");

    assertThat(answer.status()).isEqualTo(505);
    assertThat(answer.json().get("code").asText()).isEqualTo("http_version_not_supported");
  }

  @Test
  void a_client_that_asks_for_HTML_still_gets_JSON() throws Exception {
    var answer =
        raw(
            "GET /api/v1/sensors?q="
                + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n");

    assertThat(answer.status()).isEqualTo(414);
    assertThat(answer.json().get("code").asText()).isEqualTo("uri_too_long");
  }
}
