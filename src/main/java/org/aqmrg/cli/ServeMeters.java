package org.aqmrg.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;
import org.aqmrg.config.Settings;
import org.aqmrg.ops.Stats;

/**
 * The ingest figures of the {@code ./aqmrg serve} running on this machine, read from its {@code
 * /metrics}: the counters live in the server's memory, so a command can only ask it. {@link
 * #note()} says why there are none when the server does not answer.
 */
final class ServeMeters {
  static final String ACCEPTED = "aqmrg_points_accepted_total";
  static final String REFUSED = "aqmrg_points_refused_total";
  static final String RATE = "aqmrg_points_accepted_rate";
  static final String SPOOL_HELD = "aqmrg_spool_held_bytes";
  static final String SPOOL_READINGS = "aqmrg_spool_readings";
  static final String SPOOL_AGE = "aqmrg_spool_oldest_age_seconds";
  static final String SPOOL_LIMIT = "aqmrg_spool_limit_bytes";
  static final String SPOOL_FAILING = "aqmrg_spool_failing";

  private final URI uri;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private String note = "";

  ServeMeters(Settings.Http http) {
    String host = http.host();
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    this.uri =
        URI.create(
            "http://"
                + (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + http.port()
                + "/metrics");
  }

  Optional<Stats.Ingest> read() {
    HttpResponse<String> response;
    try {
      var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpTimeoutException e) {
      note = "no ./aqmrg serve answering at " + uri + "; the ingest figures are the server's";
      return Optional.empty();
    } catch (IOException e) {
      note = "reading " + uri + " failed: " + e.getMessage();
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      note = "interrupted";
      return Optional.empty();
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      note =
          uri
              + " asks for a token (AQMRG_METRICS_ACCESS); see the ingest figures with GET"
              + " /api/v1/admin/stats as an admin";
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      note = uri + " answered " + response.statusCode();
      return Optional.empty();
    }
    return Optional.of(parse(response.body()));
  }

  String note() {
    return note;
  }

  /**
   * The counters in Prometheus' text format; refusals are summed per {@code reason} label; the
   * spool's gauges when it is on.
   */
  static Stats.Ingest parse(String text) {
    double accepted = 0;
    double refused = 0;
    double rate = 0;
    var byReason = new TreeMap<String, Long>();
    var spool = new java.util.HashMap<String, Double>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      double value = Double.parseDouble(line.substring(space + 1));
      String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
      switch (name) {
        case ACCEPTED -> accepted += value;
        case RATE -> rate += value;
        case REFUSED -> {
          refused += value;
          if (value > 0) {
            byReason.merge(label(series, "reason"), (long) value, Long::sum);
          }
        }
        case SPOOL_HELD, SPOOL_READINGS, SPOOL_AGE, SPOOL_LIMIT, SPOOL_FAILING ->
            spool.put(name, value);
        default -> {}
      }
    }
    Stats.Spool spooled =
        spool.containsKey(SPOOL_HELD)
            ? new Stats.Spool(
                spool.get(SPOOL_HELD).longValue(),
                spool.getOrDefault(SPOOL_READINGS, 0.0).longValue(),
                spool.getOrDefault(SPOOL_AGE, 0.0),
                spool.getOrDefault(SPOOL_LIMIT, 0.0).longValue(),
                spool.getOrDefault(SPOOL_FAILING, 0.0) > 0)
            : null;
    return new Stats.Ingest(rate, (long) accepted, (long) refused, byReason, spooled);
  }

  private static String label(String series, String label) {
    String key = label + "=\"";
    int at = series.indexOf(key);
    if (at < 0) {
      return "unknown";
    }
    int start = at + key.length();
    return series.substring(start, series.indexOf('"', start));
  }
}
