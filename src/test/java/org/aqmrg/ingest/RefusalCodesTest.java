package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each way the validator refuses a point maps to one fixed code, the label it is counted under. */
class RefusalCodesTest {
  private static final long NOW = 1_780_000_000L * 1_000_000_000L;

  private final Validator validator = new Validator(Duration.ofMinutes(5), Duration.ofDays(30));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "weather,sensor_id=S-1 pm25=1 1780000000000000000 | UNKNOWN_MEASUREMENT",
        "air_quality,sensor_id=S-1,colour=red pm25=1 1780000000000000000 | UNKNOWN_KEY",
        "air_quality,sensor_id=S-1 smell=1 1780000000000000000 | UNKNOWN_KEY",
        "air_quality,location=x pm25=1 1780000000000000000 | MISSING_SENSOR_ID",
        "air_quality,sensor_id=S/1 pm25=1 1780000000000000000 | INVALID_TAG",
        "air_quality,sensor_id=S-1 pm25=\"high\" 1780000000000000000 | INVALID_VALUE",
        "air_quality,sensor_id=S-1 pm25=-5 1780000000000000000 | INVALID_VALUE",
        "air_quality,sensor_id=S-1 pm25=1 1780003600000000000 | TOO_NEW",
        "air_quality,sensor_id=S-1 pm25=1 1700000000000000000 | TOO_OLD",
      })
  void each_refusal_of_the_validator_has_its_code(String line, Refusal code) {
    var parsed = new LineProtocolParser().parse(line, Precision.NS, NOW);
    assertThat(parsed.errors()).isEmpty();

    var outcome = validator.check(parsed.points().get(0), NOW);

    assertThat(outcome).isInstanceOf(Validator.Outcome.Invalid.class);
    assertThat(((Validator.Outcome.Invalid) outcome).code()).isEqualTo(code);
  }

  @ParameterizedTest
  @CsvSource({"SYNTAX, syntax", "TOO_OLD, too_old", "UNKNOWN_SENSOR, unknown_sensor"})
  void codes_are_lower_case_with_underscores(Refusal refusal, String code) {
    assertThat(refusal.code()).isEqualTo(code);
    assertThat(Arrays.stream(Refusal.values()).map(Refusal::code))
        .allMatch(c -> c.matches("[a-z_]+"))
        .doesNotHaveDuplicates();
  }
}
