package org.aqmrg.bench.ingest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine and JVM a run happened on, for the results. */
final class Machine {
  private Machine() {}

  /** One line: processors, CPU model, Java version and VM. */
  static String describe() {
    return "%d processors, CPU '%s', Java %s (%s)"
        .formatted(
            Runtime.getRuntime().availableProcessors(),
            cpuModel(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"));
  }

  /** The options the JVM was started with and its largest heap. */
  static String jvm() {
    return "JVM options %s, max heap %d MB"
        .formatted(
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            Math.round(HeapWatch.maxHeap() / 1e6));
  }

  /**
   * Which CPUs this JVM and InfluxDB may run on: all of them unless a run pins them apart
   * ({@code bench/pinned}).
   */
  static String cpus() {
    var influxd = CpuMeter.influxdCpus();
    return "CPUs allowed: this JVM %s, influxd %s"
        .formatted(
            allowedCpus(Path.of("/proc/self")),
            influxd.isEmpty() ? "not running" : String.join(" and ", influxd));
  }

  /** The {@code Cpus_allowed_list} of a /proc process directory, or "unknown". */
  static String allowedCpus(Path process) {
    return value(process.resolve("status"), "Cpus_allowed_list");
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    return value(Path.of("/proc/cpuinfo"), "model name");
  }

  /**
   * The value of the first {@code key: value} line of a /proc file whose line starts with {@code
   * key}, or "unknown" (not Linux, or the process ended).
   */
  private static String value(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not there: unknown
    }
    return "unknown";
  }
}
