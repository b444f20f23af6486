package org.aqmrg.flux;

import java.time.Instant;
import java.util.List;
import org.aqmrg.readings.SeedBucket;

/**
 * One result of a Flux program: {@code from(bucket:)}, its {@code range(start:, stop:)}, the steps
 * after them in order, and the result's name ({@code yield(name:)}, {@code _result} by default).
 *
 * @param bucket the bucket read; null for {@code buckets()}, the listing of the four
 * @param start inclusive
 * @param stop exclusive
 */
record Pipeline(
    SeedBucket bucket, Instant start, Instant stop, List<Step> steps, String result, Position at) {}
