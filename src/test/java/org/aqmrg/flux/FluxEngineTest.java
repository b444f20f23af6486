package org.aqmrg.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.MemoryRollupStore;
import org.aqmrg.rollups.Sample;
import org.junit.jupiter.api.Test;

/** Flux queries run against stores in memory, checked on the annotated CSV they answer. */
class FluxEngineTest {
  static final Instant NOW = Instant.parse("2026-11-25T14:30:00Z");
  private static final FluxLimits LIMITS =
      new FluxLimits(1_000, 100, 10_000, 100_000, 10_000, 30, 730, Duration.ofSeconds(30));

  private final RawStore raw = new RawStore();
  private final MemoryRollupStore rollups = new MemoryRollupStore();
  private final List<SeriesTags> sensors =
      List.of(
          new SeriesTags("LAG-1", "Ikeja", "PurpleAir"),
          new SeriesTags("LAG-2", "Ikeja", "Clarity"),
          new SeriesTags("ABJ-1", "Garki", "PurpleAir"));
  private final ForecastStore forecasts =
      new ForecastStore() {
        @Override
        public void write(java.util.Collection<org.aqmrg.predictions.Forecast> f) {}

        @Override
        public List<org.aqmrg.predictions.Forecast> find(
            org.aqmrg.predictions.ForecastQuery query, int limit) {
          return List.of();
        }
      };
  private final FluxEngine engine =
      new FluxEngine(
          raw, rollups, forecasts, () -> sensors, LIMITS, Clock.fixed(NOW, ZoneOffset.UTC));

  private String run(String flux) {
    return run(flux, AnnotatedCsv.Dialect.CLIENTS);
  }

