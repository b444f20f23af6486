package org.aqmrg.bench.ingest;

import static org.aqmrg.bench.OptionValues.number;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command line of {@link IngestLoad}. */
record Options(
    int rounds,
    List<Integer> writers,
    int memoryRounds,
    Set<String> phases,
    int pause,
    int warmupRequests,
    int turnBodies,
    boolean settle) {
  static final String USAGE =
      """
      usage: bench/run org.aqmrg.bench.ingest.IngestLoad [--rounds N] [--writers 1,2]
                 [--memory-rounds N] [--phases influxdb,paired,breakdown,memory,postgres] [--pause S]
                 [--warmup-requests N] [--turn-bodies N] [--settle on|off]
        --rounds N          measured rounds per target and writer count (default 2, 1 to 10)
        --writers LIST      writer threads to measure (default 1,2; each 1 to 8)
        --memory-rounds N   rounds of the sustained run (default 3, 1 to 10)
        --phases LIST       which phases to run (default all five)
        --pause S           seconds of quiet before each measured run (default 5, 0 to 120)
        --warmup-requests N small requests (20 lines) in each warm-up pass before the bodies,
                            so that per-request code is compiled; passes repeat until the JIT
                            is quiet, at most 5 (default 4000, 0 to 12000; 0: one pass of the
                            bodies alone, as before)
        --turn-bodies N     bodies per turn in the paired phase (default 10, 1 to 100)
        --settle on|off     in the paired phase, wait untimed for InfluxDB to go idle after
                            each turn (default off)
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;

  private static final Set<String> PHASES =
      Set.of("influxdb", "paired", "breakdown", "memory", "postgres");

  /** Reads the arguments; throws naming the first wrong one. */
  static Options parse(String[] args) {
    int rounds = 2;
    List<Integer> writers = List.of(1, 2);
    int memoryRounds = 3;
    Set<String> phases = PHASES;
    int pause = 5;
    int warmupRequests = 4_000;
    int turnBodies = 10;
    boolean settle = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = i + 1 < args.length ? args[++i] : "";
      switch (option) {
        case "--rounds" -> rounds = number(option, value, 1, 10);
        case "--memory-rounds" -> memoryRounds = number(option, value, 1, 10);
        case "--pause" -> pause = number(option, value, 0, 120);
        case "--warmup-requests" -> warmupRequests = number(option, value, 0, 12_000);
        case "--turn-bodies" -> turnBodies = number(option, value, 1, 100);
        case "--settle" -> {
          if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("--settle takes on or off, got '" + value + "'");
          }
          settle = value.equals("on");
        }
        case "--writers" -> {
          var list = new ArrayList<Integer>();
          for (String part : value.split(",")) {
            list.add(number(option, part.trim(), 1, 8));
          }
          writers = List.copyOf(list);
        }
        case "--phases" -> {
          var set = new LinkedHashSet<String>();
          for (String part : value.split(",")) {
            if (!PHASES.contains(part.trim())) {
              throw new IllegalArgumentException(
                  "--phases takes influxdb, paired, breakdown, memory, postgres; got '"
                      + part
                      + "'");
            }
            set.add(part.trim());
          }
          phases = Set.copyOf(set);
        }
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    return new Options(
        rounds, writers, memoryRounds, phases, pause, warmupRequests, turnBodies, settle);
  }

  boolean has(String phase) {
    return phases.contains(phase);
  }

  int maxWriters() {
    return writers.stream().mapToInt(Integer::intValue).max().orElse(1);
  }
}
