package org.aqmrg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's HAProxy ({@code AQMRG_TEST_HAPROXY}) in front of platform instances on loopback: round
 * robin, a health check on {@code /health/live} every 300 ms, and a request whose connection is
 * refused sent to another instance (retries, redispatch).
 */
public final class Haproxy {
  private Haproxy() {}

  /** Starts it on {@code port}, its configuration and log under {@code dir}. */
  public static Process start(Path dir, int port, int... backends) throws IOException {
    var lines =
        new ArrayList<>(
            List.of(
                "defaults",
                "  mode http",
                "  timeout connect 2s",
                "  timeout client 30s",
                "  timeout server 30s",
                "  retries 2",
                "  option redispatch",
                "frontend aqmrg",
                "  bind 127.0.0.1:" + port,
                "  default_backend platform",
                "backend platform",
                "  balance roundrobin",
                "  option httpchk GET /health/live"));
    for (int i = 0; i < backends.length; i++) {
      lines.add(
          "  server s" + i + " 127.0.0.1:" + backends[i] + " check inter 300ms fall 1 rise 1");
    }
    lines.add("");
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, String.join("\n", lines));
    return new ProcessBuilder(TestServers.env("AQMRG_TEST_HAPROXY"), "-db", "-f", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy.log").toFile())
        .start();
  }
}
