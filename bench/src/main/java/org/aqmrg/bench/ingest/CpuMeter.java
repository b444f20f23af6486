package org.aqmrg.bench.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the CPU went during a run, from Linux's {@code /proc}: the whole machine, this JVM (the
 * platform and the load generator share it), the InfluxDB server, and the PostgreSQL backends of
 * the benchmark's own databases, and Redis. The rest of the busy time ("other") is PostgreSQL's
 * background processes and whatever else runs on the machine, such as other work on a shared host.
 *
 * <p>Times are in clock ticks of 10 ms (Linux's USER_HZ of 100). On a machine without {@code /proc}
 * every figure is zero.
 */
final class CpuMeter {
  private static final double TICK_SECONDS = 0.01;

  private final String databasePrefix;

  /**
   * @param databasePrefix names of the benchmark's PostgreSQL databases start with this
   */
  CpuMeter(String databasePrefix) {
    this.databasePrefix = databasePrefix;
  }

  /** CPU ticks consumed so far; subtract two to get a run's share. */
  record Sample(
      long machineTotal,
      long machineBusy,
      long jvm,
      long jit,
      long influx,
      long postgres,
      long redis) {
    Usage minus(Sample earlier, long nanos) {
      return new Usage(
          nanos / 1e9,
          machineTotal - earlier.machineTotal,
          machineBusy - earlier.machineBusy,
          (jvm - earlier.jvm) * TICK_SECONDS,
          (jit - earlier.jit) * TICK_SECONDS,
          (influx - earlier.influx) * TICK_SECONDS,
          Math.max(0, postgres - earlier.postgres) * TICK_SECONDS,
          (redis - earlier.redis) * TICK_SECONDS);
    }
  }

  /**
   * CPU seconds of each part during a run of {@code seconds}; {@code jitSeconds} is the part of
   * {@code jvmSeconds} spent by the JIT compiler threads, which is near zero once the code is warm.
   */
  record Usage(
      double seconds,
      long totalTicks,
      long busyTicks,
      double jvmSeconds,
      double jitSeconds,
      double influxSeconds,
      double postgresSeconds,
      double redisSeconds) {

    /** Busy share of all cores, in percent. */
    double machineBusyPercent() {
      return totalTicks == 0 ? 0 : 100.0 * busyTicks / totalTicks;
    }

    double otherSeconds() {
      return Math.max(0, busyTicks * TICK_SECONDS - jvmSeconds - influxSeconds - postgresSeconds - redisSeconds);
    }

    /** Cores used on average by CPU seconds {@code cpu}. */
    double cores(double cpu) {
      return seconds == 0 ? 0 : cpu / seconds;
    }
  }

  Sample sample() {
    long[] machine = machine();
    long jvm = 0;
    long influx = 0;
    long postgres = 0;
    long redis = 0;
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        long pid = Long.parseLong(process.getFileName().toString());
        if (pid == self) {
          jvm += ticks(process);
          continue;
        }
        String command = commandLine(process);
        if (isInfluxd(command)) {
          influx += ticks(process);
        } else if (command.startsWith("postgres: ") && command.contains(" " + databasePrefix)) {
          postgres += ticks(process);
        } else if (command.startsWith("redis-server")) {
          redis += ticks(process);
        }
      }
    } catch (IOException e) {
      // no /proc: every figure stays zero
    }
    return new Sample(machine[0], machine[1], jvm, jitTicks(), influx, postgres, redis);
  }

  /** Ticks of this JVM's JIT compiler threads (named "C1 CompilerThread0" and so on). */
  private static long jitTicks() {
    long ticks = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path thread : threads) {
        try {
          String name = Files.readString(thread.resolve("comm"));
          if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            ticks += ticks(thread);
          }
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // no /proc: zero
    }
    return ticks;
  }

  /** All ticks and busy ticks of all cores, from the first line of /proc/stat. */
  private static long[] machine() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total, total - idle};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** User plus system ticks of one process or thread (fields 14 and 15 of its stat). */
  private static long ticks(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended meanwhile
    }
  }

  static boolean isInfluxd(String command) {
    return command.startsWith("/usr/bin/influxd") || command.startsWith("influxd");
  }

  /** The CPUs each influxd may run on, as /proc lists them (e.g. "0-1"); empty when none runs. */
  static List<String> influxdCpus() {
    var cpus = new ArrayList<String>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        if (isInfluxd(commandLine(process))) {
          cpus.add(Machine.allowedCpus(process));
        }
      }
    } catch (IOException e) {
      // no /proc: none found
    }
    return cpus;
  }

  static String commandLine(Path process) {
    try {
      byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] == 0) {
          raw[i] = ' ';
        }
      }
      return new String(raw, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
