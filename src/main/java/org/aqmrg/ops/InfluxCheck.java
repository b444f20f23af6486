package org.aqmrg.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.aqmrg.config.Settings;

/** Calls InfluxDB's {@code /ping}, which every version from 1.x to 3.x answers with 204. */
public final class InfluxCheck implements StoreCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final String url;
  private final String authorization; // null when no credentials are configured
  private final HttpClient client;

  public InfluxCheck(Settings.Influx influx) {
    this.url = influx.url().orElseThrow();
    if (!influx.token().isEmpty()) {
      this.authorization = "Token " + influx.token().reveal();
    } else if (!influx.username().isEmpty()) {
      String pair = influx.username() + ":" + influx.password().reveal();
      this.authorization =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    } else {
      this.authorization = null;
    }
    this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @Override
  public String role() {
    return "timeseries";
  }

  @Override
  public String target() {
    return "InfluxDB at " + url;
  }

  @Override
  public StoreStatus check() {
    long started = System.nanoTime();
    var request = HttpRequest.newBuilder(URI.create(url + "/ping")).timeout(TIMEOUT).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      var response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 204 || response.statusCode() == 200) {
        return StoreStatus.up(this, started);
      }
      return StoreStatus.down(
          this,
          started,
          "/ping answered HTTP " + response.statusCode(),
          response.statusCode() == 401
              ? "Check INFLUXDB_TOKEN, or INFLUXDB_USERNAME and INFLUXDB_PASSWORD."
              : "Check that INFLUXDB_URL points at InfluxDB itself, not a proxy.");
    } catch (IOException e) {
      return StoreStatus.down(this, started, Problems.describe(e), hint());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StoreStatus.down(this, started, "interrupted", hint());
    }
  }

  private String hint() {
    return "Is InfluxDB running and reachable? Try: curl -i " + url + "/ping";
  }
}
