package org.aqmrg.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A streaming replica of the PostgreSQL server ({@code DATABASE_REPLICA_HOST}) that serves the
 * reads which may be a moment behind (history, the registry's lists, exports), with the primary's
 * database name, user and password, as a physical replica has them.
 *
 * @param maxLag how far behind the primary the replica may be and still be read ({@code
 *     AQMRG_REPLICA_MAX_LAG_SECONDS}); further behind, or down, the primary serves those reads
 */
public record ReplicaSettings(String host, int port, Duration maxLag) {
  /** {@code host:port}, for messages and health. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** What health, the doctor and the log call it, with the primary's {@code database}. */
  public String target(String database) {
    return "PostgreSQL replica at " + address() + "/" + database;
  }

  static Optional<ReplicaSettings> read(
      Settings.Reader reader, Optional<Settings.External> primary, int primaryPort) {
    var host = reader.optional("DATABASE_REPLICA_HOST");
    int port = reader.port("DATABASE_REPLICA_PORT", primaryPort);
    int maxLagSeconds = reader.integer("AQMRG_REPLICA_MAX_LAG_SECONDS", 5, 0, 3_600);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    if (primary.isEmpty()) {
      reader.problem(
          "DATABASE_REPLICA_HOST needs DATABASE_HOST: the embedded PostgreSQL has no replicas;"
              + " set DATABASE_HOST to the primary server, or unset DATABASE_REPLICA_HOST");
      return Optional.empty();
    }
    if (primary.get().host().equalsIgnoreCase(host.get()) && primary.get().port() == port) {
      reader.problem(
          ("DATABASE_REPLICA_HOST and DATABASE_REPLICA_PORT name the primary itself (%s:%d):"
                  + " give the replica's address, or unset DATABASE_REPLICA_HOST")
              .formatted(host.get(), port));
      return Optional.empty();
    }
    return Optional.of(new ReplicaSettings(host.get(), port, Duration.ofSeconds(maxLagSeconds)));
  }
}
