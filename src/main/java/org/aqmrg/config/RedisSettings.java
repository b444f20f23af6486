package org.aqmrg.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where Redis is: one server ({@code REDIS_HOST}, {@code REDIS_PORT}) or a Redis Cluster ({@code
 * REDIS_CLUSTER_NODES}, some of its nodes as {@code host:port}, comma-separated; the client learns
 * the rest from them). {@code REDIS_PASSWORD} is the password of the server or of every node.
 *
 * @param cluster the cluster's seed nodes; empty for one server
 */
public record RedisSettings(String host, int port, Secret password, List<Node> cluster) {

  /** A node of a Redis Cluster. */
  public record Node(String host, int port) {
    @Override
    public String toString() {
      return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  public RedisSettings {
    cluster = List.copyOf(cluster);
  }

  /** One server. */
  public RedisSettings(String host, int port, Secret password) {
    this(host, port, password, List.of());
  }

  /** A Redis Cluster reached through {@code nodes}. */
  public static RedisSettings cluster(List<Node> nodes, Secret password) {
    var first = nodes.get(0);
    return new RedisSettings(first.host(), first.port(), password, nodes);
  }

  public boolean clustered() {
    return !cluster.isEmpty();
  }

  /** {@code Redis at host:port}, or {@code Redis Cluster at host:port,host:port}, for messages. */
  public String target() {
    if (clustered()) {
      return "Redis Cluster at "
          + cluster.stream().map(Node::toString).collect(Collectors.joining(","));
    }
    return "Redis at " + new Node(host, port);
  }

  /** The settings, and whether Redis was configured at all (else the cache is in memory). */
  record Read(RedisSettings redis, boolean configured) {}

  static Read read(Settings.Reader reader) {
    var host = reader.optional("REDIS_HOST");
    int port = reader.port("REDIS_PORT", 6379);
    var password = Secret.of(reader.optional("REDIS_PASSWORD").orElse(""));
    var nodes = reader.optional("REDIS_CLUSTER_NODES").map(text -> nodes(reader, text));
    if (nodes.isPresent() && host.isPresent()) {
      reader.problem(
          "REDIS_HOST and REDIS_CLUSTER_NODES are both set: set REDIS_HOST for one server or"
              + " REDIS_CLUSTER_NODES for a Redis Cluster, not both");
    }
    if (nodes.isPresent() && !nodes.get().isEmpty()) {
      return new Read(cluster(nodes.get(), password), true);
    }
    return new Read(new RedisSettings(host.orElse("localhost"), port, password), host.isPresent());
  }

  private static List<Node> nodes(Settings.Reader reader, String text) {
    var nodes = new ArrayList<Node>();
    String[] items = text.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      var node = node(items[i].trim());
      if (node.isEmpty()) {
        reader.problem(
            ("REDIS_CLUSTER_NODES must be a comma-separated list of host:port, such as"
                    + " redis-1:6379,redis-2:6379 (an IPv6 address in brackets: [::1]:6379);"
                    + " item %d is '%s'")
                .formatted(i + 1, items[i].trim()));
      } else if (!nodes.contains(node.get())) {
        nodes.add(node.get());
      }
    }
    return nodes;
  }

  private static Optional<Node> node(String item) {
    int colon = item.lastIndexOf(':');
    if (colon <= 0 || colon == item.length() - 1) {
      return Optional.empty();
    }
    String host = item.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return Optional.empty(); // an IPv6 address without brackets is ambiguous
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(item.substring(colon + 1));
      return port >= 1 && port <= 65535 ? Optional.of(new Node(host, port)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
