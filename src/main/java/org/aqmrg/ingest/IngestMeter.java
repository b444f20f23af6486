package org.aqmrg.ingest;

/**
 * Told what became of the points of each body once its answer is known: how many were stored and
 * how many were refused, by {@link Refusal}. Called once per body and reason, on the request's
 * thread; it must be cheap and must not throw.
 */
public interface IngestMeter {
  /** A meter that counts nothing. */
  IngestMeter NONE =
      new IngestMeter() {
        @Override
        public void accepted(int points) {}

        @Override
        public void refused(Refusal reason, int points) {}
      };

  /** {@code points} (at least 1) were stored. */
  void accepted(int points);

  /** {@code points} (at least 1) were refused for {@code reason}. */
  void refused(Refusal reason, int points);
}
