package org.aqmrg.bench.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run happened on, for the results: cores, CPU model, Java, load. */
public final class Machine {
  private Machine() {}

  /** One line: processors, CPU model, Java version and VM. */
  public static String describe() {
    return "%d processors, CPU '%s', Java %s (%s)"
        .formatted(
            Runtime.getRuntime().availableProcessors(),
            cpuModel(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"));
  }

  /** The first {@code model name} of /proc/cpuinfo, or "unknown". */
  static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux, or not readable: the model is simply not known
    }
    return "unknown";
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
