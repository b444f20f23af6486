package org.aqmrg.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigrationsIT {
  private static final Path MIGRATIONS = Path.of("databases/postgres/migrations");

  static PGSimpleDataSource dataSource(String database) {
    return TestServers.dataSource(database);
  }

  static List<Path> migrationFiles() throws IOException {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
  }

  /** Runs {@code psql -v ON_ERROR_STOP=1 -f FILE} against a test database, as the seed shows. */
  static void psql(String database, Path file) throws IOException, InterruptedException {
    var command =
        new ProcessBuilder(
                TestServers.pgProgram("psql").toString(),
                "-h",
                TestServers.pgHost(),
                "-p",
                String.valueOf(TestServers.pgPort()),
                "-U",
                TestServers.pgUser(),
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-f",
                file.toString())
            .redirectErrorStream(true);
    command.environment().put("PGPASSWORD", TestServers.pgPassword());
    var process = command.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("psql -f %s: %s", file, output).isZero();
  }

  static String schemaDump(String database) throws IOException, InterruptedException {
    var command =
        new ProcessBuilder(
            TestServers.pgProgram("pg_dump").toString(),
            "-h",
            TestServers.pgHost(),
            "-p",
            String.valueOf(TestServers.pgPort()),
            "-U",
            TestServers.pgUser(),
            "--schema-only",
            "--no-owner",
            "--exclude-table=flyway_schema_history",
            database);
    command.environment().put("PGPASSWORD", TestServers.pgPassword());
    var process = command.start();
    String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    // Comments name the database; everything else must be identical.
    return dump.lines()
        .filter(line -> !line.startsWith("--"))
        .filter(line -> !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
        .reduce("", (all, line) -> all + line + "\n");
  }

  @Test
  void flyway_and_psql_f_in_order_give_the_same_schema() throws Exception {
    String byFlyway = TestServers.createDatabase("flyway");
    String byPsql = TestServers.createDatabase("psql");

    assertThat(new Migrations(dataSource(byFlyway)).migrate()).isEqualTo(migrationFiles().size());
    for (Path file : migrationFiles()) {
      psql(byPsql, file);
    }

    String flywaySchema = schemaDump(byFlyway);
    assertThat(flywaySchema).contains("CREATE TABLE public.users");
    assertThat(schemaDump(byPsql)).isEqualTo(flywaySchema);
  }

  @Test
  void psql_f_of_the_five_files_creates_the_six_tables_and_the_seeds_indexes() throws Exception {
    String database = TestServers.createDatabase("psql_tables");
    List<Path> seedFiles = migrationFiles().subList(0, 5);
    assertThat(seedFiles)
        .extracting(f -> f.getFileName().toString())
        .containsExactly(
            "V001__initial_schema.sql",
            "V002__add_users_table.sql",
            "V003__add_sensors_table.sql",
            "V004__add_alerts_table.sql",
            "V005__add_indexes.sql");
    for (Path file : seedFiles) {
      psql(database, file);
    }

    assertThat(
            names(
                database,
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename NOT LIKE '%\\_y%m%' AND tablename NOT LIKE '%\\_default'"))
        .containsExactlyInAnyOrder(
            "users", "sensors", "locations", "alerts", "predictions", "audit_logs");
    assertThat(names(database, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
        .contains(
            "idx_users_email",
            "idx_users_role",
            "idx_sensors_location",
            "idx_sensors_status",
            "idx_alerts_user",
            "idx_alerts_enabled");
  }

  @Test
  void the_seeds_columns_types_and_defaults_are_exact() throws Exception {
    String database = TestServers.createDatabase("columns");
    new Migrations(dataSource(database)).migrate();

    assertThat(columns(database, "users"))
        .containsExactly(
            "id uuid gen_random_uuid() NO",
            "email character varying(255)  NO",
            "password_hash character varying(255)  NO",
            "role character varying(50) 'public'::character varying NO",
            "created_at timestamp without time zone now() YES",
            "updated_at timestamp without time zone now() YES");
    assertThat(columns(database, "sensors"))
        .containsExactly(
            "id character varying(100)  NO",
            "name character varying(255)  NO",
            "manufacturer character varying(100)  YES",
            "location_id uuid  YES",
            "status character varying(50) 'active'::character varying YES",
            "metadata jsonb  YES",
            "created_at timestamp without time zone now() YES",
            "updated_at timestamp without time zone now() YES");
    // The seed's columns come first, exactly as it gives them; V012 adds the rule's own after them.
    assertThat(columns(database, "alerts"))
        .startsWith(
            "id uuid gen_random_uuid() NO",
            "user_id uuid  YES",
            "location_id uuid  YES",
            "pollutant character varying(50)  NO",
            "threshold numeric(10,2)  NO",
            "enabled boolean true YES",
            "notification_channels jsonb  YES",
            "created_at timestamp without time zone now() YES",
            "updated_at timestamp without time zone now() YES");
  }

  @Test
  void a_sensor_with_an_unknown_or_no_status_or_metadata_that_is_no_object_is_refused()
      throws Exception {
    String database = TestServers.createDatabase("sensor_checks");
    new Migrations(dataSource(database)).migrate();

    try (var connection = TestServers.connect(database);
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO sensors (id, name, status, metadata) VALUES ('A', 'a', 'pending', '{}'),"
              + " ('B', 'b', DEFAULT, NULL)");
      for (String values :
          List.of(
              "('C', 'c', 'broken', NULL)",
              "('C', 'c', NULL, NULL)",
              "('C', 'c', 'active', '[1]')")) {
        assertThatThrownBy(
                () ->
                    statement.execute(
                        "INSERT INTO sensors (id, name, status, metadata) VALUES " + values))
            .as(values)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("sensors_")
            .hasMessageContaining("_check");
      }
    }
    assertThat(names(database, "SELECT id || ' ' || status FROM sensors ORDER BY id"))
        .containsExactly("A pending", "B active");
  }

  @Test
  void predictions_audit_logs_and_the_time_series_are_partitioned() throws Exception {
    String database = TestServers.createDatabase("partitions");
    new Migrations(dataSource(database)).migrate();

    assertThat(
            names(
                database,
                "SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"))
        .containsExactlyInAnyOrder(
            "predictions", "audit_logs", "sensor_data", "sensor_data_hourly", "alert_events");
    List<String> partitions =
        names(
            database,
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'audit_logs'");
    String thisMonth =
        java.time.YearMonth.now(java.time.ZoneOffset.UTC)
            .format(java.time.format.DateTimeFormatter.ofPattern("'audit_logs_y'yyyy'm'MM"));
    assertThat(partitions).contains(thisMonth, "audit_logs_default");
  }

  /** The versions of the migration files, e.g. {@code 001}, in order. */
  static List<String> versions() throws IOException {
    return migrationFiles().stream()
        .map(f -> f.getFileName().toString().replaceFirst("^V(\\d+)__.*", "$1"))
        .toList();
  }

  @Test
  void migrate_info_lists_pending_then_applied_versions() throws Exception {
    String database = TestServers.createDatabase("info");
    var env = TestServers.platformEnv(database);

    var before = Cli.run(env, "migrate", "--info");
    assertThat(before.exit()).as(before.output()).isZero();
    assertThat(before.output())
        .contains("001", "initial schema", "Pending")
        .doesNotContain("Success");

    var migrate = Cli.run(env, "migrate");
    assertThat(migrate.exit()).as(migrate.output()).isZero();
    var versions = versions();
    assertThat(migrate.output())
        .contains(
            "Applied " + versions.size() + " migration(s)",
            "version " + versions.get(versions.size() - 1));

    var after = Cli.run(env, "migrate", "--info");
    assertThat(after.output()).contains("add indexes", "Success").doesNotContain("Pending");
    assertThat(Cli.run(env, "migrate").output()).contains("Applied 0 migration(s)");
  }

  @Test
  void a_failing_migration_names_file_and_line_and_is_not_recorded() throws Exception {
    String database = TestServers.createDatabase("broken");
    var migrations =
        new Migrations(dataSource(database), Migrations.LOCATION, "classpath:broken-migrations");

    assertThatThrownBy(migrations::migrate)
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("V999__broken.sql")
        .hasMessageContaining("Line")
        .hasMessageContaining("no_such_column");

    assertThat(names(database, "SELECT version FROM flyway_schema_history WHERE success"))
        .containsExactlyElementsOf(versions());
    assertThat(names(database, "SELECT tablename FROM pg_tables WHERE tablename = 'half_applied'"))
        .isEmpty();
  }

  static List<String> names(String database, String sql) throws SQLException {
    var names = new ArrayList<String>();
    try (var connection = TestServers.connect(database);
        var rows = connection.createStatement().executeQuery(sql)) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private static List<String> columns(String database, String table) throws SQLException {
    return names(
        database,
        "SELECT column_name || ' ' || CASE"
            + " WHEN data_type = 'character varying' THEN 'character varying(' ||"
            + " character_maximum_length || ')'"
            + " WHEN data_type = 'numeric' THEN 'numeric(' || numeric_precision || ',' ||"
            + " numeric_scale || ')' ELSE data_type END || ' ' || coalesce(column_default, '')"
            + " || ' ' || is_nullable FROM information_schema.columns WHERE table_name = '"
            + table
            + "' ORDER BY ordinal_position");
  }
}
