package org.aqmrg.ops;

import java.util.Locale;

/** Byte counts as people read them, as {@code pg_size_pretty} prints them (1024-based). */
final class Sizes {
  private Sizes() {}

  static String human(long bytes) {
    String[] units = {"bytes", "kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = 0;
    while (value >= 10 * 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.0f %s", value, units[unit]);
  }
}
