package org.aqmrg.config;

import java.nio.file.Path;

/**
 * The write-ahead spool of {@code serve}.
 *
 * @param enabled whether writes are acknowledged once forced to the spool ({@code AQMRG_SPOOL=on},
 *     the default) or once in the time-series store ({@code off}: a store outage answers 503)
 * @param directory the spool's folder ({@code AQMRG_SPOOL_DIR}, default {@code spool/} in the data
 *     folder); one instance's own
 * @param maxBytes how much the spool may hold before writes are refused with 503 ({@code
 *     AQMRG_SPOOL_MAX_MB})
 * @param segmentBytes the size at which a new segment file is started ({@code
 *     AQMRG_SPOOL_SEGMENT_MB}); delivered segments are deleted whole
 */
public record SpoolSettings(boolean enabled, Path directory, long maxBytes, long segmentBytes) {
  private static final long MB = 1024L * 1024L;

  enum Switch {
    ON,
    OFF
  }

  static SpoolSettings read(Settings.Reader reader, Path dataDir) {
    boolean enabled = reader.choice("AQMRG_SPOOL", Switch.class, Switch.ON) == Switch.ON;
    var directory =
        reader.optional("AQMRG_SPOOL_DIR").map(Path::of).orElse(dataDir.resolve("spool"));
    int maxMb = reader.integer("AQMRG_SPOOL_MAX_MB", 1024, 1, 16 * 1024 * 1024);
    int segmentMb = reader.integer("AQMRG_SPOOL_SEGMENT_MB", 64, 1, 1024);
    return new SpoolSettings(enabled, directory, maxMb * MB, Math.min(segmentMb, maxMb) * MB);
  }
}
