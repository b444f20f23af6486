package org.aqmrg.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the packaged jar ({@code AQMRG_TEST_JAR}) as a process of its own, as {@code ./aqmrg} does,
 * with only the platform settings given: the test servers' variables of this JVM are removed.
 */
public final class JarProcess {
  private JarProcess() {}

  /**
   * Starts {@code java [jvmOptions] -jar aqmrg.jar args…} with {@code env} as its platform
   * settings, standard output and error to {@code log}. Without {@code AQMRG_DATA_DIR} in {@code
   * env}, the data folder (and so the spool of a serve) is {@code data/} beside the log: each
   * test's own, and the same for a process restarted with its log in the same folder.
   */
  public static Process start(
      List<String> jvmOptions, Map<String, String> env, Path log, String... args)
      throws IOException {
    var command = new ArrayList<String>();
    command.add("java");
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", TestServers.env("AQMRG_TEST_JAR")));
    command.addAll(List.of(args));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("DATABASE_")
                    || k.startsWith("REDIS_")
                    || k.startsWith("INFLUXDB_")
                    || k.startsWith("AQMRG_"));
    builder.environment().putAll(env);
    builder
        .environment()
        .putIfAbsent("AQMRG_DATA_DIR", log.toAbsolutePath().resolveSibling("data").toString());
    return builder.start();
  }
}
