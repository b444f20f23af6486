package org.aqmrg.ingest.lineprotocol;

import java.util.Arrays;
import java.util.HashMap;

/**
 * Sorting tag keys and finding repeated keys, in n log n time (sorting) and linear time (finding
 * repeats) however many keys a line has: a hostile line with thousands of tags or fields must not
 * cost the square of their number. The few keys of a real line (three tags, seven fields) take the
 * plain loops, which are the fastest for them.
 */
final class KeyOrder {
  /** Up to this many keys, the plain quadratic loops; past it, a merge sort and a hash map. */
  static final int SMALL = 8;

  private KeyOrder() {}

  /**
   * Sorts the indexes {@code 0..n-1} of {@code keys} by key, in code point order, into {@code
   * order}; returns the index of the first key in line order that repeats an earlier one, or -1
   * when every key is distinct (and then {@code order} is the sorted order).
   */
  static int sort(String[] keys, int n, int[] order) {
    if (n <= SMALL) {
      return insertionSort(keys, n, order);
    }
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    // Stable, so that equal keys stay in line order and the second of each pair is its repeat.
    Arrays.sort(boxed, (a, b) -> Point.compareCodePoints(keys[a], keys[b]));
    int repeat = -1;
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
      if (i > 0 && keys[order[i - 1]].equals(keys[order[i]]) && (repeat < 0 || order[i] < repeat)) {
        repeat = order[i];
      }
    }
    return repeat;
  }

  /** Insertion sort of the indexes: tags are few and usually sorted already. */
  private static int insertionSort(String[] keys, int n, int[] order) {
    for (int i = 0; i < n; i++) {
      String key = keys[i];
      int j = i - 1;
      int comparison;
      while (j >= 0 && (comparison = Point.compareCodePoints(keys[order[j]], key)) >= 0) {
        if (comparison == 0) {
          return i;
        }
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = i;
    }
    return -1;
  }

  /**
   * For each of the {@code n} names, the index of the first name equal to it ({@code i} itself for
   * a first occurrence), in {@code first}; returns how many distinct names there are.
   */
  static int firstOccurrences(String[] names, int n, int[] first) {
    int distinct = 0;
    if (n <= SMALL) {
      next:
      for (int i = 0; i < n; i++) {
        String name = names[i];
        for (int j = 0; j < i; j++) {
          if (first[j] == j && (names[j] == name || names[j].equals(name))) {
            first[i] = j;
            continue next;
          }
        }
        first[i] = i;
        distinct++;
      }
      return distinct;
    }
    var seen = new HashMap<String, Integer>(n * 2);
    for (int i = 0; i < n; i++) {
      Integer earlier = seen.putIfAbsent(names[i], i);
      first[i] = earlier == null ? i : earlier;
      distinct += earlier == null ? 1 : 0;
    }
    return distinct;
  }
}
