package org.aqmrg.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing and checking alert rules, against a registry of one location with one sensor. */
class AlertValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID HERE = UUID.fromString("22222222-2222-4222-8222-000000000001");
  private static final UUID THERE = UUID.fromString("22222222-2222-4222-8222-000000000002");

  private static final AlertValidator.Places PLACES =
      new AlertValidator.Places() {
        @Override
        public boolean locationExists(UUID locationId) {
          return locationId.equals(HERE) || locationId.equals(THERE);
        }

        @Override
        public Optional<UUID> sensorLocation(String sensorId) {
          return sensorId.equals("S-HERE") ? Optional.of(HERE) : Optional.empty();
        }
      };

  private static AlertDraft checked(String json) {
    try {
      return AlertValidator.check(AlertDraft.parse((ObjectNode) JSON.readTree(json)), PLACES);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String threshold(String more) {
    return "{\"location_id\":\"" + HERE + "\",\"pollutant\":\"pm25\",\"threshold\":35" + more + "}";
  }

  @Test
  void a_simple_alert_gets_the_defaults_latest_no_durations_no_deadband_enabled() {
    var rule = checked(threshold(""));

    assertThat(rule.kind()).isEqualTo(Alert.Kind.THRESHOLD);
    assertThat(rule.measure()).isEqualTo(Alert.Measure.LATEST);
    assertThat(rule.forS()).isZero();
    assertThat(rule.clearForS()).isZero();
    assertThat(rule.clearDeadband()).isZero();
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.name()).isNull();
  }

  @Test
  void an_offline_alert_needs_its_silence_and_watches_any_pollutant() {
    var rule =
        checked(
            "{\"location_id\":\""
                + HERE
                + "\",\"kind\":\"offline\",\"offline_after_s\":600,\"sensor_id\":\"S-HERE\"}");

    assertThat(rule.pollutant()).isEqualTo(Alert.ANY_POLLUTANT);
    assertThat(rule.threshold()).isZero();
    assertThat(rule.offlineAfterS()).isEqualTo(600);
  }

  @Test
  void the_nowcast_aqi_of_pm25_and_the_overall_aqi_take_thresholds_on_the_aqi_scale() {
    assertThat(checked(threshold(",\"measure\":\"nowcast_aqi\",\"threshold\":150")).threshold())
        .isEqualTo(150);
    assertThat(
            checked(
                    "{\"location_id\":\""
                        + HERE
                        + "\",\"pollutant\":\"aqi\",\"measure\":\"nowcast_aqi\",\"threshold\":500}")
                .pollutant())
        .isEqualTo("aqi");
  }

  @Test
  void a_negative_threshold_of_temperature_takes_a_deadband_down_to_the_lowest_temperature() {
    var body =
        "{\"location_id\":\""
            + HERE
            + "\",\"pollutant\":\"temperature\",\"threshold\":-10,\"clear_deadband\":30}";
    assertThat(checked(body).clearDeadband()).isEqualTo(30);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"pollutant\":\"pm25\",\"threshold\":35}|location_id",
        "{\"location_id\":\"22222222-2222-4222-8222-0000000000ff\",\"pollutant\":\"pm25\",\"threshold\":35}|location_id",
        "{\"location_id\":\"nope\",\"pollutant\":\"pm25\",\"threshold\":35}|location_id",
        "LOC,\"pollutant\":\"so2\",\"threshold\":35}|pollutant",
        "LOC,\"threshold\":35}|pollutant",
        "LOC,\"pollutant\":\"pm25\"}|threshold",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":1000.5}|threshold",
        "LOC,\"pollutant\":\"humidity\",\"threshold\":-1}|threshold",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":\"35\"}|threshold",
        "LOC,\"pollutant\":\"pm25\",\"measure\":\"nowcast_aqi\",\"threshold\":501}|threshold",
        "LOC,\"pollutant\":\"o3\",\"threshold\":35,\"measure\":\"nowcast_aqi\"}|measure",
        "LOC,\"pollutant\":\"aqi\",\"threshold\":35}|measure",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"measure\":\"mean\"}|measure",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"kind\":\"sometimes\"}|kind",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"for_s\":-1}|for_s",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"for_s\":604801}|for_s",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"for_s\":1e300}|for_s",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"for_s\":99999999999999999999999}|for_s",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"for_s\":1.5}|for_s",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"clear_for_s\":-60}|clear_for_s",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"clear_deadband\":36}|clear_deadband",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"clear_deadband\":-1}|clear_deadband",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"enabled\":\"yes\"}|enabled",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"name\":\"  \"}|name",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"sensor_id\":\"S-HERE\"}|sensor_id",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"offline_after_s\":600}|offline_after_s",
        "LOC,\"pollutant\":\"pm25\",\"threshold\":35,\"colour\":\"red\"}|colour",
        "LOC,\"kind\":\"offline\"}|offline_after_s",
        "LOC,\"kind\":\"offline\",\"offline_after_s\":59}|offline_after_s",
        "LOC,\"kind\":\"offline\",\"offline_after_s\":2592001}|offline_after_s",
        "LOC,\"kind\":\"offline\",\"offline_after_s\":600,\"sensor_id\":\"S-ELSEWHERE\"}|sensor_id",
        "LOC,\"kind\":\"offline\",\"offline_after_s\":600,\"pollutant\":\"pm25\"}|pollutant",
        "LOC,\"kind\":\"offline\",\"offline_after_s\":600,\"for_s\":60}|for_s",
      })
  void a_bad_rule_is_refused_naming_the_field(String body, String field) {
    String json = body.replace("LOC", "{\"location_id\":\"" + HERE + "\"");
    assertThatThrownBy(() -> checked(json))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e -> assertThat(((InvalidInputException) e).details()).containsEntry("field", field));
  }

  @Test
  void an_offline_sensor_must_be_at_the_alerts_location() {
    var body =
        "{\"location_id\":\""
            + THERE
            + "\",\"kind\":\"offline\",\"offline_after_s\":600,\"sensor_id\":\"S-HERE\"}";
    assertThatThrownBy(() -> checked(body))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("S-HERE")
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).details())
                    .isEqualTo(Map.of("field", "sensor_id")));
  }

  @Test
  void a_patch_changes_only_the_fields_it_gives() {
    var stored = checked(threshold(",\"name\":\"school\",\"for_s\":900"));
    ObjectNode fields = JSON.createObjectNode();
    fields.put("location_id", HERE.toString());
    fields.put("pollutant", stored.pollutant());
    fields.put("threshold", stored.threshold());
    fields.put("name", stored.name());
    fields.put("for_s", stored.forS());
    ObjectNode patch = JSON.createObjectNode().put("threshold", 50);
    patch.putNull("name");

    var changed = AlertValidator.check(AlertDraft.parse(AlertDraft.patched(fields, patch)), PLACES);

    assertThat(changed.threshold()).isEqualTo(50);
    assertThat(changed.name()).isNull();
    assertThat(changed.forS()).isEqualTo(900);
    assertThat(changed.pollutant()).isEqualTo("pm25");
  }
}
