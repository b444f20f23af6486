package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.aqmrg.db.Database;
import org.aqmrg.db.Migrations;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.readings.PartialStore;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;
import org.aqmrg.rollups.MemoryRollupStore;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A time-series store that fails while the history is being sent: while nothing has left the server
 * the client gets a clean 503; once rows were sent the connection is cut, so no client takes a
 * short answer for a whole one. The registry is a real PostgreSQL; the store is a stand-in that
 * fails on purpose.
 */
class ReadingRoutesFailureIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  /** Passes {@code rows} hourly rows to the sink, then fails. */
  private record FailingStore(int rows) implements PartialStore {
    @Override
    public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
      for (int i = 0; i < rows; i++) {
        double[] values = Row.noValues();
        values[0] = i;
        sink.accept(new Row(i * 3_600_000_000_000L, null, values));
      }
      throw new StoreUnavailableException(Store.TIMESERIES, "the store went away", null);
    }

    @Override
    public String description() {
      return "a store that fails";
    }
  }

  /** Asks a sensor's hourly history, with a read:all token, of a store that fails. */
  private HttpResponse<String> get(int rowsBeforeFailing, String format) throws Exception {
    String database = TestServers.createDatabase("history_failure");
    var dataSource = new PGSimpleDataSource();
    dataSource.setURL(
        "jdbc:postgresql://%s:%d/%s"
            .formatted(TestServers.pgHost(), TestServers.pgPort(), database));
    dataSource.setUser(TestServers.pgUser());
    dataSource.setPassword(TestServers.pgPassword());
    new Migrations(dataSource).migrate();
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute("INSERT INTO sensors (id, name) VALUES ('S', 'one')");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    var tokens = new ApiTokens(Database.of(dataSource), Clock.systemUTC());
    String token = tokens.create(null, "reader", List.of("read:all"), List.of(), null).secret();
    var parts =
        TestParts.withStores(
            Database.of(dataSource),
            tokens,
            new FailingStore(rowsBeforeFailing),
            new MemoryRollupStore());
    app = WebApp.create(parts).start("127.0.0.1", 0);
    // 60m windows come from raw readings (1h would read hourly rollups), within their 30 days.
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    String path =
        "/api/v1/sensors/S/readings?every=60m&from="
            + to.minus(Duration.ofDays(25))
            + "&to="
            + to
            + "&format="
            + format;
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .header("Authorization", "Token " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_store_failing_before_anything_left_the_server_gives_a_clean_503() throws Exception {
    for (String format : List.of("json", "csv")) {
      for (int rows : List.of(0, 2)) {
        var response = get(rows, format);

        assertThat(response.statusCode()).as("%s after %d rows", format, rows).isEqualTo(503);
        assertThat(response.body()).startsWith("{\"code\":\"unavailable\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
      }
    }
  }

  @Test
  void a_store_failing_after_rows_were_sent_cuts_the_connection() {
    for (String format : List.of("json", "csv")) {
      assertThatThrownBy(() -> get(5_000, format)).as(format).isInstanceOf(IOException.class);
    }
  }
}
