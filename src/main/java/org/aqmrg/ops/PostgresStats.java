package org.aqmrg.ops;

import java.util.ArrayList;
import java.util.List;
import org.aqmrg.db.Database;
import org.jdbi.v3.core.Handle;

/** PostgreSQL's part of {@link Stats}: the seed's three monitoring queries. */
final class PostgresStats {
  static final String ENABLE_STATEMENTS =
      "pg_stat_statements is not enabled: add shared_preload_libraries = 'pg_stat_statements' to"
          + " postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION pg_stat_statements;"
          + " in the platform's database";

  private final Database sql;

  PostgresStats(Database sql) {
    this.sql = sql;
  }

  Stats.Postgres collect() {
    try {
      return sql.withHandle("reading PostgreSQL's statistics", this::collect);
    } catch (RuntimeException e) {
      return new Stats.Postgres(null, null, null, null, null, null, null, Problems.describe(e));
    }
  }

  private Stats.Postgres collect(Handle handle) {
    String server = handle.createQuery("SHOW server_version").mapTo(String.class).one();
    long connections =
        handle
            .createQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            .mapTo(Long.class)
            .one();
    long active =
        handle
            .createQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND state = 'active'")
            .mapTo(Long.class)
            .one();
    List<Stats.Statement> slowest = null;
    String note = null;
    boolean installed =
        handle
            .createQuery(
                "SELECT count(*) > 0 FROM pg_extension WHERE extname = 'pg_stat_statements'")
            .mapTo(Boolean.class)
            .one();
    if (!installed) {
      note = ENABLE_STATEMENTS;
    } else {
      try {
        slowest = slowest(handle);
      } catch (RuntimeException e) {
        note = ENABLE_STATEMENTS + " (" + Problems.describe(e) + ")";
      }
    }
    var tables =
        handle
            .createQuery(
                "SELECT c.relname, pg_total_relation_size(c.oid)"
                    + " + coalesce((SELECT sum(pg_total_relation_size(i.inhrelid))"
                    + "   FROM pg_inherits i WHERE i.inhparent = c.oid), 0) AS bytes"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                    + " AND NOT c.relispartition ORDER BY bytes DESC, c.relname")
            .map((rows, context) -> size(rows.getString(1), null, rows.getLong(2)))
            .list();
    var partitions =
        handle
            .createQuery(
                "SELECT c.relname, p.relname, pg_total_relation_size(c.oid) AS bytes"
                    + " FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid"
                    + " JOIN pg_class p ON p.oid = i.inhparent"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' ORDER BY bytes DESC, c.relname LIMIT 10")
            .map((rows, context) -> size(rows.getString(1), rows.getString(2), rows.getLong(3)))
            .list();
    return new Stats.Postgres(server, connections, active, slowest, note, tables, partitions, null);
  }

  private static List<Stats.Statement> slowest(Handle handle) {
    int version = handle.createQuery("SHOW server_version_num").mapTo(Integer.class).one();
    // PostgreSQL 13 renamed total_time and mean_time, which the seed's query uses.
    String total = version >= 130_000 ? "total_exec_time" : "total_time";
    String mean = version >= 130_000 ? "mean_exec_time" : "mean_time";
    return new ArrayList<>(
        handle
            .createQuery(
                "SELECT query, calls, %s, %s FROM pg_stat_statements ORDER BY %s DESC LIMIT 10"
                    .formatted(total, mean, mean))
            .map(
                (rows, context) ->
                    new Stats.Statement(
                        rows.getString(1), rows.getLong(2), rows.getDouble(3), rows.getDouble(4)))
            .list());
  }

  static Stats.TableSize size(String table, String parent, long bytes) {
    return new Stats.TableSize(table, parent, bytes, Sizes.human(bytes));
  }
}
