package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.rollups.AqiReport;
import org.aqmrg.rollups.AqiReports;
import org.aqmrg.rollups.RollupHistory;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.RollupWindow;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/sensors/{id}/readings} and {@code GET /api/v1/locations/{id}/readings}: the
 * history of a sensor, or of all the sensors a location holds combined, as raw pages or windowed
 * aggregates, in JSON or CSV (see {@link HistoryParams} for the parameters and their limits and
 * {@link HistoryAccess} for who may ask what).
 *
 * <p>Rows go to the client as the store yields them. The exception is a raw page as CSV, which is
 * held (at most {@link HistoryParams#MAX_LIMIT} rows) so that its next cursor can go in the
 * headers. A store that fails before anything is written gets the usual 503; one that fails after
 * rows were sent cuts the connection, so the client sees a broken transfer, never a short answer
 * that looks whole.
 */
final class ReadingRoutes {
  private static final Logger log = LoggerFactory.getLogger(ReadingRoutes.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final ReadingStore store;
  private final RollupStore rollupStore;
  private final RegistryLookup registry;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Clock clock;

  ReadingRoutes(
      ReadingStore store,
      RollupStore rollups,
      RegistryLookup registry,
      AuditLog audit,
      ObjectMapper json,
      Clock clock) {
    this.store = store;
    this.rollupStore = rollups;
    this.registry = registry;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /** {@code GET /api/v1/sensors/{id}/readings}. */
  void sensor(Context ctx) {
    var params = HistoryParams.of(ctx, clock);
    HistoryAccess.check(ctx, params, audit);
    String id = ctx.pathParam("id");
    var facts = id.length() > 100 ? null : registry.facts(List.of(id)).get(id);
    if (facts == null) {
      throw NotFoundException.of("sensor", id);
    }
    ZoneId zone = facts.zone();
    answer(ctx, params, new HistoryWriter.Subject("sensor", id, List.of(id), zone));
  }

  /** {@code GET /api/v1/locations/{id}/readings}: all its sensors' points together. */
  void location(Context ctx) {
    var params = HistoryParams.of(ctx, clock);
    HistoryAccess.check(ctx, params, audit);
    String id = ctx.pathParam("id");
    UUID location = uuid(id).orElseThrow(() -> NotFoundException.of("location", id));
    List<String> sensors =
        registry.sensorsAt(location).orElseThrow(() -> NotFoundException.of("location", id));
    ZoneId zone = registry.locationZone(location).orElseThrow();
    answer(ctx, params, new HistoryWriter.Subject("location", id, sensors, zone));
  }

  static Optional<UUID> uuid(String text) {
    try {
      return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void answer(Context ctx, HistoryParams params, HistoryWriter.Subject subject) {
    boolean csv = params.format() == HistoryParams.Format.CSV;
    if (params.window().rollup().isPresent()) {
      rollups(ctx, params, subject);
      return;
    }
    if (csv && params.raw()) {
      csvPage(ctx, params, subject);
      return;
    }
    try {
      OutputStream body = body(ctx, params, subject);
      stream(ctx, subject, params, writer(body, params, subject));
      body.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HistoryWriter writer(
      OutputStream body, HistoryParams params, HistoryWriter.Subject subject) throws IOException {
    return params.format() == HistoryParams.Format.CSV
        ? new HistoryCsv(body, params, subject.zone())
        : new HistoryJson(body, json, subject, params);
  }

  /**
   * Windows or AQI reports read from rollups: computed whole (at most {@link
   * HistoryLimits#MAX_ROLLUP_WINDOWS}) before anything is written, so that any failure is answered
   * as usual.
   */
  private void rollups(Context ctx, HistoryParams asked, HistoryWriter.Subject subject) {
    HistoryParams params = asked.inZone(ctx, subject.zone());
    HistoryLimits.rollups(params, subject.sensorIds().size());
    HistoryWindow window = params.window();
    List<String> ids = subject.sensorIds();
    List<RollupWindow> windows = List.of();
    List<AqiReport> reports = List.of();
    if (!ids.isEmpty() && window.aqi()) {
      var aqi = new AqiReports(rollupStore, clock);
      reports =
          window.source().equals("daily")
              ? aqi.daily(ids, subject.zone(), params.from(), params.to(), window.scale())
              : aqi.hourly(ids, params.from(), params.to(), window.scale());
    } else if (!ids.isEmpty()) {
      windows =
          new RollupHistory(rollupStore)
              .read(
                  new RollupHistory.Request(
                      ids,
                      subject.zone(),
                      params.from(),
                      params.to(),
                      params.fields(),
                      window.rollup().orElseThrow(),
                      window.statistic()));
    }
    try (OutputStream body = body(ctx, params, subject)) {
      HistoryWriter writer = writer(body, params, subject);
      for (RollupWindow each : windows) {
        writer.window(each);
      }
      for (AqiReport each : reports) {
        writer.report(each);
      }
      writer.finish(Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The answer's headers, and the stream to write it to: gzip-compressed by this class when the
   * client accepts it (Javalin's own compression holds back the first bytes, so an error could no
   * longer be answered cleanly).
   */
  private static OutputStream body(Context ctx, HistoryParams params, HistoryWriter.Subject subject)
      throws IOException {
    if (params.format() == HistoryParams.Format.CSV) {
      ctx.contentType("text/csv; charset=utf-8");
      ctx.header(
          "Content-Disposition", "attachment; filename=\"" + filename(subject, params) + "\"");
    } else {
      ctx.contentType("application/json");
    }
    ctx.header("X-Source", params.window().source());
    ctx.disableCompression();
    String accepted = ctx.header("Accept-Encoding");
    if (accepted != null && accepted.toLowerCase(Locale.ROOT).contains("gzip")) {
      ctx.header("Content-Encoding", "gzip");
      ctx.header("Vary", "Accept-Encoding");
      return new GZIPOutputStream(ctx.outputStream(), 8192, true);
    }
    return ctx.outputStream();
  }

  /** A raw page as CSV: held whole, so its next cursor can be sent first, in the headers. */
  private void csvPage(Context ctx, HistoryParams params, HistoryWriter.Subject subject) {
    var rows = new ArrayList<Row>();
    Optional<Query.Position> next =
        subject.sensorIds().isEmpty()
            ? Optional.empty()
            : store.query(params.query(subject.sensorIds()), rows::add);
    next.ifPresent(
        position -> {
          String cursor = HistoryParams.cursorOf(position);
          ctx.header("X-Next-Cursor", cursor);
          ctx.header("Link", "<" + nextUrl(ctx, cursor) + ">; rel=\"next\"");
        });
    try (OutputStream body = body(ctx, params, subject)) {
      var writer = new HistoryCsv(body, params, subject.zone());
      for (Row row : rows) {
        writer.row(row);
      }
      writer.finish(next);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void stream(
      Context ctx, HistoryWriter.Subject subject, HistoryParams params, HistoryWriter writer)
      throws IOException {
    Optional<Query.Position> next = Optional.empty();
    try {
      if (!subject.sensorIds().isEmpty()) {
        next =
            store.query(
                params.query(subject.sensorIds()),
                row -> {
                  try {
                    writer.row(row);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
      writer.finish(next);
    } catch (RuntimeException | IOException e) {
      if (!ctx.res().isCommitted()) {
        // Nothing has left the server: drop what was written and answer the error as usual.
        ctx.res().resetBuffer();
        ctx.res().setHeader("Content-Encoding", null);
        ctx.res().setHeader("Content-Disposition", null);
        ctx.res().setHeader("Vary", null);
        throw e;
      }
      log.warn(
          "{} {} failed after rows were sent; cutting the connection: {}",
          ctx.method(),
          ctx.path(),
          e.toString());
      // Closing the connection is the one way HTTP/1.1 has to say a chunked answer is incomplete.
      ServletContextRequest.getServletContextRequest(ctx.req())
          .getConnectionMetaData()
          .getConnection()
          .getEndPoint()
          .close();
      throw new AnswerCutOff(e);
    }
  }

  /** An answer was cut off after it had begun; the connection is closed, nothing more to say. */
  static final class AnswerCutOff extends RuntimeException {
    AnswerCutOff(Throwable cause) {
      super("the answer was cut off after it had begun", cause);
    }
  }

  /** The request's own URL with {@code cursor} set. */
  private static String nextUrl(Context ctx, String cursor) {
    var query = new StringBuilder();
    ctx.queryParamMap()
        .forEach(
            (name, values) -> {
              if (!name.equals("cursor")) {
                for (String value : values) {
                  query.append(query.length() == 0 ? "?" : "&").append(encode(name));
                  query.append('=').append(encode(value));
                }
              }
            });
    query.append(query.length() == 0 ? "?" : "&").append("cursor=").append(cursor);
    return ctx.path() + query;
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code sensor_LAG-IKJ-001_20261124T140000Z_20261125T140000Z_1h-mean.csv}, in safe ASCII. */
  static String filename(HistoryWriter.Subject subject, HistoryParams params) {
    String name =
        subject.kind()
            + "_"
            + subject.id()
            + "_"
            + FILE_TIME.format(params.from())
            + "_"
            + FILE_TIME.format(params.to())
            + "_"
            + params.window().text()
            + (params.raw() ? "" : "-" + params.window().fn())
            + ".csv";
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
