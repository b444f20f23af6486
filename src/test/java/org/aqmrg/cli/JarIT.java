package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

/** The jar that {@code ./aqmrg} runs: small enough to ship, and only what Linux x86-64 needs. */
class JarIT {
  private static final long MAX_BYTES = 50L * 1024 * 1024;

  private static Path jar() {
    return Path.of(TestServers.env("AQMRG_TEST_JAR"));
  }

  @Test
  void the_jar_is_under_50_mb() throws IOException {
    assertThat(Files.size(jar())).isLessThan(MAX_BYTES);
  }

  @Test
  void the_jar_carries_the_postgresql_binaries_of_linux_x86_64_only() throws IOException {
    try (var zip = new ZipFile(jar().toFile())) {
      var binaries =
          zip.stream()
              .map(entry -> entry.getName())
              .filter(name -> name.startsWith("postgres-") && name.endsWith(".txz"))
              .toList();
      assertThat(binaries).containsExactly("postgres-linux-x86_64.txz");
    }
  }
}
