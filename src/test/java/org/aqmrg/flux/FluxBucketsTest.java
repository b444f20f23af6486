package org.aqmrg.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.predictions.Forecast;
import org.aqmrg.predictions.ForecastQuery;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.MemoryRollupStore;
import org.aqmrg.rollups.Sample;
import org.junit.jupiter.api.Test;

/** The rollup and predictions buckets as Flux sees them, who may read what, and the bounds. */
class FluxBucketsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:30:00Z");
  private static final UUID IKEJA = UUID.fromString("22222222-2222-4222-8222-000000000001");

  private final RawStore raw = new RawStore();
  private final MemoryRollupStore rollups = new MemoryRollupStore();
  private final List<Forecast> forecasts = new ArrayList<>();
  private final ForecastStore forecastStore =
      new ForecastStore() {
        @Override
        public void write(Collection<Forecast> written) {
          forecasts.addAll(written);
        }

        @Override
        public List<Forecast> find(ForecastQuery query, int limit) {
          return forecasts.stream().filter(query::matches).limit(limit).toList();
        }
      };
  private final List<SeriesTags> sensors = List.of(new SeriesTags("LAG-1", "Ikeja", "PurpleAir"));

  private FluxEngine engine(Clock clock, Duration maxDuration) {
    return new FluxEngine(
        raw,
        rollups,
        forecastStore,
        () -> sensors,
        new FluxLimits(1_000, 100, 10_000, 100_000, 10_000, 30, 730, maxDuration),
        clock);
  }

  private final FluxEngine engine =
      engine(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));

  private String run(FluxEngine engine, String flux) throws Exception {
    var out = new ByteArrayOutputStream();
    engine.run(engine.prepare(flux, null), AnnotatedCsv.Dialect.PLAIN, out);
    return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  private void hourOfSamples() {
    Instant hour = Instant.parse("2026-11-25T12:00:00Z");
    var samples = new ArrayList<Sample>();
    for (int i = 0; i < 60; i++) {
      samples.add(new Sample(hour.plusSeconds(60L * i), i % 2 == 0 ? 10 : 20));
    }
    rollups.samples("LAG-1", Field.PM25, Duration.ofMinutes(1), samples);
  }

  @Test
  void the_hourly_bucket_holds_each_statistic_as_a_field_of_its_own() throws Exception {
    hourOfSamples();
    String csv =
        run(
            engine,
            "from(bucket: \"sensor_data_hourly\") |> range(start: -1d)"
                + " |> filter(fn: (r) => r._field =~ /^pm25(_count|_max|_coverage)?$/)");
    assertThat(
            csv.lines()
                .filter(l -> l.startsWith(",_result"))
                .map(l -> l.split(",")[6] + " " + l.split(",")[5] + " " + l.split(",")[7]))
        .containsExactly(
            "15 2026-11-25T12:00:00Z pm25",
            "60 2026-11-25T12:00:00Z pm25_count",
            "20 2026-11-25T12:00:00Z pm25_max",
            "100 2026-11-25T12:00:00Z pm25_coverage");
  }

  @Test
  void the_daily_bucket_holds_the_local_day_with_its_completeness() throws Exception {
    hourOfSamples();
    rollups.days("LAG-1", ZoneId.of("Africa/Lagos"));
    String csv =
        run(
            engine,
            "from(bucket: \"sensor_data_daily\") |> range(start: -7d)"
                + " |> filter(fn: (r) => r._field == \"pm25_complete\" or r._field == \"pm25_valid_hours\")");
    assertThat(csv)
        .contains(",2026-11-24T23:00:00Z,false,pm25_complete,")
        .contains(",2026-11-24T23:00:00Z,1,pm25_valid_hours,");
  }

  @Test
  void the_predictions_bucket_holds_each_forecast_at_its_target_time() throws Exception {
    Instant target = Instant.parse("2026-11-25T15:00:00Z");
    forecastStore.write(
        List.of(
            new Forecast(
                IKEJA,
                "pm25",
                target,
                35.25,
                30.5,
                null,
                0.9,
                "xgb",
                "2026.12.1",
                target.minusSeconds(3300))));
    String csv =
        run(
            engine,
            "from(bucket: \"predictions\") |> range(start: -1h, stop: 1d)"
                + " |> filter(fn: (r) => r.pollutant == \"pm25\" and r.model_name == \"xgb\")"
                + " |> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")");
    assertThat(csv.lines().toList())
        .containsExactly(
            ",result,table,_start,_stop,_measurement,lead_s,location_id,model_name,model_version,pollutant,_time,interval_level,lower,value",
            ",_result,0,2026-11-25T13:30:00Z,2026-11-26T14:30:00Z,predictions,3300,"
                + IKEJA
                + ",xgb,2026.12.1,pm25,2026-11-25T15:00:00Z,0.9,30.5,35.25");
  }

  @Test
  void buckets_lists_the_seeds_four_with_their_retention_as_Grafanas_connection_test_asks()
      throws Exception {
    String csv = run(engine, "buckets() |> keep(columns: [\"name\", \"retentionPeriod\"])");
    assertThat(csv.lines().toList())
        .containsExactly(
            ",result,table,name,retentionPeriod",
            ",_result,0,sensor_data,2592000000000000",
            ",_result,0,sensor_data_hourly,63072000000000000",
            ",_result,0,sensor_data_daily,0",
            ",_result,0,predictions,31536000000000000");
    assertThat(engine.prepare("buckets()", null).readsFinerThan(Duration.ofHours(1))).isFalse();
  }

  @Test
  void raw_readings_short_windows_and_forecasts_need_the_researcher_rule() {
    String raw = "from(bucket: \"sensor_data\") |> range(start: -1d)";
    assertThat(engine.prepare(raw, null).readsFinerThan(Duration.ofHours(1))).isTrue();
    assertThat(
            engine
                .prepare(raw + " |> aggregateWindow(every: 10m, fn: mean)", null)
                .readsFinerThan(Duration.ofHours(1)))
        .isTrue();
    assertThat(
            engine
                .prepare(
                    raw
                        + " |> filter(fn: (r) => r._field == \"pm25\") |> aggregateWindow(every: 1h, fn: mean)",
                    null)
                .readsFinerThan(Duration.ofHours(1)))
        .isFalse();
    assertThat(
            engine
                .prepare("from(bucket: \"sensor_data_daily\") |> range(start: -30d)", null)
                .readsFinerThan(Duration.ofHours(1)))
        .isFalse();
    assertThat(
            engine
                .prepare("from(bucket: \"predictions\") |> range(start: -1d)", null)
                .readsFinerThan(Duration.ofHours(1)))
        .isTrue();
  }

  @Test
  void a_regex_that_backtracks_without_end_is_stopped_and_refused() {
    raw.add("LAG-1", NOW.minusSeconds(60), Field.PM25, 1);
    var evil = new SeriesTags("x".repeat(200), "", "");
    var engine =
        new FluxEngine(
            raw,
            rollups,
            forecastStore,
            () -> List.of(evil),
            new FluxLimits(1_000, 100, 10_000, 100_000, 10_000, 30, 730, Duration.ofSeconds(30)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(
            () ->
                run(
                    engine,
                    "from(bucket: \"sensor_data\") |> range(start: -1h) |> filter(fn: (r) => r.sensor_id =~ /(x+x+)+y/)"))
        .hasMessageContaining("max_regex_steps");
  }

  @Test
  void a_query_past_its_time_is_stopped_when_a_stage_ends() {
    raw.add("LAG-1", NOW.minusSeconds(60), Field.PM25, 1);
    Instant[] now = {NOW};
    Clock ticking =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            now[0] = now[0].plusSeconds(20);
            return now[0];
          }
        };
    assertThatThrownBy(
            () ->
                run(
                    engine(ticking, Duration.ofSeconds(30)),
                    "from(bucket: \"sensor_data\") |> range(start: -1h) |> last() |> limit(n: 1)"))
        .hasMessageContaining("max_duration");
  }

  @Test
  void not_of_a_missing_column_keeps_nothing_as_null_propagates() throws Exception {
    raw.add("LAG-1", NOW.minusSeconds(60), Field.PM25, 1);
    assertThat(
            run(
                engine,
                "from(bucket: \"sensor_data\") |> range(start: -1h) |> filter(fn: (r) => not r.nope == \"x\")"))
        .isEmpty();
    assertThat(
            run(
                engine,
                "from(bucket: \"sensor_data\") |> range(start: -1h) |> filter(fn: (r) => not exists r.nope)"))
        .contains(",pm25,");
  }
}
