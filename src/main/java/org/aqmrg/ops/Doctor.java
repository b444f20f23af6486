package org.aqmrg.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.error.StoreUnavailableException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the seed's Troubleshooting section does by hand: asks every configured store whether it
 * answers and turns each failure into one line that says what to try.
 */
public final class Doctor {
  /** The checks of the configured stores, built by the wiring. */
  @FunctionalInterface
  public interface Checks {
    /**
     * @param relationalTarget where the relational store is, for messages
     * @param relational how to reach it
     */
    List<StoreCheck> of(String relationalTarget, PostgresCheck.Connections relational);
  }

  private final Settings settings;
  private final Checks checks;

  public Doctor(Settings settings, Checks checks) {
    this.settings = settings;
    this.checks = checks;
  }

  /** One line of the report. */
  public record Finding(boolean ok, String role, String target, String detail, String hint) {
    @Override
    public String toString() {
      String line = "%-5s %-11s %s: %s".formatted(ok ? "ok" : "FAIL", role, target, detail);
      return hint.isEmpty() ? line : line + ". " + hint;
    }
  }

  public List<Finding> examine() {
    var findings = new ArrayList<Finding>();
    if (settings.database().embedded()) {
      examineEmbedded(findings);
    } else {
      var server = settings.database().external().orElseThrow();
      var dataSource = new PGSimpleDataSource();
      dataSource.setServerNames(new String[] {server.host()});
      dataSource.setPortNumbers(new int[] {server.port()});
      dataSource.setDatabaseName(server.name());
      dataSource.setUser(server.user());
      dataSource.setPassword(server.password().reveal());
      dataSource.setConnectTimeout(2);
      dataSource.setLoginTimeout(3);
      String target =
          "PostgreSQL at %s:%d/%s".formatted(server.host(), server.port(), server.name());
      examineStores(findings, target, dataSource);
    }
    return findings;
  }

  private void examineEmbedded(List<Finding> findings) {
    var folder = settings.dataDir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(folder);
      Files.delete(Files.createTempFile(folder, ".doctor", ".tmp"));
      findings.add(new Finding(true, "data", folder.toString(), "writable", ""));
    } catch (IOException e) {
      findings.add(
          new Finding(
              false,
              "data",
              folder.toString(),
              "not writable (" + e.getMessage() + ")",
              "Set AQMRG_DATA_DIR to a folder this user can write."));
      return;
    }
    try (var database = RelationalDatabase.open(settings)) {
      examineStores(findings, database.description(), database.dataSource());
    } catch (StoreUnavailableException e) {
      findings.add(new Finding(false, "relational", "embedded PostgreSQL", e.getMessage(), ""));
      examineOthers(findings, "embedded PostgreSQL", () -> null);
    }
  }

  private void examineStores(List<Finding> findings, String target, DataSource dataSource) {
    var checks = examineOthers(findings, target, dataSource::getConnection);
    boolean relationalUp = checks.stream().anyMatch(s -> s.role().equals("relational") && s.up());
    if (relationalUp) {
      examineSchema(findings, target, dataSource);
    }
  }

  private List<StoreStatus> examineOthers(
      List<Finding> findings, String target, PostgresCheck.Connections connections) {
    var statuses = new ArrayList<StoreStatus>();
    for (StoreCheck check : checks.of(target, connections)) {
      StoreStatus status = check.check();
      if (check instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // the check's own connection; the finding below already says what matters
        }
      }
      statuses.add(status);
      findings.add(
          status.up()
              ? new Finding(
                  true,
                  status.role(),
                  status.target(),
                  "answered in " + status.latencyMs() + " ms",
                  "")
              : new Finding(
                  false, status.role(), status.target(), status.problem(), status.hint()));
    }
    return statuses;
  }

  private void examineSchema(List<Finding> findings, String target, DataSource dataSource) {
    try {
      var migrations = new Migrations(dataSource);
      int pending = migrations.pending().size();
      int all = migrations.info().size();
      findings.add(
          pending == 0
              ? new Finding(true, "schema", target, "all " + all + " migrations applied", "")
              : new Finding(
                  false,
                  "schema",
                  target,
                  pending + " of " + all + " migrations pending",
                  "Run ./aqmrg migrate."));
    } catch (RuntimeException e) {
      findings.add(
          new Finding(
              false,
              "schema",
              target,
              "cannot read the migration history: " + e.getMessage(),
              "Run ./aqmrg migrate --info."));
    }
  }
}
