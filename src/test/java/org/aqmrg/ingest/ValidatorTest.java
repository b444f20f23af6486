package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.junit.jupiter.api.Test;

/**
 * The validator on parsed points, and its memory of the last point's shape: the points after it
 * that share their keys skip resolving them, and must come out exactly as if they had not.
 */
class ValidatorTest {
  private static final long NOW = 1_780_000_000L * 1_000_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private final Validator validator = new Validator(Duration.ofMinutes(5), Duration.ofDays(30));

  private static List<Point> parse(String body) {
    var result = new LineProtocolParser().parse(body, Precision.NS, NOW);
    assertThat(result.errors()).isEmpty();
    return result.points();
  }

  /** Checks the points in order with one memory of shapes, as ingest does for a piece of a body. */
  private List<Validator.Outcome> checkAll(List<Point> points) {
    var shapes = new Validator.Shapes();
    var outcomes = new ArrayList<Validator.Outcome>();
    for (Point point : points) {
      outcomes.add(validator.check(point, NOW, shapes));
    }
    return outcomes;
  }

  private static Reading valid(Validator.Outcome outcome) {
    assertThat(outcome).isInstanceOf(Validator.Outcome.Valid.class);
    return ((Validator.Outcome.Valid) outcome).reading();
  }

  private static String reason(Validator.Outcome outcome) {
    assertThat(outcome).isInstanceOf(Validator.Outcome.Invalid.class);
    return ((Validator.Outcome.Invalid) outcome).reason();
  }

  @Test
  void points_of_one_shape_each_keep_their_own_tags_values_and_time() {
    long t = NOW - 60 * SECOND;
    var points =
        parse(
            ("air_quality,sensor_id=A,location=Yaba pm25=1.5,humidity=40i %d\n"
                    + "air_quality,sensor_id=B,location=Ikeja pm25=2.5,humidity=41i %d\n"
                    + "air_quality,sensor_id=C,location=Lekki pm25=3.5,humidity=42i %d\n")
                .formatted(t, t + SECOND, t + 2 * SECOND));
    assertThat(points.get(1).sameShape(points.get(0))).isTrue();

    var readings = checkAll(points).stream().map(ValidatorTest::valid).toList();

    assertThat(readings).extracting(Reading::sensorId).containsExactly("A", "B", "C");
    assertThat(readings).extracting(Reading::location).containsExactly("Yaba", "Ikeja", "Lekki");
    assertThat(readings).extracting(Reading::manufacturer).containsOnlyNulls();
    assertThat(readings)
        .extracting(Reading::timeNanos)
        .containsExactly(t, t + SECOND, t + 2 * SECOND);
    assertThat(readings)
        .extracting(Reading::fields)
        .containsExactly(
            Map.of("pm25", 1.5, "humidity", 40.0),
            Map.of("pm25", 2.5, "humidity", 41.0),
            Map.of("pm25", 3.5, "humidity", 42.0));
  }

  @Test
  void a_bad_value_in_a_known_shape_is_refused_and_the_next_point_is_checked_again() {
    long t = NOW - 60 * SECOND;
    var points =
        parse(
            ("air_quality,sensor_id=A pm25=10,humidity=50 %d\n"
                    + "air_quality,sensor_id=A pm25=10,humidity=101 %d\n"
                    + "air_quality,sensor_id=bad/id pm25=10,humidity=50 %d\n"
                    + "air_quality,sensor_id=A pm25=10,humidity=50 %d\n"
                    + "air_quality,sensor_id=A pm25=10,humidity=50 %d\n")
                .formatted(t, t, t, NOW + Duration.ofMinutes(6).toNanos(), t + SECOND));

    var outcomes = checkAll(points);

    valid(outcomes.get(0));
    assertThat(reason(outcomes.get(1))).contains("field 'humidity' = 101 is outside 0 to 100 %");
    assertThat(reason(outcomes.get(2))).contains("sensor_id 'bad/id' is not a sensor id");
    assertThat(reason(outcomes.get(3))).contains("s ahead of the server's clock");
    assertThat(valid(outcomes.get(4)).value(Field.HUMIDITY)).isEqualTo(50.0);
  }

  @Test
  void a_point_of_another_shape_is_resolved_anew_and_a_wrong_one_does_not_replace_the_known() {
    long t = NOW - 60 * SECOND;
    var points =
        parse(
            ("air_quality,sensor_id=A pm25=10 %1$d\n"
                    + "air_quality,sensor_id=A pm25=10,wind=3 %1$d\n"
                    + "air_quality,sensor_id=A pm25=\"high\" %1$d\n"
                    + "air_quality,sensor_id=A,room=2 pm25=10 %1$d\n"
                    + "air_quality,location=Yaba pm25=10 %1$d\n"
                    + "weather,sensor_id=A pm25=10 %1$d\n"
                    + "air_quality,sensor_id=A pm25=11 %1$d\n"
                    + "air_quality,manufacturer=Acme,sensor_id=B co=0.5,pm25=12 %1$d\n")
                .formatted(t));

    var outcomes = checkAll(points);

    assertThat(valid(outcomes.get(0)).fields()).isEqualTo(Map.of("pm25", 10.0));
    assertThat(reason(outcomes.get(1))).startsWith("unknown field 'wind'");
    assertThat(reason(outcomes.get(2))).isEqualTo("field 'pm25' must be a number, got string");
    assertThat(reason(outcomes.get(3))).startsWith("unknown tag 'room'");
    assertThat(reason(outcomes.get(4))).isEqualTo("missing tag sensor_id");
    assertThat(reason(outcomes.get(5))).startsWith("unknown measurement 'weather'");
    assertThat(valid(outcomes.get(6)).fields()).isEqualTo(Map.of("pm25", 11.0));
    Reading last = valid(outcomes.get(7));
    assertThat(last.sensorId()).isEqualTo("B");
    assertThat(last.manufacturer()).isEqualTo("Acme");
    assertThat(last.location()).isNull();
    assertThat(last.fields()).isEqualTo(Map.of("co", 0.5, "pm25", 12.0));
  }

  @Test
  void points_alike_but_parsed_apart_are_not_taken_for_one_shape_and_both_check() {
    long t = NOW - 60 * SECOND;
    String line = "air_quality,sensor_id=A pm25=10 %d\n".formatted(t);
    Point first = parse(line).get(0);
    Point second = parse(line).get(0);

    assertThat(second.sameShape(first)).isFalse();
    assertThat(second.sameShape(null)).isFalse();
    assertThat(checkAll(List.of(first, second)))
        .extracting(outcome -> valid(outcome).fields())
        .containsExactly(Map.of("pm25", 10.0), Map.of("pm25", 10.0));
  }
}
