package org.aqmrg.readings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A time-series store for fakes: every operation throws {@link UnsupportedOperationException}, so a
 * fake overrides only what its test uses and any other call fails loudly. Closing does nothing.
 */
public interface PartialStore extends ReadingStore {
  @Override
  default void write(List<Reading> readings) {
    throw new UnsupportedOperationException("write");
  }

  @Override
  default Optional<Reading> latest(String sensorId) {
    throw new UnsupportedOperationException("latest");
  }

  @Override
  default List<Reading> raw(String sensorId, Instant from, Instant to, int limit) {
    throw new UnsupportedOperationException("raw");
  }

  @Override
  default Optional<Query.Position> query(Query query, Consumer<Row> sink) {
    throw new UnsupportedOperationException("query");
  }

  @Override
  default List<Bucket> createBuckets() {
    throw new UnsupportedOperationException("createBuckets");
  }

  @Override
  default List<Bucket> buckets() {
    throw new UnsupportedOperationException("buckets");
  }

  @Override
  default void close() {}
}
