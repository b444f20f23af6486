package org.aqmrg.ingest.lineprotocol;

import java.util.Arrays;

/**
 * Collects the tags and fields of one line and makes its {@link Point}: tags sorted by key, each
 * field key once, and the arrays of tag keys and of field names and kinds shared with the previous
 * point of the same shape, so that a steady stream of lines from the same sensors allocates only
 * each point's values. Part of {@link LineProtocolParser}, and like it not thread-safe.
 */
final class PointAssembler {
  private static final String[] NO_TAGS = new String[0];
  private static final byte STRING = (byte) FieldValue.Kind.STRING.ordinal();

  // The current line's tags and fields, the tags with where their keys start in the body.
  private String[] tagKeys = new String[8];
  private String[] tagValues = new String[8];
  private int[] tagStarts = new int[8];
  private int tagCount;
  private String[] names = new String[16];
  private byte[] kinds = new byte[16];
  private long[] bits = new long[16];
  private String[] strings = new String[16];
  private int fieldCount;

  // Shapes shared between points: the tag keys of the last line in line order, how they sort, and
  // the sorted keys; the field names and kinds of the last new shape.
  private String[] lastTagKeys = new String[8];
  private int lastTagCount = -1;
  private int[] tagOrder = new int[8];
  private String[] sortedTagKeys = NO_TAGS;
  private String[] sharedNames = NO_TAGS;
  private int repeatedTag;
  private byte[] sharedKinds = new byte[0];

  // Where each field's key first occurs, and the index each field goes to, when fields repeat.
  private int[] firstField = new int[16];
  private int[] fieldPosition = new int[16];

  /**
   * Starts a new body. The arrays that every line writes references into are made anew, because
   * storing a reference into an array that has aged into the old generation costs a G1 write
   * barrier with a memory fence (many per line, a third of the parse time); a fresh array is young
   * for the whole body, where the barrier filters the store out at once.
   */
  void renew() {
    tagKeys = new String[tagKeys.length];
    tagValues = new String[tagValues.length];
    names = new String[names.length];
    strings = new String[strings.length];
  }

  /** Starts a new line. */
  void clear() {
    tagCount = 0;
    fieldCount = 0;
  }

  /** Where, in the body, the key of the tag that repeats starts, after {@link #build} gave null. */
  int repeatedTagStart() {
    return tagStarts[repeatedTag];
  }

  /** The key of the tag that repeats, after {@link #build} gave null. */
  String repeatedTagKey() {
    return tagKeys[repeatedTag];
  }

  void addTag(String key, String value, int start) {
    if (tagCount == tagKeys.length) {
      tagKeys = Arrays.copyOf(tagKeys, tagCount * 2);
      tagValues = Arrays.copyOf(tagValues, tagCount * 2);
      tagStarts = Arrays.copyOf(tagStarts, tagCount * 2);
    }
    tagKeys[tagCount] = key;
    tagValues[tagCount] = value;
    tagStarts[tagCount] = start;
    tagCount++;
  }

  void addField(String name, byte kind, long value, String string) {
    if (fieldCount == names.length) {
      names = Arrays.copyOf(names, fieldCount * 2);
      kinds = Arrays.copyOf(kinds, fieldCount * 2);
      bits = Arrays.copyOf(bits, fieldCount * 2);
      strings = Arrays.copyOf(strings, fieldCount * 2);
    }
    names[fieldCount] = name;
    kinds[fieldCount] = kind;
    bits[fieldCount] = value;
    strings[fieldCount] = string;
    fieldCount++;
  }

  /**
   * The point of the tags and fields added since {@link #clear}, sharing arrays with earlier points
   * of the same shape; null when a tag key is given twice (see {@link #repeatedTagStart}). {@code
   * plainSource} is the body when the field set between {@code plainFrom} and {@code plainTo} is
   * plain as far as the parser saw, or null; a field key given twice makes it not plain.
   */
  Point build(String measurement, long time, byte[] plainSource, int plainFrom, int plainTo) {
    int fieldsGiven = fieldCount;
    String[] keys = NO_TAGS;
    String[] values = NO_TAGS;
    int tags = tagCount;
    if (tags > 0) {
      if ((tags != lastTagCount || !sameElements(lastTagKeys, tagKeys, tags)) && !newTagShape()) {
        return null;
      }
      keys = sortedTagKeys;
      values = new String[tags];
      for (int i = 0; i < tags; i++) {
        values[i] = tagValues[tagOrder[i]];
      }
    }
    String[] fieldNames = sharedNames;
    byte[] fieldKinds = sharedKinds;
    int n = fieldCount;
    if (fieldNames.length != n || !sameElements(fieldNames, names, n) || !sameKinds(n)) {
      n = removeDuplicateFields();
      fieldNames = Arrays.copyOf(names, n);
      fieldKinds = Arrays.copyOf(kinds, n);
      sharedNames = fieldNames;
      sharedKinds = fieldKinds;
    }
    String[] fieldStrings = null;
    for (int i = 0; i < n; i++) {
      if (fieldKinds[i] == STRING) {
        fieldStrings = Arrays.copyOf(strings, n);
        break;
      }
    }
    return new Point(
        measurement,
        keys,
        values,
        fieldNames,
        fieldKinds,
        Arrays.copyOf(bits, n),
        fieldStrings,
        time,
        n == fieldsGiven ? plainSource : null,
        plainFrom,
        plainTo);
  }

  private static boolean sameElements(String[] shared, String[] current, int n) {
    for (int i = 0; i < n; i++) {
      if (shared[i] != current[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean sameKinds(int n) {
    for (int i = 0; i < n; i++) {
      if (sharedKinds[i] != kinds[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sorts the tag keys of a line whose keys differ from the last line's (most lines repeat them in
   * the same order, and then reuse this work). False when a key is given twice.
   */
  private boolean newTagShape() {
    int n = tagCount;
    lastTagCount = -1;
    if (tagOrder.length < n) {
      tagOrder = new int[tagKeys.length];
      lastTagKeys = new String[tagKeys.length];
    }
    int[] order = tagOrder;
    int repeat = KeyOrder.sort(tagKeys, n, order);
    if (repeat >= 0) {
      repeatedTag = repeat;
      return false;
    }
    String[] sorted = new String[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = tagKeys[order[i]];
    }
    sortedTagKeys = sorted;
    System.arraycopy(tagKeys, 0, lastTagKeys, 0, n);
    lastTagCount = n;
    return true;
  }

  /**
   * Keeps one field per key, as InfluxDB does: at the position of its first occurrence, with the
   * value of its last. Returns the new field count.
   */
  private int removeDuplicateFields() {
    int given = fieldCount;
    if (firstField.length < given) {
      firstField = new int[names.length];
      fieldPosition = new int[names.length];
    }
    int[] first = firstField;
    int[] position = fieldPosition;
    KeyOrder.firstOccurrences(names, given, first);
    int n = 0;
    for (int i = 0; i < given; i++) {
      // A field moves only to a lower index, so copying in place never overwrites one still to
      // come; a repeated key only gives its value to the field of its first occurrence.
      int to;
      if (first[i] == i) {
        to = n++;
        names[to] = names[i];
      } else {
        to = position[first[i]];
      }
      position[i] = to;
      kinds[to] = kinds[i];
      bits[to] = bits[i];
      strings[to] = strings[i];
    }
    fieldCount = n;
    return n;
  }
}
