package org.aqmrg.flux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's own Node.js example, its lines unchanged, run by node with the official
 * {@code @influxdata/influxdb-client} against the platform on InfluxDB: {@code collectRows} of the
 * seed's Flux query gives every reading of the last hour.
 */
class SeedQueryExampleIT {
  @TempDir Path dir;

  @Test
  void the_seeds_nodejs_example_reads_the_last_hour_through_the_platform() throws Exception {
    var env = new HashMap<String, String>();
    env.put("INFLUXDB_URL", TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
    env.put("INFLUXDB_DATABASE", "seedjs_" + Long.toHexString(System.nanoTime()));
    try (var server = ApiServer.start("memory", env)) {
      server
          .platform()
          .database()
          .sql()
          .useHandle(
              "registering the sensor",
              handle ->
                  handle.execute(
                      "INSERT INTO sensors (id, name, status, manufacturer) VALUES"
                          + " ('JS-1', 'JS-1', 'active', 'PurpleAir')"));
      server.user("admin@js.test", Role.ADMIN);
      String admin = server.login("admin@js.test");
      long now = Instant.now().getEpochSecond();
      String lines =
          "air_quality,sensor_id=JS-1 pm25=35.2,humidity=78 "
              + (now - 1200)
              + "\nair_quality,sensor_id=JS-1 pm25=36.5 "
              + (now - 600)
              + "\n";
      var write =
          server.send(
              "POST",
              "/api/v2/write?bucket=sensor_data&precision=s",
              lines,
              "Authorization",
              ApiServer.bearer(admin),
              "Content-Type",
              "text/plain");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);
      String token =
          server
              .platform()
              .web()
              .tokens()
              .create(null, "node", List.of("read:all"), List.of(), null)
              .secret();

      List<JsonNode> rows =
          runSeedExample(
              Map.of(
                  "INFLUXDB_URL",
                  "http://127.0.0.1:" + server.port(),
                  "INFLUXDB_TOKEN",
                  token,
                  "INFLUXDB_ORG",
                  "aqmrg"));
      var seen = new ArrayList<String>();
      rows.forEach(
          row ->
              seen.add(
                  row.get("sensor_id").asText()
                      + " "
                      + row.get("_field").asText()
                      + " "
                      + row.get("_value").asDouble()));
      assertThat(seen)
          .containsExactlyInAnyOrder("JS-1 pm25 35.2", "JS-1 pm25 36.5", "JS-1 humidity 78.0");
      assertThat(rows.get(0).get("_measurement").asText()).isEqualTo("air_quality");
      assertThat(rows.get(0).get("_time").asText()).endsWith("Z");
    }
  }

  /** Runs the seed's lines, wrapped only so that their top-level await runs; the rows as JSON. */
  private List<JsonNode> runSeedExample(Map<String, String> env) throws Exception {
    String seed;
    try (InputStream in = getClass().getResourceAsStream("seed-query-example.js")) {
      seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path modules = dir.resolve("node_modules");
    Files.createSymbolicLink(modules, Path.of(TestServers.env("AQMRG_TEST_NODE_MODULES")));
    Path script = dir.resolve("example.js");
    Files.writeString(
        script,
        "(async () => {\n"
            + seed
            + "\nconsole.log(JSON.stringify(data));\n"
            + "})().catch((e) => { console.error(e); process.exit(1); });\n");
    var process = new ProcessBuilder(TestServers.env("AQMRG_TEST_NODE"), script.toString());
    process.environment().putAll(env);
    process.redirectErrorStream(true);
    Process node = process.start();
    String output;
    try (InputStream out = node.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      Files.delete(modules);
    }
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    var list = new ArrayList<JsonNode>();
    try {
      new ObjectMapper().readTree(output.strip()).forEach(list::add);
    } catch (IOException e) {
      throw new AssertionError("node printed no JSON: " + output, e);
    }
    return list;
  }
}
