package org.aqmrg.ops;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis's part of {@link Stats}: {@code INFO server, memory, stats, commandstats} (on a Redis
 * Cluster, of every master, added up), {@code DBSIZE}, and the keys of each of the platform's
 * patterns, counted with {@code SCAN} (on a cluster, over every master), which does not block the
 * server as {@code KEYS} would.
 */
final class RedisStats {
  private static final List<String> SECTIONS = List.of("server", "memory", "stats", "commandstats");
  private static final List<String> SUMMED =
      List.of(
          "used_memory",
          "maxmemory",
          "evicted_keys",
          "instantaneous_ops_per_sec",
          "total_commands_processed");

  private RedisStats() {}

  static Stats.Redis read(RedisClusterCommands<String, String> redis, List<String> patterns) {
    List<Map<String, String>> nodes = info(redis);
    Map<String, String> first = nodes.get(0);
    var sums = new HashMap<String, Long>();
    for (String field : SUMMED) {
      Long sum = null;
      for (var node : nodes) {
        if (node.get(field) != null) {
          sum = (sum == null ? 0 : sum) + Long.parseLong(node.get(field));
        }
      }
      sums.put(field, sum);
    }
    String human =
        nodes.size() == 1 ? first.get("used_memory_human") : human(sums.get("used_memory"));
    return new Stats.Redis(
        first.get("redis_version"),
        sums.get("used_memory"),
        human,
        sums.get("maxmemory"),
        first.get("maxmemory_policy"),
        redis.dbsize(),
        keysByPattern(redis, patterns),
        sums.get("evicted_keys"),
        sums.get("instantaneous_ops_per_sec"),
        sums.get("total_commands_processed"),
        busiest(nodes),
        null);
  }

  /** {@code INFO} of the server, or of each master of a cluster, as field to value. */
  private static List<Map<String, String>> info(RedisClusterCommands<String, String> redis) {
    var nodes = new ArrayList<Map<String, String>>();
    if (redis instanceof RedisAdvancedClusterCommands<String, String> cluster) {
      var masters = cluster.upstream();
      for (int i = 0; i < masters.size(); i++) {
        var node = new HashMap<String, String>();
        for (String section : SECTIONS) {
          parse(masters.commands(i).info(section), node);
        }
        nodes.add(node);
      }
    } else {
      var node = new HashMap<String, String>();
      for (String section : SECTIONS) {
        parse(redis.info(section), node);
      }
      nodes.add(node);
    }
    return nodes;
  }

  private static void parse(String info, Map<String, String> into) {
    info.lines()
        .filter(line -> line.contains(":"))
        .forEach(
            line ->
                into.put(
                    line.substring(0, line.indexOf(':')),
                    line.substring(line.indexOf(':') + 1).trim()));
  }

  private static Map<String, Long> keysByPattern(
      RedisClusterCommands<String, String> redis, List<String> patterns) {
    var byPattern = new LinkedHashMap<String, Long>();
    for (String pattern : patterns) {
      var args = ScanArgs.Builder.matches(pattern).limit(1_000);
      var cursor = redis.scan(args);
      long count = cursor.getKeys().size();
      while (!cursor.isFinished()) {
        cursor = redis.scan(cursor, args); // the cursor itself: on a cluster it names the node
        count += cursor.getKeys().size();
      }
      byPattern.put(pattern, count);
    }
    return byPattern;
  }

  /** The five commands called most, from {@code cmdstat_<name>:calls=…,usec_per_call=…}. */
  private static List<Stats.Command> busiest(List<Map<String, String>> nodes) {
    var calls = new HashMap<String, Long>();
    var micros = new HashMap<String, Double>();
    for (var node : nodes) {
      for (var entry : node.entrySet()) {
        if (!entry.getKey().startsWith("cmdstat_")) {
          continue;
        }
        String command = entry.getKey().substring("cmdstat_".length());
        long count = 0;
        double usec = 0;
        for (String part : entry.getValue().split(",")) {
          String[] pair = part.split("=", 2);
          if (pair.length == 2 && pair[0].equals("calls")) {
            count = Long.parseLong(pair[1]);
          } else if (pair.length == 2 && pair[0].equals("usec_per_call")) {
            usec = Double.parseDouble(pair[1]);
          }
        }
        calls.merge(command, count, Long::sum);
        micros.merge(command, usec * count, Double::sum);
      }
    }
    var commands = new ArrayList<Stats.Command>();
    calls.forEach(
        (command, count) ->
            commands.add(
                new Stats.Command(command, count, count == 0 ? 0 : micros.get(command) / count)));
    commands.sort(Comparator.comparingLong(Stats.Command::calls).reversed());
    return List.copyOf(commands.subList(0, Math.min(5, commands.size())));
  }

  /** Bytes as Redis writes them in {@code used_memory_human}: {@code 1.23M}. */
  static String human(Long bytes) {
    if (bytes == null) {
      return null;
    }
    String[] units = {"B", "K", "M", "G", "T"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + "B"
        : String.format(java.util.Locale.ROOT, "%.2f%s", value, units[unit]);
  }
}
