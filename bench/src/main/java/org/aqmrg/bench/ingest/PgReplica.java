package org.aqmrg.bench.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.postgresql.PGConnection;

/**
 * A replica of {@code PostgresReadingStore.write}, split into its steps so each can be timed:
 * building the COPY text, {@code COPY} into a temporary table, the merge into {@code sensor_data}
 * ({@code INSERT … SELECT … ON CONFLICT DO UPDATE}) and the commit. For comparison, the same
 * readings can instead be copied straight into {@code sensor_data}, which is what a batch of new
 * readings would cost without the staging table and the merge. The SQL is the adapter's own.
 */
final class PgReplica {
  private static final String COLUMNS =
      "time, sensor_id, location, manufacturer, pm25, pm10, temperature, humidity, co, no2, o3";

  private final DataSource dataSource;
  private final String merge;

  PgReplica(DataSource dataSource) {
    this.dataSource = dataSource;
    var fields = new StringBuilder();
    for (Field field : Field.values()) {
      fields
          .append(field.ordinal() == 0 ? " " : ", ")
          .append(field.key())
          .append(" = COALESCE(EXCLUDED.")
          .append(field.key())
          .append(", sensor_data.")
          .append(field.key())
          .append(")");
    }
    merge =
        "INSERT INTO sensor_data ("
            + COLUMNS
            + ") SELECT "
            + COLUMNS
            + " FROM bench_staging ON CONFLICT (sensor_id, time) DO UPDATE SET"
            + " location = COALESCE(EXCLUDED.location, sensor_data.location),"
            + " manufacturer = COALESCE(EXCLUDED.manufacturer, sensor_data.manufacturer),"
            + fields;
  }

  /** Nanoseconds of each step: text, copy, merge, commit. */
  long[] stagedWrite(List<Reading> readings) throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (var statement = connection.createStatement()) {
        statement.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_staging"
                + " (LIKE sensor_data INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        long t0 = System.nanoTime();
        String text = copyText(readings);
        long t1 = System.nanoTime();
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY bench_staging (" + COLUMNS + ") FROM STDIN", new StringReader(text));
        long t2 = System.nanoTime();
        statement.executeUpdate(merge);
        long t3 = System.nanoTime();
        connection.commit();
        long t4 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  /** Nanoseconds of one {@code COPY} of the readings straight into {@code sensor_data}. */
  long directCopy(List<Reading> readings) throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection()) {
      long t0 = System.nanoTime();
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY sensor_data (" + COLUMNS + ") FROM STDIN",
              new StringReader(copyText(readings)));
      return System.nanoTime() - t0;
    }
  }

  /** The readings moved by {@code nanos}, so that they are new to {@code sensor_data}. */
  static List<Reading> moved(List<Reading> readings, long nanos) {
    var moved = new ArrayList<Reading>(readings.size());
    for (Reading reading : readings) {
      var builder =
          Reading.builder(reading.sensorId(), reading.timeNanos() + nanos)
              .location(reading.location())
              .manufacturer(reading.manufacturer());
      for (Field field : Field.values()) {
        if (reading.has(field)) {
          builder.set(field, reading.value(field));
        }
      }
      moved.add(builder.build());
    }
    return moved;
  }

  /** The adapter's COPY text: tab-separated, \N for null (the bench's ids need no escaping). */
  private static String copyText(List<Reading> readings) {
    var text = new StringBuilder(readings.size() * 120);
    for (Reading reading : readings) {
      text.append(reading.time().toString()).append('\t');
      text.append(reading.sensorId()).append('\t');
      text.append(reading.location() == null ? "\\N" : reading.location()).append('\t');
      text.append(reading.manufacturer() == null ? "\\N" : reading.manufacturer());
      for (Field field : Field.values()) {
        text.append('\t');
        if (reading.has(field)) {
          text.append(reading.value(field));
        } else {
          text.append("\\N");
        }
      }
      text.append('\n');
    }
    return text.toString();
  }
}
