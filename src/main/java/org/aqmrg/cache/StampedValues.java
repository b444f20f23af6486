package org.aqmrg.cache;

import java.util.HashSet;

/**
 * How {@link Cache#putIfNewer} merges a value into a stored value of the same time, by their text
 * (no JSON is decoded, as the Redis adapter's script cannot decode JSON without changing its
 * numbers): the new value, whose {@code "fields":{…}} object also gets each member of the stored
 * value's {@code "fields"} object whose name it lacks, after its own. The Redis adapter's script
 * does the same in Lua; the cache contract test holds both to it.
 */
public final class StampedValues {
  private static final String FIELDS = "\"fields\":{";

  private StampedValues() {}

  /**
   * The merge of {@code incoming} into {@code stored}; {@code incoming} as it is when either has no
   * {@code "fields"} object.
   */
  public static String merge(String stored, String incoming) {
    int in = incoming.indexOf(FIELDS);
    int inEnd = in < 0 ? -1 : incoming.indexOf('}', in + FIELDS.length());
    int st = stored.indexOf(FIELDS);
    int stEnd = st < 0 ? -1 : stored.indexOf('}', st + FIELDS.length());
    if (inEnd < 0 || stEnd < 0) {
      return incoming;
    }
    String own = incoming.substring(in + FIELDS.length(), inEnd);
    var names = new HashSet<String>();
    for (String member : own.split(",")) {
      names.add(name(member));
    }
    var merged = new StringBuilder(own);
    for (String member : stored.substring(st + FIELDS.length(), stEnd).split(",")) {
      String name = name(member);
      if (name != null && !names.contains(name)) {
        merged.append(merged.length() == 0 ? "" : ",").append(member);
      }
    }
    return incoming.substring(0, in + FIELDS.length()) + merged + incoming.substring(inEnd);
  }

  /** The name of a member {@code "name":value}, or null when it is not one. */
  private static String name(String member) {
    int close = member.indexOf('"', 1);
    if (!member.startsWith("\"") || close < 0 || !member.startsWith(":", close + 1)) {
      return null;
    }
    return member.substring(1, close);
  }
}
