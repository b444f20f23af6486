package org.aqmrg.flux;

/** {@code from(bucket:)} names a bucket there is not: InfluxDB answers 404 for it. */
public final class UnknownBucketException extends RuntimeException {
  UnknownBucketException(String bucket, Position at) {
    super(
        "failed to initialize execute state: could not find bucket \""
            + bucket
            + "\" (at "
            + at
            + ")");
  }
}
