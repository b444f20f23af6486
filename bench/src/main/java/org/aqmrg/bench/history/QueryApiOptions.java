package org.aqmrg.bench.history;

import static org.aqmrg.bench.OptionValues.number;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link QueryApiLatency}.
 *
 * @param sensors sensors at the benchmark's one location, each with one reading a minute
 * @param rounds measured rounds (one request of each variant per round)
 * @param warmup unrecorded rounds before them
 * @param backends the time-series backends to run, {@code postgres} and {@code influxdb}
 * @param breakdown whether a second phase times the parts of Flux's 7-day question ({@link
 *     FluxBreakdown}), with half as many rounds
 */
record QueryApiOptions(
    int sensors, int rounds, int warmup, List<String> backends, boolean breakdown) {
  static final String USAGE =
      """
      usage: bench/run org.aqmrg.bench.history.QueryApiLatency [--sensors N] [--rounds N]
                 [--warmup N] [--backends postgres,influxdb] [--breakdown] [--small]
        --sensors N    sensors at the one location, one reading a minute each (default 3, 1 to 50)
        --rounds N     measured rounds, one request of each variant per round (default 2000)
        --warmup N     unrecorded rounds first (default 300)
        --backends B   time-series backends, comma-separated: postgres, influxdb (default both)
        --breakdown    then time the parts of Flux's 7-day question, half as many rounds
        --small        a quick check: 100 rounds, 30 warm-up (not the result)
      Loads 7 days and 2 hours of readings per sensor (and 3 hours ahead of now, so that the last
      hour stays full while the run lasts), rebuilds the rollups, then times round-robin the Flux
      (POST /api/v2/query), InfluxQL (GET /query) and JSON history questions on each backend.
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;

  /** Reads the arguments; throws naming the first wrong one. */
  static QueryApiOptions parse(String[] args) {
    int sensors = 3;
    int rounds = 2000;
    int warmup = 300;
    List<String> backends = List.of("postgres", "influxdb");
    boolean breakdown = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--small")) {
        rounds = 100;
        warmup = 30;
        continue;
      }
      if (option.equals("--breakdown")) {
        breakdown = true;
        continue;
      }
      String value = i + 1 < args.length ? args[++i] : "";
      switch (option) {
        case "--sensors" -> sensors = number(option, value, 1, 50);
        case "--rounds" -> rounds = number(option, value, 1, 100_000);
        case "--warmup" -> warmup = number(option, value, 0, 100_000);
        case "--backends" -> backends = backends(value);
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    return new QueryApiOptions(sensors, rounds, warmup, backends, breakdown);
  }

  private static List<String> backends(String value) {
    var list = new ArrayList<String>();
    for (String b : value.split(",", -1)) {
      if (!b.equals("postgres") && !b.equals("influxdb") || list.contains(b)) {
        throw new IllegalArgumentException(
            "--backends is a comma-separated list of postgres and influxdb, each once, got '"
                + value
                + "'");
      }
      list.add(b);
    }
    return List.copyOf(list);
  }
}
