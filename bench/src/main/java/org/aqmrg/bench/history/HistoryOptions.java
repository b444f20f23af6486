package org.aqmrg.bench.history;

import static org.aqmrg.bench.OptionValues.number;

/**
 * The command line of {@link HistoryLatency}.
 *
 * @param sensors sensors loaded, each with one reading per minute
 * @param days days of readings, ending at the last whole hour
 * @param rounds measured rounds (one query of each variant per round)
 * @param warmup unrecorded rounds before them
 */
record HistoryOptions(int sensors, int days, int rounds, int warmup) {
  static final String USAGE =
      """
      usage: bench/run org.aqmrg.bench.history.HistoryLatency [--small] [--sensors N] [--days D]
                 [--rounds N] [--warmup N]
        --sensors N   sensors loaded, one reading per minute each (default 100, 1 to 1000)
        --days D      days of readings, the query's range (default 7, 1 to 29)
        --rounds N    measured rounds, one query of each variant per round (default 500)
        --warmup N    unrecorded rounds first (default 100)
        --small       a quick check: 5 sensors, 2 days, 50 rounds, 20 warm-up
      Defaults: 100 sensors x 7 days x 1,440 readings = 1,008,000 points in each store.
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;

  /** Reads the arguments; throws naming the first wrong one. */
  static HistoryOptions parse(String[] args) {
    int sensors = 100;
    int days = 7;
    int rounds = 500;
    int warmup = 100;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--small")) {
        sensors = 5;
        days = 2;
        rounds = 50;
        warmup = 20;
        continue;
      }
      String value = i + 1 < args.length ? args[++i] : "";
      switch (option) {
        case "--sensors" -> sensors = number(option, value, 1, 1000);
        case "--days" -> days = number(option, value, 1, 29);
        case "--rounds" -> rounds = number(option, value, 1, 100_000);
        case "--warmup" -> warmup = number(option, value, 0, 100_000);
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    return new HistoryOptions(sensors, days, rounds, warmup);
  }

  long points() {
    return (long) sensors * days * 1440;
  }
}
