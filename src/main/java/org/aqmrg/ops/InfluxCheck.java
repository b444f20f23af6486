package org.aqmrg.ops;

import java.io.IOException;
import java.time.Duration;

/**
 * Calls InfluxDB's {@code /ping}, which every version from 1.x to 3.x answers with 204, through the
 * time-series adapter's own HTTP client and credentials (see {@link Ping}).
 */
public final class InfluxCheck implements StoreCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final String url;
  private final Ping ping;

  /** Sends {@code GET /ping} once, within a timeout, and gives the answer's HTTP status. */
  @FunctionalInterface
  public interface Ping {
    /** For a time series that is not on InfluxDB: never called. */
    Ping NONE =
        timeout -> {
          throw new IllegalStateException("the time series is not on InfluxDB");
        };

    int status(Duration timeout) throws IOException, InterruptedException;
  }

  /**
   * @param url the server's URL, for messages
   */
  public InfluxCheck(String url, Ping ping) {
    this.url = url;
    this.ping = ping;
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
    try {
      int status = ping.status(TIMEOUT);
      if (status == 204 || status == 200) {
        return StoreStatus.up(this, started);
      }
      return StoreStatus.down(
          this,
          started,
          "/ping answered HTTP " + status,
          status == 401
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
