package org.aqmrg.spool;

/**
 * What the spool holds and how its delivery goes, as {@code /health/ready}, {@code /metrics} and
 * {@code ./aqmrg stats} show it.
 *
 * @param bytes bytes of acknowledged writes not yet in the store
 * @param readings readings in them
 * @param oldestAgeSeconds how long ago the oldest of them was acknowledged; 0 when none waits
 * @param maxBytes the limit ({@code AQMRG_SPOOL_MAX_MB}), past which writes are refused
 * @param problem why deliveries fail just now, or null while they succeed
 * @param retries deliveries tried again since start
 * @param refused readings the store refused for their content, kept in {@code refused/}
 * @param lostBytes bytes of damaged segments that could not be read
 */
public record SpoolStatus(
    long bytes,
    long readings,
    double oldestAgeSeconds,
    long maxBytes,
    String problem,
    long retries,
    long refused,
    long lostBytes) {

  /** Whether the spool takes writes: it has room. */
  public boolean accepting() {
    return bytes < maxBytes;
  }
}
