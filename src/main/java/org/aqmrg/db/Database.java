package org.aqmrg.db;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.error.StoreUnavailableException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.argument.ObjectArgument;

/**
 * SQL on one PostgreSQL pool through Jdbi, and the one place where its failures become the
 * platform's: a lost or refused connection is a {@link StoreUnavailableException} (503, try again),
 * any other failure of a statement a {@link StoreRefusedException} (500) naming the {@link Store}
 * this database serves. A caller names the SQLSTATEs it expects (a unique or foreign key) with the
 * exception each means, e.g. a conflict; exceptions thrown inside the work pass through as they
 * are.
 *
 * <p>A reading database ({@link #readingFromReplica}) runs its work on the streaming replica when
 * one is configured and keeping up, else on the primary (see {@link Replica}); it is given only to
 * reads that may be served so (history, the registry's lists, exports), never to writes.
 *
 * <p>Times are bound as {@code timestamptz} in UTC and dates as {@code date} (the driver's own
 * java.time support), UUIDs as {@code uuid}, {@code String[]} and {@code UUID[]} as arrays.
 */
public final class Database {
  private final Jdbi jdbi;
  private final Store store;
  private final Replica replica; // null: every call on the primary

  private Database(Jdbi jdbi, Store store, Replica replica) {
    this.jdbi = jdbi;
    this.store = store;
    this.replica = replica;
  }

  /** The relational store on {@code dataSource}. */
  public static Database of(DataSource dataSource) {
    var jdbi = Jdbi.create(dataSource);
    jdbi.registerArrayType(String.class, "varchar");
    jdbi.registerArrayType(UUID.class, "uuid");
    jdbi.registerArgument(driverTypes());
    return new Database(jdbi, Store.RELATIONAL, null);
  }

  /** The same pool, its failures naming {@code role} (the time-series tables use it so). */
  public Database serving(Store role) {
    return new Database(jdbi, role, replica);
  }

  /** This database for reads that {@code replica} may serve; null {@code replica}: this one. */
  Database readingFromReplica(Replica replica) {
    return replica == null ? this : new Database(jdbi, store, replica);
  }

  Jdbi jdbi() {
    return jdbi;
  }

  public Store store() {
    return store;
  }

  /** Runs {@code work} on a handle; {@code what} ("listing sensors") words a failure. */
  public <T> T withHandle(String what, HandleCallback<T, SQLException> work) {
    return withHandle(what, Map.of(), work);
  }

  /**
   * As {@link #withHandle(String, HandleCallback)}; a failure whose SQLSTATE is a key of {@code
   * expected} becomes that key's exception.
   */
  public <T> T withHandle(
      String what,
      Map<String, Supplier<? extends RuntimeException>> expected,
      HandleCallback<T, SQLException> work) {
    if (replica != null) {
      var served = replica.read(jdbi, store, what, expected, work, false);
      if (served.served()) {
        return served.value();
      }
    }
    return run(what, expected, () -> jdbi.withHandle(work));
  }

  public void useHandle(String what, HandleConsumer<SQLException> work) {
    run(
        what,
        Map.of(),
        () -> {
          jdbi.useHandle(work);
          return null;
        });
  }

  /** Runs {@code work} in one transaction, rolled back when anything in it throws. */
  public <T> T inTransaction(String what, HandleCallback<T, SQLException> work) {
    return inTransaction(what, Map.of(), work);
  }

  public <T> T inTransaction(
      String what,
      Map<String, Supplier<? extends RuntimeException>> expected,
      HandleCallback<T, SQLException> work) {
    if (replica != null) {
      var served = replica.read(jdbi, store, what, expected, work, true);
      if (served.served()) {
        return served.value();
      }
    }
    return run(what, expected, () -> jdbi.inTransaction(work));
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T run(
      String what, Map<String, Supplier<? extends RuntimeException>> expected, Work<T> work) {
    try {
      return work.run();
    } catch (JdbiException | SQLException e) {
      throw SqlFailures.translate(store, what, expected, e);
    }
  }

  /**
   * Binds java.time values and UUIDs through the driver's {@code setObject}, so no time zone is
   * guessed and a null UUID is not sent as text.
   */
  private static ArgumentFactory.Preparable driverTypes() {
    return (type, config) -> {
      if (type == Instant.class) {
        return Optional.of(
            value ->
                bound(
                    value == null ? null : ((Instant) value).atOffset(ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE));
      } else if (type == OffsetDateTime.class) {
        return Optional.of(value -> bound(value, Types.TIMESTAMP_WITH_TIMEZONE));
      } else if (type == LocalDate.class) {
        return Optional.of(value -> bound(value, Types.DATE));
      } else if (type == UUID.class) {
        // A null of no type, which PostgreSQL infers from the column.
        return Optional.of(value -> bound(value, Types.OTHER));
      }
      return Optional.empty();
    };
  }

  private static Argument bound(Object value, int nullType) {
    return value == null ? ObjectArgument.of(null, nullType) : ObjectArgument.of(value);
  }
}
