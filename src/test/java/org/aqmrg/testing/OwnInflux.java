package org.aqmrg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * An influxd of a test's own (never the shared test server), on free loopback ports with its data
 * under the test's folder, for tests that stop and start it.
 */
public final class OwnInflux implements AutoCloseable {
  private final Path root;
  private final int port;
  private Process process;

  private OwnInflux(Path root, int port) {
    this.root = root;
    this.port = port;
  }

  /** Writes its configuration under {@code dir} and starts it. */
  public static OwnInflux start(Path dir) throws IOException {
    Path root = Files.createDirectories(dir);
    int port = TestServers.freePort();
    Files.writeString(
        root.resolve("influxdb.conf"),
        """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s/meta"
          logging-enabled = false
        [data]
          dir = "%s/data"
          wal-dir = "%s/wal"
          query-log-enabled = false
        [monitor]
          store-enabled = false
        [http]
          enabled = true
          bind-address = "127.0.0.1:%d"
          auth-enabled = false
          log-enabled = false
        """
            .formatted(TestServers.freePort(), root, root, root, port));
    var influx = new OwnInflux(root, port);
    influx.startAgain();
    return influx;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts it after {@link #stop}, on the same port and data. */
  public void startAgain() throws IOException {
    process =
        new ProcessBuilder(
                TestServers.env("AQMRG_TEST_INFLUXD"),
                "-config",
                root.resolve("influxdb.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("influxd.log").toFile()))
            .start();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestServers.answers(port));
  }

  /** Stops it and waits until it has exited. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
