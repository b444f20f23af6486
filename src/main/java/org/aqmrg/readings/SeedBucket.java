package org.aqmrg.readings;

import java.time.Duration;
import java.util.Optional;

/**
 * The seed's four buckets and how long each keeps its data: the one definition that the InfluxDB
 * retention policies and buckets, the PostgreSQL partitions that are dropped, the ingest check of a
 * reading's age and the bucket listings all read.
 */
public enum SeedBucket {
  /** Raw readings. */
  RAW("sensor_data", Duration.ofDays(30)),
  HOURLY("sensor_data_hourly", Duration.ofDays(730)),
  /** Kept for ever. */
  DAILY("sensor_data_daily", null),
  PREDICTIONS("predictions", Duration.ofDays(365));

  private final String bucket;
  private final Duration retention;

  SeedBucket(String bucket, Duration retention) {
    this.bucket = bucket;
    this.retention = retention;
  }

  /** Its name: the InfluxDB bucket or retention policy, and the PostgreSQL table. */
  public String bucket() {
    return bucket;
  }

  /** How long data is kept; empty for ever. */
  public Optional<Duration> retention() {
    return Optional.ofNullable(retention);
  }

  /** Whole days data is kept, 0 for ever. */
  public int retentionDays() {
    return retention == null ? 0 : (int) retention.toDays();
  }

  /** The retention as listings show it: {@code 30d}, or {@code infinite}. */
  public String retentionText() {
    return retention == null ? "infinite" : retention.toDays() + "d";
  }
}
