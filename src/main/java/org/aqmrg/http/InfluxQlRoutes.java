package org.aqmrg.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.influxql.AnswerCsv;
import org.aqmrg.influxql.AnswerJson;
import org.aqmrg.influxql.Epoch;
import org.aqmrg.influxql.Executor;
import org.aqmrg.influxql.Limits;
import org.aqmrg.influxql.Parser;
import org.aqmrg.influxql.Result;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.influxql.Statement;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.rollups.RollupStore;

/**
 * {@code GET|POST /query}: InfluxDB 1.x's query API over the supported InfluxQL subset (see {@link
 * Parser}), answered by {@link Executor} from the platform's own stores, never by passing the text
 * on. Who may ask what is the history API's rule ({@link HistoryAccess}): raw points, windows
 * shorter than 1h and CSV need the researcher rule. A parse error or a passed bound is a 400 with
 * {@code {"error":"…"}}, as InfluxDB answers; a statement that fails on its own is answered in its
 * result.
 */
final class InfluxQlRoutes {
  private static final String RESTRICTED =
      "raw points, GROUP BY time(…) shorter than 1h and CSV answers need the researcher or admin"
          + " role, or a token with read:all; without them, ask GROUP BY time(1h) or longer as"
          + " JSON";

  private final Executor executor;
  private final AuditLog audit;
  private final Clock clock;

  InfluxQlRoutes(
      ReadingStore store,
      RollupStore rollups,
      RegistryLookup registry,
      String database,
      AuditLog audit,
      Clock clock) {
    var limits =
        new Limits(
            HistoryParams.MAX_LIMIT,
            HistoryLimits.MAX_WINDOWS,
            HistoryLimits.MAX_ROLLUP_WINDOWS,
            HistoryLimits.MAX_ROLLUPS,
            100,
            HistoryLimits.RAW_DAYS,
            HistoryLimits.HOURLY_DAYS);
    this.executor = new Executor(store, rollups, () -> catalog(registry), database, limits, clock);
    this.audit = audit;
    this.clock = clock;
  }

  /** The registry's sensors with the tags InfluxQL and Flux see on their series. */
  static List<SeriesTags> catalog(RegistryLookup registry) {
    var tags = new ArrayList<SeriesTags>();
    for (RegistryLookup.Registered sensor : registry.registered(registry.sensorIds())) {
      tags.add(new SeriesTags(sensor.id(), sensor.location(), sensor.manufacturer()));
    }
    return tags;
  }

  void query(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null && ctx.method().name().equals("POST") && isForm(ctx)) {
      q = ctx.formParam("q");
    }
    if (q == null || q.isBlank()) {
      fail(ctx, "missing required parameter \"q\"");
      return;
    }
    if ("true".equalsIgnoreCase(ctx.queryParam("chunked"))) {
      fail(ctx, "chunked answers are not supported: leave out chunked=true");
      return;
    }
    boolean csv = wantsCsv(ctx);
    List<Statement> statements;
    Epoch epoch;
    try {
      epoch = Epoch.of(ctx.queryParam("epoch"), csv ? Epoch.NANOSECONDS : Epoch.RFC3339);
      statements = Parser.parse(q, clock.instant());
    } catch (InvalidInputException e) {
      fail(ctx, e.getMessage());
      return;
    }
    for (Statement statement : statements) {
      if (Executor.finerThan(statement, HistoryAccess.PUBLIC_MIN_WINDOW)) {
        HistoryAccess.check(ctx, "q", audit, RESTRICTED);
      }
    }
    if (csv) {
      HistoryAccess.check(ctx, "Accept", audit, RESTRICTED);
    }
    var results = new ArrayList<Result>();
    try {
      for (int i = 0; i < statements.size(); i++) {
        results.add(executor.run(i, statements.get(i), ctx.queryParam("db"), ctx.queryParam("rp")));
      }
    } catch (InvalidInputException e) {
      fail(ctx, e.getMessage());
      return;
    }
    var body = new ByteArrayOutputStream();
    try {
      if (csv) {
        AnswerCsv.write(results, epoch, body);
        ctx.contentType("application/csv");
      } else {
        AnswerJson.write(results, epoch, body);
        ctx.contentType("application/json");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.status(200).result(body.toByteArray());
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private static boolean wantsCsv(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/csv");
  }

  private static void fail(Context ctx, String message) {
    var body = new ByteArrayOutputStream();
    try {
      AnswerJson.error(message, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.status(400).contentType("application/json").result(body.toByteArray());
  }
}
