package org.aqmrg.bench.ingest;

import static org.aqmrg.bench.OptionValues.number;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The command line of {@link SmallPostsLoad}.
 *
 * @param posts posts per side and round; 0 when {@code seconds} decides
 * @param seconds when above 0: the side that goes first in a round posts for this long, and the
 *     other side then sends as many posts
 */
record SmallPostsOptions(
    int clients,
    int lines,
    int posts,
    int seconds,
    int rounds,
    int warmup,
    int clientThreads,
    int pause,
    Set<String> targets,
    boolean spool) {
  static final String USAGE =
      """
      usage: bench/run org.aqmrg.bench.ingest.SmallPostsLoad [--clients N] [--lines N]
                 [--posts N | --seconds S] [--rounds N] [--warmup N] [--client-threads N]
                 [--pause S] [--target influxdb|postgres|influxdb,postgres] [--spool on|off]
        --clients N         concurrent keep-alive HTTP/1.1 clients, each a device (default 200)
        --lines N           lines per post (default 10, 1 to 1000)
        --posts N           posts per side and round (default 100000: 1,000,000 points at 10 lines)
        --seconds S         instead of --posts: the side that goes first in a round posts for S
                            seconds, the other side then sends the same number of posts
        --rounds N          measured rounds (default 3, 1 to 20); each round has both sides,
                            the side that goes first alternating
        --warmup N          unreported rounds before them, done and checked alike (default 1)
        --client-threads N  threads driving the connections (default 1, 1 to 8)
        --pause S           seconds of quiet before each side's run, after InfluxDB has finished
                            compacting (default 2, 0 to 60)
        --target LIST       influxdb (default: the platform on InfluxDB against InfluxDB direct),
                            postgres (the platform on PostgreSQL alone), or both
        --spool on|off      the platform with its write-ahead spool, as serve runs by default
                            (on, the default: answered once forced to the spool), or without it
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;

  private static final Set<String> TARGETS = Set.of("influxdb", "postgres");

  /** Reads the arguments; throws naming the first wrong one. */
  static SmallPostsOptions parse(String[] args) {
    int clients = 200;
    int lines = 10;
    int posts = 100_000;
    int seconds = 0;
    int rounds = 3;
    int warmup = 1;
    int clientThreads = 1;
    int pause = 2;
    Set<String> targets = Set.of("influxdb");
    boolean spool = true;
    boolean postsGiven = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = i + 1 < args.length ? args[++i] : "";
      switch (option) {
        case "--clients" -> clients = number(option, value, 1, 2_000);
        case "--lines" -> lines = number(option, value, 1, 1_000);
        case "--posts" -> {
          posts = number(option, value, 1, 10_000_000);
          postsGiven = true;
        }
        case "--seconds" -> seconds = number(option, value, 1, 600);
        case "--rounds" -> rounds = number(option, value, 1, 20);
        case "--warmup" -> warmup = number(option, value, 0, 10);
        case "--client-threads" -> clientThreads = number(option, value, 1, 8);
        case "--pause" -> pause = number(option, value, 0, 60);
        case "--target" -> {
          var set = new LinkedHashSet<String>();
          for (String part : value.split(",")) {
            if (!TARGETS.contains(part.trim())) {
              throw new IllegalArgumentException(
                  "--target takes influxdb, postgres or both; got '" + part + "'");
            }
            set.add(part.trim());
          }
          targets = Set.copyOf(set);
        }
        case "--spool" -> {
          if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("--spool takes on or off; got '" + value + "'");
          }
          spool = value.equals("on");
        }
        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
      }
    }
    if (seconds > 0 && postsGiven) {
      throw new IllegalArgumentException("give --posts or --seconds, not both");
    }
    if (clientThreads > clients) {
      throw new IllegalArgumentException("--client-threads must not exceed --clients");
    }
    return new SmallPostsOptions(
        clients,
        lines,
        seconds > 0 ? 0 : posts,
        seconds,
        rounds,
        warmup,
        clientThreads,
        pause,
        targets,
        spool);
  }

  boolean has(String target) {
    return targets.contains(target);
  }

  /** What a round sends, for the report. */
  String roundSize() {
    return seconds > 0
        ? "the first side of each round posts for %d s, the other sends as many posts"
            .formatted(seconds)
        : "%,d posts (%,d points) per side and round".formatted(posts, (long) posts * lines);
  }
}
