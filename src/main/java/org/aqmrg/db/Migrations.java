package org.aqmrg.db;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The schema of the relational store, from {@code databases/postgres/migrations} in the jar.
 *
 * <p>The same files run by hand with {@code psql -f}, so Flyway's placeholders are off: a {@code
 * ${...}} in a migration means what it means to PostgreSQL.
 */
public final class Migrations {
  public static final String LOCATION = "classpath:databases/postgres/migrations";

  private final Flyway flyway;

  public Migrations(DataSource dataSource) {
    this(dataSource, LOCATION);
  }

  /** Migrations from other locations too; tests add a broken version this way. */
  Migrations(DataSource dataSource, String... locations) {
    this.flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(locations)
            .placeholderReplacement(false)
            .validateMigrationNaming(true)
            .failOnMissingLocations(true)
            .load();
  }

  /** Applies pending versions; returns how many were applied. Fails with Flyway's message. */
  public int migrate() {
    return flyway.migrate().migrationsExecuted;
  }

  /** Every known version, applied or pending, in order. */
  public List<Version> info() {
    return java.util.Arrays.stream(flyway.info().all()).map(Version::of).toList();
  }

  /** Versions found in the jar but not yet applied to the database. */
  public List<Version> pending() {
    return java.util.Arrays.stream(flyway.info().pending()).map(Version::of).toList();
  }

  /** One migration as {@code migrate --info} shows it. */
  public record Version(String version, String description, String state, String installedOn) {
    static Version of(MigrationInfo info) {
      return new Version(
          info.getVersion() == null ? "" : info.getVersion().getVersion(),
          info.getDescription(),
          info.getState().getDisplayName(),
          info.getInstalledOn() == null ? "" : info.getInstalledOn().toInstant().toString());
    }
  }
}
