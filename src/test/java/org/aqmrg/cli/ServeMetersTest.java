package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.aqmrg.config.Settings;
import org.junit.jupiter.api.Test;

class ServeMetersTest {
  @Test
  void reads_the_ingest_counters_from_prometheus_text() {
    String text =
        """
        # HELP aqmrg_points_accepted_total Points stored since start
        # TYPE aqmrg_points_accepted_total counter
        aqmrg_points_accepted_total 1234.0
        # TYPE aqmrg_points_accepted_rate gauge
        aqmrg_points_accepted_rate 20.5
        aqmrg_points_refused_total{reason="syntax"} 3.0
        aqmrg_points_refused_total{reason="too_old"} 0.0
        aqmrg_points_refused_total{reason="unknown_sensor"} 2.0
        aqmrg_http_requests_seconds_count{method="POST",route="/api/v2/write",status="204"} 9.0
        """;
    var ingest = ServeMeters.parse(text);
    assertThat(ingest.accepted()).isEqualTo(1234);
    assertThat(ingest.pointsPerSecond()).isEqualTo(20.5);
    assertThat(ingest.refused()).isEqualTo(5);
    assertThat(ingest.refusedByReason()).isEqualTo(Map.of("syntax", 3L, "unknown_sensor", 2L));
  }

  @Test
  void a_server_that_is_not_running_is_named_in_the_note() {
    var settings =
        Settings.from(
            Map.of("AQMRG_HTTP_PORT", String.valueOf(org.aqmrg.testing.TestServers.freePort())));
    var meters = new ServeMeters(settings.http());
    assertThat(meters.read()).isEmpty();
    assertThat(meters.note()).contains("no ./aqmrg serve answering at http://127.0.0.1:");
  }
}
