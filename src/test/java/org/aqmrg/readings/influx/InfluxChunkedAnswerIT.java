package org.aqmrg.readings.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stand-in InfluxDB that answers a query in two chunks and sends the second only once the store
 * has passed on a row of the first: the store must stream, not wait for the whole answer.
 */
class InfluxChunkedAnswerIT {
  private static final String FIRST =
      "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"air_quality\","
          + "\"columns\":[\"time\",\"pm25\",\"humidity\"],\"values\":[[3600000000000,1.5,null],"
          + "[7200000000000,2,40]],\"partial\":true}],\"partial\":true}]}\n";
  private static final String SECOND =
      "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"air_quality\","
          + "\"columns\":[\"time\",\"pm25\",\"humidity\"],\"values\":[[10800000000000,3,null]]}]}]}\n";

  private final CountDownLatch firstRowPassedOn = new CountDownLatch(1);
  private final AtomicBoolean secondSentAfterFirstRow = new AtomicBoolean();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
  private final HttpServer server = server();

  private HttpServer server() {
    try {
      var http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext(
          "/query",
          exchange -> {
            try (exchange) {
              forms.add(
                  FakeInflux.decodeForm(
                      new String(
                          exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, 0);
              var body = exchange.getResponseBody();
              body.write(FIRST.getBytes(StandardCharsets.UTF_8));
              body.flush();
              secondSentAfterFirstRow.set(firstRowPassedOn.await(30, TimeUnit.SECONDS));
              body.write(SECOND.getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void windows_reach_the_sink_chunk_by_chunk_while_influxdb_is_still_answering() {
    var settings =
        new Settings.Influx(
            Optional.of("http://127.0.0.1:" + server.getAddress().getPort()),
            Secret.of(""),
            "aqmrg",
            "aqmrg",
            "",
            Secret.of(""));
    var rows = new CopyOnWriteArrayList<Row>();
    try (var store = new InfluxReadingStore(settings)) {
      store.query(
          new Query.Windowed(
              List.of("s"),
              Instant.EPOCH,
              Instant.EPOCH.plus(Duration.ofHours(4)),
              List.of(Field.PM25, Field.HUMIDITY),
              Duration.ofHours(1),
              Query.Aggregate.MEAN),
          row -> {
            rows.add(row);
            firstRowPassedOn.countDown();
          });
    }

    assertThat(secondSentAfterFirstRow).as("a row was passed on before the answer ended").isTrue();
    assertThat(rows)
        .extracting(Row::toString)
        .containsExactly(
            "1970-01-01T01:00:00Z {pm25=1.5}",
            "1970-01-01T02:00:00Z {pm25=2.0, humidity=40.0}",
            "1970-01-01T03:00:00Z {pm25=3.0}");
    assertThat(forms.get(0))
        .containsEntry("chunked", "true")
        .containsEntry("chunk_size", String.valueOf(InfluxHistory.CHUNK_ROWS))
        .containsEntry(
            "q",
            "SELECT mean(\"pm25\") AS \"pm25\", mean(\"humidity\") AS \"humidity\" FROM"
                + " \"aqmrg\".\"sensor_data\".\"air_quality\" WHERE (\"sensor_id\" = 's') AND time"
                + " >= 0 AND time < 14400000000000 GROUP BY time(3600s) fill(none)");
  }
}
