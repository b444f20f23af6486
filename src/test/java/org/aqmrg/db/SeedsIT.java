package org.aqmrg.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SeedsIT {
  private static final String COUNTS =
      "SELECT (SELECT count(*) FROM locations) || ',' || (SELECT count(*) FROM sensors) || ','"
          + " || (SELECT count(*) FROM users) || ',' || (SELECT count(*) FROM alerts)";

  private static String counts(String database) throws SQLException {
    return MigrationsIT.names(database, COUNTS).get(0);
  }

  @ParameterizedTest
  @EnumSource(Seeds.Set.class)
  void loading_a_seed_twice_neither_fails_nor_duplicates(Seeds.Set set) throws Exception {
    String database = TestServers.createDatabase("seed_" + set);
    var dataSource = MigrationsIT.dataSource(database);
    new Migrations(dataSource).migrate();
    var seeds = new Seeds(Database.of(dataSource));

    seeds.load(set);
    String once = counts(database);
    seeds.load(set);

    assertThat(counts(database)).isEqualTo(once).doesNotStartWith("0,");
  }

  @ParameterizedTest
  @EnumSource(Seeds.Set.class)
  void psql_f_of_a_seed_twice_gives_the_same_rows(Seeds.Set set) throws Exception {
    String database = TestServers.createDatabase("psql_seed_" + set);
    for (Path file : MigrationsIT.migrationFiles()) {
      MigrationsIT.psql(database, file);
    }
    Path file = Path.of(set.resource());

    MigrationsIT.psql(database, file);
    String once = counts(database);
    MigrationsIT.psql(database, file);

    assertThat(counts(database)).isEqualTo(once).doesNotStartWith("0,");
  }

  @Test
  void dev_data_is_a_realistic_lagos_network() throws Exception {
    String database = TestServers.createDatabase("dev_data");
    var dataSource = MigrationsIT.dataSource(database);
    new Migrations(dataSource).migrate();
    new Seeds(Database.of(dataSource)).load(Seeds.Set.DEV);

    List<String> cities = MigrationsIT.names(database, "SELECT DISTINCT city FROM locations");
    assertThat(cities).containsExactly("Lagos");
    assertThat(
            MigrationsIT.names(
                database,
                "SELECT count(*) FROM locations WHERE latitude BETWEEN 6.3 AND 6.8"
                    + " AND longitude BETWEEN 3.0 AND 3.8"))
        .containsExactly(MigrationsIT.names(database, "SELECT count(*) FROM locations").get(0));
    assertThat(
            Integer.parseInt(MigrationsIT.names(database, "SELECT count(*) FROM sensors").get(0)))
        .isBetween(15, 30);
    assertThat(
            Integer.parseInt(
                MigrationsIT.names(database, "SELECT count(DISTINCT manufacturer) FROM sensors")
                    .get(0)))
        .isGreaterThanOrEqualTo(3);
    assertThat(MigrationsIT.names(database, "SELECT role FROM users ORDER BY role"))
        .containsExactly("admin", "public", "researcher");
    assertThat(MigrationsIT.names(database, "SELECT password_hash FROM users"))
        .allSatisfy(hash -> assertThat(hash).startsWith("$argon2id$"));
  }

  @Test
  void seed_command_migrates_first_and_reports_the_counts() {
    String database = TestServers.createDatabase("seed_cli");
    var env = TestServers.platformEnv(database);

    var first = Cli.run(env, "seed", "test");
    var second = Cli.run(env, "seed", "test");

    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("Loaded the test data set", "locations", "sensors");
    assertThat(second.output().replaceAll(".*now holds", ""))
        .isEqualTo(first.output().replaceAll(".*now holds", ""));
  }
}
