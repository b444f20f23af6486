package org.aqmrg.backup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.aqmrg.db.RelationalDatabase;
import org.jdbi.v3.core.Handle;

/**
 * The relational database (and on the PostgreSQL backend the time series) as {@code pg_dump -F c}
 * writes it, as the seed backs it up, and back with {@code pg_restore}. Rows are counted per table
 * (a partitioned table with all its partitions) before and after.
 */
final class PostgresDump {
  static final String FILE = "postgres.dump";

  /** Flyway's own bookkeeping: present in a freshly migrated, otherwise empty database. */
  private static final String FLYWAY = "flyway_schema_history";

  private static final Pattern TABLE_LINE =
      Pattern.compile("(?:dumping contents of|processing data for) table \"?([^\"]+)\"?");

  private final RelationalDatabase database;

  PostgresDump(RelationalDatabase database) {
    this.database = database;
  }

  /** Rows per table of the {@code public} schema, partitioned tables counted whole, by name. */
  Map<String, Long> counts() {
    return database.sql().withHandle("counting the rows of each table", PostgresDump::counts);
  }

  private static Map<String, Long> counts(Handle handle) {
    List<String> tables =
        handle
            .createQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                    + " AND NOT c.relispartition ORDER BY c.relname")
            .mapTo(String.class)
            .list();
    var counts = new LinkedHashMap<String, Long>();
    for (String table : tables) {
      counts.put(
          table,
          handle
              .createQuery("SELECT count(*) FROM public." + quote(table))
              .mapTo(Long.class)
              .one());
    }
    return counts;
  }

  /** The tables that hold rows, with their counts: what a restore would overwrite. */
  Map<String, Long> nonEmpty() {
    var held = new LinkedHashMap<String, Long>();
    counts()
        .forEach(
            (table, rows) -> {
              if (rows > 0 && !table.equals(FLYWAY)) {
                held.put(table, rows);
              }
            });
    return held;
  }

  String serverVersion() {
    return single("reading the server version", "SHOW server_version", String.class);
  }

  /** The newest applied schema version, e.g. {@code 13}; empty when never migrated. */
  String schemaVersion() {
    return database
        .sql()
        .withHandle(
            "reading the schema version",
            handle ->
                handle
                    .createQuery(
                        "SELECT version FROM "
                            + FLYWAY
                            + " WHERE success AND version IS NOT NULL"
                            + " ORDER BY installed_rank DESC LIMIT 1")
                    .mapTo(String.class)
                    .findOne()
                    .orElse(""));
  }

  /** Whether the database was ever migrated, i.e. holds the platform's schema. */
  boolean migrated() {
    return single(
        "looking for the schema",
        "SELECT to_regclass('public." + FLYWAY + "') IS NOT NULL",
        Boolean.class);
  }

  /** Connections of running {@code serve}s to this database: a restore must not run under one. */
  long serveConnections() {
    return single(
        "counting the connections of running servers",
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND application_name = '"
            + RelationalDatabase.SERVE_APPLICATION
            + "'",
        Long.class);
  }

  private <T> T single(String what, String query, Class<T> type) {
    return database.sql().withHandle(what, handle -> handle.createQuery(query).mapTo(type).one());
  }

  /** What a dump wrote: the rows it holds per table, and the tool's version. */
  record Dumped(Map<String, Long> tables, String tool) {}

  /**
   * Writes the dump to {@code folder/postgres.dump}. The rows are counted in the snapshot that
   * {@code pg_dump} reads ({@code --snapshot}), so the counts are those of the dump even while the
   * platform writes.
   */
  Dumped dump(Path folder, Progress progress) {
    Tool pgDump = tool("pg_dump");
    var endpoint = database.endpoint();
    return database
        .sql()
        .inTransaction(
            "dumping " + database.description(),
            handle -> {
              handle.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
              String snapshot =
                  handle.createQuery("SELECT pg_export_snapshot()").mapTo(String.class).one();
              Map<String, Long> tables = counts(handle);
              int leaves =
                  handle
                      .createQuery(
                          "SELECT count(*) FROM pg_class c"
                              + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                              + " WHERE n.nspname = 'public' AND c.relkind = 'r'")
                      .mapTo(Integer.class)
                      .one();
              progress.step(
                  "PostgreSQL: dumping %d tables (%,d rows) of %s"
                      .formatted(
                          tables.size(),
                          tables.values().stream().mapToLong(Long::longValue).sum(),
                          database.description()));
              var arguments = new ArrayList<>(connection(endpoint));
              arguments.addAll(
                  List.of(
                      "-F",
                      "c",
                      "--verbose",
                      "--snapshot",
                      snapshot,
                      "-f",
                      folder.resolve(FILE).toString()));
              int[] done = {0};
              pgDump.runOrThrow(
                  "the PostgreSQL dump of " + database.description(),
                  arguments,
                  environment(endpoint),
                  line -> tableDone(line, leaves, done, "dumped", progress));
              return new Dumped(tables, pgDump.version());
            });
  }

  /**
   * Restores {@code folder/postgres.dump} into a {@code public} schema emptied first (the target
   * was checked empty, or the caller forced it): {@code pg_restore --clean} cannot drop the
   * constraints that partitions inherit. The restore itself runs in one transaction; should it
   * fail, the schema is left empty and the same restore can run again.
   */
  void restore(Path folder, Progress progress) {
    Tool pgRestore = tool("pg_restore");
    Path file = folder.resolve(FILE);
    int tables = tableData(pgRestore, file);
    database
        .sql()
        .useHandle(
            "emptying the public schema before the restore",
            handle -> {
              handle.execute("DROP SCHEMA IF EXISTS public CASCADE");
              handle.execute("CREATE SCHEMA public");
            });
    var endpoint = database.endpoint();
    var arguments = new ArrayList<>(connection(endpoint));
    arguments.addAll(
        List.of(
            "--no-owner", "--exit-on-error", "--single-transaction", "--verbose", file.toString()));
    int[] done = {0};
    pgRestore.runOrThrow(
        "the PostgreSQL restore into " + database.description(),
        arguments,
        environment(endpoint),
        line -> tableDone(line, tables, done, "restored", progress));
  }

  /** How many tables (partitions each on its own) the dump holds rows of, from its contents. */
  private static int tableData(Tool pgRestore, Path file) {
    int[] count = {0};
    pgRestore.runOrThrow(
        "listing the contents of " + file,
        List.of("--list", file.toString()),
        Map.of(),
        line -> {
          if (line.contains(" TABLE DATA ")) {
            count[0]++;
          }
        });
    return count[0];
  }

  private static void tableDone(
      String line, int tables, int[] done, String verb, Progress progress) {
    var match = TABLE_LINE.matcher(line);
    if (match.find()) {
      done[0]++;
      progress.fraction(
          "postgres",
          tables == 0 ? 1 : Math.min(1.0, (double) done[0] / tables),
          verb + " " + match.group(1));
    }
  }

  private static List<String> connection(RelationalDatabase.Endpoint endpoint) {
    return List.of(
        "-h",
        endpoint.host(),
        "-p",
        String.valueOf(endpoint.port()),
        "-U",
        endpoint.user(),
        "-d",
        endpoint.database(),
        "--no-password");
  }

  private static Map<String, String> environment(RelationalDatabase.Endpoint endpoint) {
    return endpoint.password().isEmpty()
        ? Map.of()
        : Map.of("PGPASSWORD", endpoint.password().reveal());
  }

  private static Tool tool(String name) {
    return Tool.postgres(name)
        .orElseThrow(
            () ->
                new BackupException(
                    name
                        + " is not installed: install PostgreSQL's client programs"
                        + " (apt-get install postgresql-client) and run the command again"));
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