  private String run(String flux, AnnotatedCsv.Dialect dialect) {
    var out = new ByteArrayOutputStream();
    try {
      engine.run(engine.prepare(flux, null), dialect, out);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  private static Instant ago(int minutes) {
    return NOW.minus(Duration.ofMinutes(minutes));
  }

  @Test
  void the_seeds_query_answers_one_table_per_sensor_and_field_in_annotated_csv() {
    raw.add("LAG-1", ago(20), Field.PM25, 35.2).add("LAG-1", ago(10), Field.PM25, 36);
    raw.add("LAG-2", ago(5), Field.PM10, 50.5);
    String csv =
        run(
            "from(bucket: \"sensor_data\") |> range(start: -1h)"
                + " |> filter(fn: (r) => r._measurement == \"air_quality\")");
    assertThat(csv)
        .isEqualTo(
            """
            #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string,string,string
            #group,false,false,true,true,false,false,true,true,true,true,true
            #default,_result,,,,,,,,,,
            ,result,table,_start,_stop,_time,_value,_field,_measurement,location,manufacturer,sensor_id
            ,,0,2026-11-25T13:30:00Z,2026-11-25T14:30:00Z,2026-11-25T14:10:00Z,35.2,pm25,air_quality,Ikeja,PurpleAir,LAG-1
            ,,0,2026-11-25T13:30:00Z,2026-11-25T14:30:00Z,2026-11-25T14:20:00Z,36,pm25,air_quality,Ikeja,PurpleAir,LAG-1
            ,,1,2026-11-25T13:30:00Z,2026-11-25T14:30:00Z,2026-11-25T14:25:00Z,50.5,pm10,air_quality,Ikeja,Clarity,LAG-2
            """);
  }

  @Test
  void a_filter_on_the_series_key_reads_only_the_sensors_and_fields_it_selects() {
    raw.add("LAG-1", ago(20), Field.PM25, 35.2).add("ABJ-1", ago(20), Field.PM25, 12);
    String csv =
        run(
            "from(bucket: \"sensor_data\") |> range(start: -1h)"
                + " |> filter(fn: (r) => r.location == \"Garki\" and r[\"_field\"] == \"pm25\")");
    assertThat(raw.asked).hasSize(1);
    var asked = (org.aqmrg.readings.Query.Raw) raw.asked.get(0);
    assertThat(asked.sensorIds()).containsExactly("ABJ-1");
    assertThat(asked.fields()).containsExactly(Field.PM25);
    assertThat(csv).contains(",12,pm25,air_quality,Garki,PurpleAir,ABJ-1").doesNotContain("LAG-1");
  }

  @Test
  void a_filter_on_value_runs_on_the_rows() {
    raw.add("LAG-1", ago(20), Field.PM25, 35.2).add("LAG-1", ago(10), Field.PM25, 12);
    String csv =
        run(
            "from(bucket: \"sensor_data\") |> range(start: -1h)"
                + " |> filter(fn: (r) => r._field == \"pm25\" and r._value > 30)");
    assertThat(csv).contains(",35.2,").doesNotContain(",12,");
  }

  @Test
  void aggregateWindow_gives_each_window_at_its_end_and_empty_windows_as_null() {
    raw.add("LAG-1", ago(25), Field.PM25, 10).add("LAG-1", ago(24), Field.PM25, 20);
    String csv =
        run(
            "from(bucket: \"sensor_data\") |> range(start: -30m)"
                + " |> filter(fn: (r) => r.sensor_id == \"LAG-1\" and r._field == \"pm25\")"
                + " |> aggregateWindow(every: 10m, fn: mean)",
            AnnotatedCsv.Dialect.PLAIN);
    assertThat(csv.lines().toList())
        .containsExactly(
            ",result,table,_start,_stop,_time,_value,_field,_measurement,location,manufacturer,sensor_id",
            ",_result,0,2026-11-25T14:00:00Z,2026-11-25T14:30:00Z,2026-11-25T14:10:00Z,15,pm25,air_quality,Ikeja,PurpleAir,LAG-1",
            ",_result,0,2026-11-25T14:00:00Z,2026-11-25T14:30:00Z,2026-11-25T14:20:00Z,,pm25,air_quality,Ikeja,PurpleAir,LAG-1",
            ",_result,0,2026-11-25T14:00:00Z,2026-11-25T14:30:00Z,2026-11-25T14:30:00Z,,pm25,air_quality,Ikeja,PurpleAir,LAG-1");
  }

  @Test
  void selectors_drop_empty_windows_and_count_gives_zero() {
    raw.add("LAG-1", ago(25), Field.PM25, 10).add("LAG-1", ago(24), Field.PM25, 20);
    String base =
        "from(bucket: \"sensor_data\") |> range(start: -30m)"
            + " |> filter(fn: (r) => r.sensor_id == \"LAG-1\" and r._field == \"pm25\")";
    assertThat(
            run(base + " |> aggregateWindow(every: 10m, fn: max)")
                .lines()
                .filter(l -> l.startsWith(",,")))
        .containsExactly(
            ",,0,2026-11-25T14:00:00Z,2026-11-25T14:30:00Z,2026-11-25T14:10:00Z,20,pm25,air_quality,Ikeja,PurpleAir,LAG-1");
    assertThat(run(base + " |> aggregateWindow(every: 10m, fn: count)"))
        .contains("#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,")
        .contains("14:10:00Z,2,pm25")
        .contains("14:20:00Z,0,pm25");
  }

  @Test
  void hourly_windows_of_a_week_come_from_the_rollups_and_the_cut_windows_from_raw() {
    Instant hour = Instant.parse("2026-11-25T12:00:00Z");
    rollups.samples(
        "LAG-1",
        Field.PM25,
        Duration.ofMinutes(1),
        List.of(new Sample(hour.plusSeconds(60), 10), new Sample(hour.plusSeconds(120), 30)));
    raw.add("LAG-1", ago(10), Field.PM25, 50);
    String csv =
        run(
            "from(bucket: \"sensor_data\") |> range(start: -7d)"
                + " |> filter(fn: (r) => r.sensor_id == \"LAG-1\" and r._field == \"pm25\")"
                + " |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)");
    assertThat(csv.lines().filter(l -> l.startsWith(",,")))
        .containsExactly(
            ",,0,2026-11-18T14:30:00Z,2026-11-25T14:30:00Z,2026-11-25T13:00:00Z,20,pm25,air_quality,Ikeja,PurpleAir,LAG-1",
            ",,0,2026-11-18T14:30:00Z,2026-11-25T14:30:00Z,2026-11-25T14:30:00Z,50,pm25,air_quality,Ikeja,PurpleAir,LAG-1");
    // the raw store was asked only for the two cut windows: [start, 15:00) a week ago, [14:00, now)
    assertThat(raw.asked).hasSize(2);
  }

  @Test
  void pivot_puts_each_field_in_a_column_of_its_own() {
    raw.add("LAG-1", ago(20), Field.PM25, 35).add("LAG-1", ago(20), Field.PM10, 60);
    String csv =
        run(
            "import \"influxdata/influxdb/schema\"\n"
                + "from(bucket: \"sensor_data\")\n  |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r.sensor_id == \"LAG-1\")\n  |> schema.fieldsAsCols()",
            AnnotatedCsv.Dialect.PLAIN);
    assertThat(csv.lines().toList())
        .containsExactly(
            ",result,table,_start,_stop,_measurement,location,manufacturer,sensor_id,_time,pm10,pm25",
            ",_result,0,2026-11-25T13:30:00Z,2026-11-25T14:30:00Z,air_quality,Ikeja,PurpleAir,LAG-1,2026-11-25T14:10:00Z,60,35");
  }

  @Test
  void group_keep_sort_and_limit_reshape_the_tables() {
    raw.add("LAG-1", ago(20), Field.PM25, 35).add("LAG-2", ago(15), Field.PM25, 60);
    raw.add("ABJ-1", ago(10), Field.PM25, 12);
    String csv =
        run(
            "from(bucket: \"sensor_data\") |> range(start: -1h)"
                + " |> filter(fn: (r) => r._field == \"pm25\")"
                + " |> group() |> keep(columns: [\"_time\", \"_value\", \"sensor_id\"])"
                + " |> sort(columns: [\"_value\"], desc: true) |> limit(n: 2)",
            AnnotatedCsv.Dialect.PLAIN);
    assertThat(csv.lines().toList())
        .containsExactly(
            ",result,table,_time,_value,sensor_id",
            ",_result,0,2026-11-25T14:15:00Z,60,LAG-2",
            ",_result,0,2026-11-25T14:10:00Z,35,LAG-1");
  }

  @Test
  void two_yields_give_two_results() {
    raw.add("LAG-1", ago(20), Field.PM25, 35);
    String csv =
        run(
            "data = from(bucket: \"sensor_data\") |> range(start: -1h)\n"
                + "data |> last() |> yield(name: \"latest\")\n"
                + "data |> count() |> yield(name: \"n\")");
    assertThat(csv).contains("#default,latest,").contains("#default,n,").contains("\n\n#datatype");
  }

  @Test
  void a_text_that_does_not_parse_is_refused_with_its_line_and_column() {
    assertThatThrownBy(
            () -> engine.prepare("from(bucket: \"sensor_data\")\n  |> range(start -1h)", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("error @2:18-2:19: expected :, found \"-\"");
  }

  @Test
  void a_function_outside_the_subset_is_refused_by_name_and_place() {
    assertThatThrownBy(
            () ->
                engine.prepare(
                    "from(bucket: \"sensor_data\") |> range(start: -1h) |> map(fn: (r) => r)",
                    null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("error @1:53-1:70: function \"map\" is not supported");
    assertThatThrownBy(
            () ->
                engine.prepare(
                    "from(bucket: \"sensor_data\") |> range(start: -1h) |> aggregateWindow(every: 1h, fn: mean, offset: 5m)",
                    null))
        .hasMessageContaining("aggregateWindow() argument offset is not supported");
  }

  @Test
  void a_read_without_range_is_refused_as_InfluxDB_refuses_it() {
    assertThatThrownBy(() -> engine.prepare("from(bucket: \"sensor_data\") |> last()", null))
        .hasMessageContaining("cannot submit unbounded read to \"sensor_data\"");
  }

  @Test
  void an_unknown_bucket_is_InfluxDBs_not_found() {
    assertThatThrownBy(
            () -> engine.prepare("from(bucket: \"telegraf\") |> range(start: -1h)", null))
        .isInstanceOf(UnknownBucketException.class)
        .hasMessageContaining("could not find bucket \"telegraf\"");
  }

  @Test
  void raw_readings_past_their_retention_are_refused_with_the_way_to_the_rollups() {
    assertThatThrownBy(() -> run("from(bucket: \"sensor_data\") |> range(start: -90d)"))
        .hasMessageContaining("raw readings are kept 30 days")
        .hasMessageContaining("aggregateWindow(every: 1h, fn: mean)");
  }

  @Test
  void a_query_reading_more_than_its_bound_is_refused_naming_it() {
    for (int i = 0; i < 1_001; i++) {
      raw.add("LAG-1", NOW.minusSeconds(3600 - i), Field.PM25, i);
    }
    assertThatThrownBy(() -> run("from(bucket: \"sensor_data\") |> range(start: -1h)"))
        .hasMessageContaining("max_points");
  }

  @Test
  void a_tag_value_is_compared_as_a_value_never_as_query_text() {
    raw.add("LAG-1", ago(20), Field.PM25, 35);
    String csv =
        run(
            "from(bucket: \"sensor_data\") |> range(start: -1h)"
                + " |> filter(fn: (r) => r.sensor_id == \"LAG-1\\\" or r._field =~ /.*/ or \\\"\")");
    assertThat(csv).isEmpty();
    assertThat(raw.asked).isEmpty();
  }
}
