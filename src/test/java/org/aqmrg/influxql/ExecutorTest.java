package org.aqmrg.influxql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.PartialStore;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;
import org.aqmrg.rollups.MemoryRollupStore;
import org.junit.jupiter.api.Test;

/** The translation of statements into store queries, and the answers as JSON and CSV. */
class ExecutorTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");
  private static final Limits LIMITS = new Limits(5, 100, 1000, 10_000, 10, 30, 730);

  /** A store that keeps the queries it is asked and answers each with the given rows. */
  private static final class Store implements PartialStore {
    final List<Query> asked = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    Optional<Query.Position> more = Optional.empty();

    @Override
    public String description() {
      return "recording store";
    }

    @Override
    public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
      asked.add(query);
      rows.forEach(sink);
      return more;
    }
  }

  private final Store store = new Store();
  private final List<SeriesTags> sensors =
      List.of(
          new SeriesTags("LAG-1", "Ikeja", "PurpleAir"),
          new SeriesTags("LAG-2", "Ikeja", "Clarity"),
          new SeriesTags("ABJ-1", "Garki", "PurpleAir"));
  private final Executor executor =
      new Executor(
          store,
          new MemoryRollupStore(),
          () -> sensors,
          "aqmrg",
          LIMITS,
          Clock.fixed(NOW, ZoneOffset.UTC));

  private Result run(String text) {
    return executor.run(0, Parser.parse(text, NOW).get(0), "aqmrg", null);
  }

  private static Row row(Instant at, String sensor, double pm25) {
    double[] values = Row.noValues();
    values[Field.PM25.ordinal()] = pm25;
    return new Row(at.getEpochSecond() * 1_000_000_000L, sensor, values);
  }

  @Test
  void a_five_minute_mean_of_a_location_is_one_windowed_query_of_its_sensors() {
    store.rows.add(row(NOW.minus(Duration.ofMinutes(10)), null, 12.5));
    Result result =
        run(
            "SELECT mean(pm25) FROM air_quality WHERE location = 'Ikeja' AND time >= now() - 15m"
                + " GROUP BY time(5m)");
    assertThat(store.asked)
        .containsExactly(
            new Query.Windowed(
                List.of("LAG-1", "LAG-2"),
                NOW.minus(Duration.ofMinutes(15)),
                NOW,
                List.of(Field.PM25),
                Duration.ofMinutes(5),
                Query.Aggregate.MEAN));
    assertThat(result.series().get(0).values())
        .extracting(values -> values.get(1))
        .containsExactly(null, 12.5, null);
  }

  @Test
  void hourly_windows_read_the_rollups_not_the_raw_store_but_last_reads_raw() {
    run("SELECT mean(pm25) FROM air_quality WHERE time > now() - 3h GROUP BY time(1h)");
    assertThat(store.asked).isEmpty();
    run("SELECT last(pm25) FROM air_quality WHERE time > now() - 3h GROUP BY time(1h)");
    assertThat(store.asked).hasSize(1).first().isInstanceOf(Query.Windowed.class);
  }

  @Test
  void hourly_sum_median_and_first_read_raw_readings_because_rollups_cannot_give_them() {
    store.rows.add(row(NOW.minus(Duration.ofHours(2)), null, 7.5));
    for (var fn : List.of(Query.Aggregate.SUM, Query.Aggregate.MEDIAN, Query.Aggregate.FIRST)) {
      store.asked.clear();
      Result result =
          run(
              "SELECT "
                  + fn.key()
                  + "(pm25) FROM air_quality WHERE time >= now() - 3h GROUP BY time(1h)");
      assertThat(store.asked)
          .as(fn.key())
          .containsExactly(
              new Query.Windowed(
                  List.of("LAG-1", "LAG-2", "ABJ-1"),
                  NOW.minus(Duration.ofHours(3)),
                  NOW,
                  List.of(Field.PM25),
                  Duration.ofHours(1),
                  fn));
      assertThat(result.series().get(0).columns()).containsExactly("time", fn.key());
      assertThat(result.series().get(0).values())
          .extracting(values -> values.get(1))
          .containsExactly(null, 7.5, null);
    }
  }

  @Test
  void sum_median_and_first_past_raw_retention_are_refused_though_mean_reads_rollups() {
    String range = " FROM air_quality WHERE time > now() - 40d GROUP BY time(24h)";
    assertThat(run("SELECT mean(pm25)" + range).error()).isNull();
    assertThat(store.asked).isEmpty();
    for (String fn : List.of("sum", "median", "first")) {
      assertThatThrownBy(() -> run("SELECT " + fn + "(pm25)" + range))
          .as(fn)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("sum(), median() and first(), are computed from raw readings")
          .hasMessageContaining("are kept 30 days")
          .hasMessageContaining("(retention)");
    }
    assertThat(store.asked).isEmpty();
  }

  @Test
  void group_by_sensor_id_asks_one_query_per_sensor_and_tags_each_series() {
    store.rows.add(row(NOW.minus(Duration.ofMinutes(1)), "x", 3));
    Result result =
        run("SELECT pm25 FROM air_quality WHERE sensor_id =~ /^LAG/ GROUP BY sensor_id");
    assertThat(store.asked)
        .extracting(Query::sensorIds)
        .containsExactly(List.of("LAG-1"), List.of("LAG-2"));
    assertThat(result.series())
        .extracting(Series::tags)
        .containsExactly(
            java.util.Map.of("sensor_id", "LAG-1"), java.util.Map.of("sensor_id", "LAG-2"));
    Query.Raw raw = (Query.Raw) store.asked.get(0);
    assertThat(raw.from()).isEqualTo(NOW.minus(Duration.ofDays(31)));
    assertThat(raw.limit()).isEqualTo(LIMITS.maxPoints());
  }

  @Test
  void bounds_are_refused_naming_them() {
    store.more = Optional.of(new Query.Position(1, "LAG-1"));
    assertThatThrownBy(() -> run("SELECT pm25 FROM air_quality"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("max_points");
    assertThatThrownBy(() -> run("SELECT mean(pm25) FROM air_quality GROUP BY time(1h)"))
        .hasMessageContaining("lower bound on time");
    assertThatThrownBy(
            () ->
                run("SELECT mean(pm25) FROM air_quality WHERE time > now() - 1d GROUP BY time(1m)"))
        .hasMessageContaining("max_windows");
    assertThatThrownBy(() -> run("SELECT pm25 FROM air_quality WHERE time > now() - 40d"))
        .hasMessageContaining("retention");
    assertThatThrownBy(() -> run("SELECT mean(pm25) FROM air_quality WHERE time > now() - 1d"))
        .hasMessageContaining("needs GROUP BY time");
  }

  @Test
  void unknown_database_policy_and_measurement_are_answered_as_influxdb_does() {
    var statement = Parser.parse("SELECT pm25 FROM air_quality", NOW).get(0);
    assertThat(executor.run(0, statement, "other", null).error())
        .isEqualTo("database not found: other");
    assertThat(executor.run(0, statement, null, null).error()).isEqualTo("database name required");
    assertThat(executor.run(0, statement, "aqmrg", "weekly").error())
        .isEqualTo("retention policy not found: weekly");
    assertThat(executor.run(0, statement, "aqmrg", "sensor_data_hourly").error())
        .contains("cannot be read here");
    assertThat(run("SELECT pm25 FROM weather").series()).isEmpty();
    assertThat(store.asked).isEmpty();
  }

  @Test
  void json_and_csv_answers_have_influxdb_shapes() throws Exception {
    store.rows.add(row(NOW.minus(Duration.ofMinutes(1)), "LAG-1", 3.5));
    var results =
        List.of(
            executor.run(
                0,
                Parser.parse("SELECT * FROM air_quality WHERE sensor_id = 'LAG-1'", NOW).get(0),
                "aqmrg",
                null),
            executor.run(
                1, Parser.parse("SHOW TAG VALUES WITH KEY = location", NOW).get(0), "aqmrg", null),
            Result.failed(2, "database not found: x"));
    var json = new ByteArrayOutputStream();
    AnswerJson.write(results, Epoch.of("s", Epoch.RFC3339), json);
    assertThat(json.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"air_quality\",\"columns\":"
                + "[\"time\",\"co\",\"humidity\",\"location\",\"manufacturer\",\"no2\",\"o3\","
                + "\"pm10\",\"pm25\",\"sensor_id\",\"temperature\"],\"values\":[["
                + NOW.minus(Duration.ofMinutes(1)).getEpochSecond()
                + ",null,"
                + "null,\"Ikeja\",\"PurpleAir\",null,null,null,3.5,\"LAG-1\",null]]}]},"
                + "{\"statement_id\":1,\"series\":[{\"name\":\"air_quality\",\"columns\":"
                + "[\"key\",\"value\"],\"values\":[[\"location\",\"Garki\"],[\"location\","
                + "\"Ikeja\"]]}]},{\"statement_id\":2,\"error\":\"database not found: x\"}]}");
    var csv = new ByteArrayOutputStream();
    AnswerCsv.write(results.subList(1, 3), Epoch.NANOSECONDS, csv);
    assertThat(csv.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "name,tags,key,value\nair_quality,,location,Garki\nair_quality,,location,Ikeja\n"
                + "\nerror\ndatabase not found: x\n");
    var rfc = new ByteArrayOutputStream();
    AnswerJson.write(results.subList(0, 1), Epoch.RFC3339, rfc);
    assertThat(rfc.toString(StandardCharsets.UTF_8)).contains("[\"2026-11-25T13:59:00Z\",");
  }

  @Test
  void fill_previous_and_a_number_and_descending_with_limit() {
    store.rows.add(row(NOW.minus(Duration.ofMinutes(15)), null, 1));
    Result previous =
        run(
            "SELECT max(pm25) FROM air_quality WHERE time >= now() - 15m GROUP BY time(5m) fill(previous)");
    assertThat(previous.series().get(0).values())
        .extracting(v -> v.get(1))
        .containsExactly(1.0, 1.0, 1.0);
    Result number =
        run(
            "SELECT count(pm25) FROM air_quality WHERE time >= now() - 15m GROUP BY time(5m) fill(0)"
                + " ORDER BY time DESC LIMIT 2");
    assertThat(number.series().get(0).values()).extracting(v -> v.get(1)).containsExactly(0L, 0L);
  }
}
