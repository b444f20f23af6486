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
    try {
      for (String line : Files.readAllLines(process.resolve("status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux, or the process ended
    }
    return "unknown";
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
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: the model is not known
    }
    return "unknown";
  }
}
