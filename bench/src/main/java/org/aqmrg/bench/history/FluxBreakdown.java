package org.aqmrg.bench.history;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.aqmrg.bench.auth.Interleaved;
import org.aqmrg.flux.AnnotatedCsv;
import org.aqmrg.flux.FluxEngine;
import org.aqmrg.flux.FluxLimits;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.registry.RegistryLookup;

/**
 * Where the time of Flux's 7-day {@code aggregateWindow(every: 1h, fn: mean)} goes, measured from
 * outside the engine on one running platform: the same question over HTTP with {@code range} on
 * whole hours (so no window is cut by the range and none is computed from raw readings), the
 * engine alone in process (with the registry's catalog read per query as the route does, and read
 * once before), and each store call the engine makes, alone. Beside them the JSON history API's
 * answer (the baseline) and its one registry call. Every variant checks its answer.
 */
final class FluxBreakdown {
  /** The limits {@code FluxRoutes} gives its engine (HistoryLimits' values and its own). */
  private static final FluxLimits LIMITS =
      new FluxLimits(100_000, 5_000, 100_000, 1_000_000, 500_000, 30, 730, Duration.ofSeconds(30));

  private final QueryRequests requests;
  private final UUID location;
  private final List<String> sensorIds;

  FluxBreakdown(QueryRequests requests, UUID location, List<String> sensorIds) {
    this.requests = requests;
    this.location = location;
    this.sensorIds = sensorIds;
  }

  List<Interleaved.Variant> variants() {
    Site site = requests.site();
    var platform = site.platform();
    RegistryLookup registry = platform.web().registry();
    Supplier<List<SeriesTags>> live = () -> catalog(registry);
    List<SeriesTags> once = catalog(registry);
    FluxEngine perQuery = engine(site, live);
    FluxEngine readOnce = engine(site, () -> once);
    String on = " on " + site.label();
    var v = new ArrayList<Interleaved.Variant>();
    v.add(new Interleaved.Variant("JSON history, HTTP (baseline)" + on, requests::jsonWeek));
    v.add(new Interleaved.Variant("Flux, HTTP, range(start: -7d)" + on, requests::fluxWeekRows));
    v.add(
        new Interleaved.Variant(
            "Flux, HTTP, range on whole hours (no cut windows)" + on,
            () -> requests.fluxRows(wholeHours(), 168 * sensorIds.size())));
    v.add(
        new Interleaved.Variant(
            "Flux engine in process, catalog per query" + on,
            () -> run(perQuery, requests.fluxWeekOfHours())));
    v.add(
        new Interleaved.Variant(
            "Flux engine in process, catalog read once" + on,
            () -> run(readOnce, requests.fluxWeekOfHours())));
    v.add(
        new Interleaved.Variant(
            "Flux engine in process, catalog read once, range on whole hours" + on,
            () -> run(readOnce, wholeHours())));
    v.add(
        new Interleaved.Variant(
            "registry catalog (sensorIds + registered), per Flux/InfluxQL query" + on,
            () -> check("catalog", catalog(registry).size() >= sensorIds.size())));
    v.add(
        new Interleaved.Variant(
            "registry sensorsAt(location), per JSON query" + on,
            () ->
                check(
                    "sensorsAt",
                    registry.sensorsAt(location).orElseThrow().size() == sensorIds.size())));
    v.add(
        new Interleaved.Variant(
            "RollupStore.hours, 7 days, pm25" + on,
            () -> {
              Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
              int hours =
                  platform
                      .rollups()
                      .hours(sensorIds, to.minus(Duration.ofDays(7)), to, EnumSet.of(Field.PM25))
                      .size();
              check("hours", hours == 168 * sensorIds.size());
            }));
    v.add(
        new Interleaved.Variant(
            "ReadingStore.query raw, one cut window (up to an hour), pm25" + on,
            () -> {
              Instant to = Instant.now();
              Instant from = to.truncatedTo(ChronoUnit.HOURS);
              if (from.equals(to)) {
                from = from.minus(Duration.ofHours(1));
              }
              int[] rows = {0};
              platform
                  .readings()
                  .query(
                      new Query.Raw(
                          sensorIds, from, to, List.of(Field.PM25), 100_000, Optional.empty()),
                      row -> rows[0]++);
              check("raw", rows[0] >= 1);
            }));
    return v;
  }

  /** The 7-day question with {@code range} on the last whole hour: 168 windows per sensor. */
  private String wholeHours() {
    Instant stop = Instant.now().truncatedTo(ChronoUnit.HOURS);
    return requests
        .fluxWeekOfHours()
        .replace(
            "range(start: -7d)",
            "range(start: " + stop.minus(Duration.ofDays(7)) + ", stop: " + stop + ")");
  }

  private static FluxEngine engine(Site site, Supplier<List<SeriesTags>> catalog) {
    var platform = site.platform();
    return new FluxEngine(
        platform.readings(),
        platform.rollups(),
        platform.web().predictions().reads(),
        catalog,
        LIMITS,
        Clock.systemUTC());
  }

  private void run(FluxEngine engine, String text) throws Exception {
    var out = new ByteArrayOutputStream();
    engine.run(engine.prepare(text, null), AnnotatedCsv.Dialect.CLIENTS, out);
    int rows = QueryRequests.dataRows(out.toString(StandardCharsets.UTF_8));
    check("engine", rows >= 168 * sensorIds.size() && rows <= 169 * sensorIds.size());
    check("engine", out.size() > 10_000);
  }

  /** What {@code InfluxQlRoutes.catalog} reads for every Flux and InfluxQL query. */
  private static List<SeriesTags> catalog(RegistryLookup registry) {
    var tags = new ArrayList<SeriesTags>();
    for (RegistryLookup.Registered sensor : registry.registered(registry.sensorIds())) {
      tags.add(new SeriesTags(sensor.id(), sensor.location(), sensor.manufacturer()));
    }
    return tags;
  }

  private static void check(String what, boolean ok) {
    if (!ok) {
      throw new IllegalStateException(what + ": unexpected answer");
    }
  }
}
