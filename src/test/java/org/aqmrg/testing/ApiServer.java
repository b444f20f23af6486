package org.aqmrg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.aqmrg.app.Platform;
import org.aqmrg.app.Server;
import org.aqmrg.config.Settings;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.Role;

/**
 * The real platform and web app on a free port, against the test servers, for HTTP tests. Each
 * server gets a database of its own.
 */
public final class ApiServer implements AutoCloseable {
  /** The password of every user the tests create. */
  public static final String PASSWORD = "correct horse battery staple";

  private final Map<String, String> env;
  private final Platform platform;
  private final Server app;
  private final HttpClient http = HttpClient.newHttpClient();

  private ApiServer(Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.platform = Platform.start(Settings.from(env));
    this.app = Server.start(platform, "127.0.0.1", 0);
  }

  /**
   * @param cache {@code memory} or {@code redis}
   * @param extra further settings, e.g. low rate limits
   */
  public static ApiServer start(String cache, Map<String, String> extra) {
    var env = new HashMap<>(TestServers.platformEnv(TestServers.createDatabase("api")));
    env.put("AQMRG_CACHE", cache);
    if (cache.equals("redis")) {
      env.put("REDIS_HOST", TestServers.env("AQMRG_TEST_REDIS_HOST"));
      env.put("REDIS_PORT", TestServers.env("AQMRG_TEST_REDIS_PORT"));
      env.put("REDIS_PASSWORD", TestServers.env("AQMRG_TEST_REDIS_PASSWORD"));
    }
    // The test Redis outlives one run: failed logins from 127.0.0.1 must not pile up across runs.
    env.put("AQMRG_LOGIN_MAX_FAILURES_PER_ADDRESS", "100000");
    env.putAll(extra);
    return new ApiServer(env);
  }

  /**
   * A server with exactly these settings, e.g. those of one that stopped ({@link #env()}): the same
   * stores, as after a restart.
   */
  public static ApiServer start(Map<String, String> env) {
    return new ApiServer(env);
  }

  /** The settings the server runs with, for commands that must share its stores. */
  public Map<String, String> env() {
    return env;
  }

  public Platform platform() {
    return platform;
  }

  /** Creates a user with {@link #PASSWORD}. */
  public void user(String email, Role role) {
    platform.web().users().create(email, PASSWORD, role);
  }

  /** Logs in and returns the session token. */
  public String login(String email) {
    var response = send("POST", "/api/v1/auth/login", loginBody(email, PASSWORD));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("login failed: " + response.body());
    }
    return json(response).get("token").asText();
  }

  public static String loginBody(String email, String password) {
    return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
  }

  /** Sends a request; {@code headers} alternate name and value. */
  public HttpResponse<String> send(String method, String path, String body, String... headers) {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return WebApp.objectMapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + response.body(), e);
    }
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.close();
    platform.close();
  }
}
