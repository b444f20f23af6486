package org.aqmrg.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against real PostgreSQL and Redis: readings written through the store writer and
 * the latest values, one pass at a time, durations on a clock the test moves.
 */
class EvaluationIT {
  private static AlertFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new AlertFixture("alert_evaluation");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** Each test evaluates its own alerts only. */
  @BeforeEach
  void disableTheOthers() {
    fixture.execute("UPDATE alerts SET enabled = false");
  }

  private static void advance(long seconds) {
    fixture.clock.advance(Duration.ofSeconds(seconds));
  }

  private static String cached(UUID alert) {
    return fixture.cache.get(Alert.stateKey(alert)).orElse(null);
  }

  @Test
  void a_simple_alert_fires_on_the_first_reading_above_and_clears_on_the_first_below() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 35, "", "");
    var wakes = new int[1];
    var instance = fixture.instance(() -> wakes[0]++);
    instance.pass();
    assertThat(cached(alert)).isEqualTo("normal");

    fixture.write(instance, place.sensorA(), 35); // not above
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    fixture.write(instance, place.sensorA(), 36);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
    assertThat(cached(alert)).isEqualTo("triggered");
    assertThat(fixture.events(alert)).containsExactly("fired");
    assertThat(fixture.deliveries(alert)).as("one webhook, one e-mail").isEqualTo(2);
    assertThat(wakes[0]).isEqualTo(1);

    advance(1);
    fixture.write(instance, place.sensorA(), 34.5);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    assertThat(cached(alert)).isEqualTo("normal");
    assertThat(fixture.events(alert)).containsExactly("fired", "cleared");
    assertThat(fixture.deliveries(alert)).isEqualTo(4);
    assertThat(wakes[0]).isEqualTo(2);
  }

  @Test
  void a_write_is_evaluated_at_once_not_only_on_the_next_tick() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 100, "", "");
    var instance = fixture.instance();
    instance.pass(); // the tick of this second has run: the next pass sees only what was touched
    fixture.write(instance, place.sensorA(), 150);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
  }

  @Test
  void the_value_is_the_mean_of_the_sensors_whose_latest_reading_is_fresh() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 900, "", "");
    var instance = fixture.instance();
    fixture.write(instance, place.sensorA(), 2000, fixture.clock.instant().minusSeconds(7200));
    fixture.write(instance, place.sensorB(), 850);
    instance.pass();
    assertThat(fixture.state(alert))
        .as("the 2-hour-old reading does not count")
        .isEqualTo("normal");

    advance(1);
    fixture.write(instance, place.sensorA(), 960);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered"); // (850 + 960) / 2 = 905
    String value = fixture.sql("SELECT value FROM alert_events WHERE alert_id = '" + alert + "'");
    assertThat(Double.parseDouble(value)).isEqualTo(905.0);
    String details =
        fixture.sql("SELECT details::text FROM alert_events WHERE alert_id = '" + alert + "'");
    assertThat(details).contains(place.sensorA()).contains("960").contains("850");
  }

  @Test
  void an_alert_fires_once_the_condition_held_for_its_duration() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 500, "for_s", "900");
    var instance = fixture.instance();
    long began = fixture.clock.instant().getEpochSecond();
    fixture.write(instance, place.sensorA(), 600);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    assertThat(fixture.pending(alert)).as("kept in memory for its first 10 s").isFalse();

    advance(600);
    fixture.write(instance, place.sensorA(), 610);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    assertThat(
            fixture.sql(
                "SELECT extract(epoch FROM pending_since)::bigint FROM alerts WHERE id = '"
                    + alert
                    + "'"))
        .as("written with the time the condition began")
        .isEqualTo(String.valueOf(began));

    advance(299);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    advance(1); // no write: the timer's pass fires it, 900 s after the condition began
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
    assertThat(fixture.pending(alert)).isFalse();
    assertThat(fixture.events(alert)).containsExactly("fired");
    String value = fixture.sql("SELECT value FROM alert_events WHERE alert_id = '" + alert + "'");
    assertThat(Double.parseDouble(value)).isEqualTo(610.0);
  }

  @Test
  void a_single_spike_shorter_than_the_duration_does_not_fire() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 400, "for_s", "900");
    var instance = fixture.instance();
    fixture.write(instance, place.sensorA(), 450);
    instance.pass();
    advance(60);
    instance.pass();
    assertThat(fixture.pending(alert)).isTrue();
    fixture.write(instance, place.sensorA(), 10);
    instance.pass();
    assertThat(fixture.pending(alert)).isFalse();

    advance(900);
    instance.pass();
    advance(900);
    fixture.write(instance, place.sensorA(), 450); // above again: the duration starts over
    instance.pass();
    advance(899);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    assertThat(fixture.events(alert)).isEmpty();
    assertThat(fixture.deliveries(alert)).isZero();
  }

  @Test
  void a_condition_that_stops_within_10_s_is_never_written_and_a_restart_forgets_it() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 400, "for_s", "60");
    var instance = fixture.instance();
    for (int flap = 0; flap < 5; flap++) {
      fixture.write(instance, place.sensorA(), 450);
      instance.pass();
      advance(5);
      fixture.write(instance, place.sensorA(), 350);
      instance.pass();
      advance(1);
    }
    assertThat(fixture.sql("SELECT updated_at = created_at FROM alerts WHERE id = '" + alert + "'"))
        .isEqualTo("t");
    assertThat(fixture.pending(alert)).isFalse();

    fixture.write(instance, place.sensorA(), 450);
    instance.pass();
    advance(5);
    var restarted = fixture.instance(); // the first instance stops; what it kept is gone
    restarted.pass();
    advance(56);
    restarted.pass();
    assertThat(fixture.state(alert))
        .as("the duration started over at the restart")
        .isEqualTo("normal");
    advance(5);
    restarted.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
  }

  @Test
  void a_triggered_alert_clears_below_the_deadband_held_for_the_clear_duration() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 300, "clear_deadband, clear_for_s", "50, 600");
    var instance = fixture.instance();
    fixture.write(instance, place.sensorA(), 320);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");

    advance(10);
    fixture.write(instance, place.sensorA(), 280); // below the threshold, above 250
    instance.pass();
    assertThat(fixture.pending(alert)).isFalse();
    advance(700);
    instance.pass();
    assertThat(fixture.state(alert)).as("inside the deadband it stays").isEqualTo("triggered");

    advance(10);
    fixture.write(instance, place.sensorA(), 240);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
    advance(599);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
    advance(1);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    assertThat(fixture.events(alert)).containsExactly("fired", "cleared");
    assertThat(cached(alert)).isEqualTo("normal");
  }

  @Test
  void an_offline_alert_fires_when_the_location_is_silent_and_clears_when_data_comes_back() {
    var place = fixture.place();
    var instance = fixture.instance();
    fixture.write(instance, place.sensorA(), 5);
    fixture.write(instance, place.sensorB(), 5);
    UUID alert = offline(place, null, 300);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");

    advance(200);
    fixture.write(instance, place.sensorB(), 6); // one sensor keeps the location heard
    instance.pass();
    advance(299);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    advance(1);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
    assertThat(fixture.events(alert)).containsExactly("offline");
    String details =
        fixture.sql("SELECT details::text FROM alert_events WHERE alert_id = '" + alert + "'");
    assertThat(details).contains(place.sensorA(), place.sensorB(), "last_heard");
    assertThat(fixture.deliveries(alert)).isEqualTo(2);

    advance(3600);
    instance.pass();
    assertThat(fixture.events(alert)).as("silence goes on: no second event").hasSize(1);
    fixture.write(instance, place.sensorA(), 7);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    assertThat(fixture.events(alert)).containsExactly("offline", "cleared");
    assertThat(fixture.deliveries(alert)).isEqualTo(4);
  }

  @Test
  void an_offline_alert_on_one_sensor_ignores_the_others_and_counts_from_creation() {
    var place = fixture.place();
    var instance = fixture.instance();
    UUID alert = offline(place, place.sensorA(), 120); // sensor A never reported
    instance.pass();
    advance(60);
    fixture.write(instance, place.sensorB(), 5);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");
    advance(61);
    fixture.write(instance, place.sensorB(), 5);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
  }

  private static UUID offline(AlertFixture.Place place, String sensor, int after) {
    UUID alert =
        UUID.fromString(
            fixture.sql(
                "INSERT INTO alerts (user_id, location_id, pollutant, threshold, kind, sensor_id,"
                    + " offline_after_s, notification_channels, created_at) VALUES ('"
                    + fixture.user
                    + "', '"
                    + place.location()
                    + "', '*', 0, 'offline', "
                    + (sensor == null ? "NULL" : "'" + sensor + "'")
                    + ", "
                    + after
                    + ", '"
                    + AlertFixture.CHANNELS
                    + "', '"
                    + fixture.clock.instant()
                    + "'::timestamptz AT TIME ZONE 'UTC') RETURNING id"));
    return alert;
  }

  @Test
  void an_hourly_mean_alert_compares_the_newest_hour_of_the_rollups() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 50, "measure", "'hourly_mean'");
    var instance = fixture.instance();
    Instant hour = fixture.clock.instant().truncatedTo(ChronoUnit.HOURS);
    fixture.write(instance, place.sensorA(), 90, hour.plusSeconds(1)); // A: one reading of 90
    fixture.write(instance, place.sensorB(), 20, hour.plusSeconds(2)); // B: three of 20
    fixture.write(instance, place.sensorB(), 20, hour.plusSeconds(3));
    fixture.write(instance, place.sensorB(), 20, hour.plusSeconds(4));
    instance.pass();
    assertThat(fixture.state(alert)).as("no rollup yet: nothing to compare").isEqualTo("normal");

    fixture.rollUp(place, hour);
    advance(AlertEvaluator.ROLLUP_REUSE.toSeconds()); // a rollup value is reused this long
    instance.pass();
    assertThat(fixture.state(alert))
        .as("weighted by count, (90 + 3 × 20) / 4 = 37.5")
        .isEqualTo("normal");

    fixture.write(instance, place.sensorA(), 250, hour.plusSeconds(5));
    fixture.rollUp(place, hour);
    advance(AlertEvaluator.ROLLUP_REUSE.toSeconds());
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered"); // (90 + 250 + 60) / 5 = 80
    String value = fixture.sql("SELECT value FROM alert_events WHERE alert_id = '" + alert + "'");
    assertThat(Double.parseDouble(value)).isEqualTo(80.0);
  }

  @Test
  void a_nowcast_alert_compares_the_aqi_of_the_rollups_of_the_last_hours() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 150, "measure", "'nowcast_aqi'");
    fixture.execute("UPDATE alerts SET pollutant = 'aqi' WHERE id = '" + alert + "'");
    var instance = fixture.instance();
    Instant hour = fixture.clock.instant().truncatedTo(ChronoUnit.HOURS);
    for (int back = 2; back >= 0; back--) {
      Instant start = hour.minus(Duration.ofHours(back));
      fixture.write(instance, place.sensorA(), 100, start.plusSeconds(10));
      fixture.write(instance, place.sensorB(), 100, start.plusSeconds(20));
      fixture.rollUp(place, start);
    }
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");
    // PM2.5 of 100 µg/m³ (EPA 2024): (200 - 151) / (125.4 - 55.5) × (100 - 55.5) + 151 = 182
    String value = fixture.sql("SELECT value FROM alert_events WHERE alert_id = '" + alert + "'");
    assertThat(Double.parseDouble(value)).isEqualTo(182.0);
  }

  @Test
  void a_changed_or_disabled_rule_is_evaluated_as_it_is_now() {
    var place = fixture.place();
    UUID alert = fixture.alert(place, 100, "", "");
    var instance = fixture.instance();
    fixture.write(instance, place.sensorA(), 80);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("normal");

    fixture.execute("UPDATE alerts SET threshold = 70 WHERE id = '" + alert + "'");
    instance.changed(alert);
    advance(1);
    instance.pass();
    assertThat(fixture.state(alert)).isEqualTo("triggered");

    fixture.execute("UPDATE alerts SET enabled = false WHERE id = '" + alert + "'");
    instance.changed(alert);
    fixture.write(instance, place.sensorA(), 10);
    instance.pass();
    assertThat(fixture.state(alert)).as("a disabled alert is not evaluated").isEqualTo("triggered");
  }
}
