package org.aqmrg.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.aqmrg.db.Database;

/**
 * Since when each alert's condition toward its next transition holds ({@code pending_since}). A
 * condition that begins is kept here first and written to the row once it has held for {@link
 * #WRITE_AFTER}, with the time it began; one that stops before then is forgotten without a write.
 * So a noisy sensor whose readings cross a threshold back and forth every few seconds costs no
 * database write per crossing, and a condition that began less than {@link #WRITE_AFTER} before a
 * restart starts over. Once written, the row is the truth for every instance.
 */
final class PendingConditions {
  /** How long a condition holds before it is written to the alert's row. */
  static final Duration WRITE_AFTER = Duration.ofSeconds(10);

  private record Begun(Alert.State state, Instant since) {}

  private final Database database;
  private final Map<UUID, Begun> begun = new ConcurrentHashMap<>();

  PendingConditions(Database database) {
    this.database = database;
  }

  /** {@code stored} with the time its condition began here, when that is not in its row yet. */
  Alert seen(Alert stored) {
    if (stored.pendingSince() != null) {
      return stored;
    }
    var known = begun.get(stored.id());
    return known != null && known.state() == stored.state()
        ? stored.withPendingSince(known.since())
        : stored;
  }

  /** The condition of {@code stored} began {@code now}: kept here, not written yet. */
  void begin(Alert stored, Instant now) {
    begun.put(stored.id(), new Begun(stored.state(), now));
  }

  /** When the condition began, once it is due to be written to the row of {@code stored}. */
  Optional<Instant> due(Alert stored, Instant now) {
    var known = begun.get(stored.id());
    if (stored.pendingSince() != null
        || known == null
        || known.state() != stored.state()
        || now.isBefore(known.since().plus(WRITE_AFTER))) {
      return Optional.empty();
    }
    return Optional.of(known.since());
  }

  /** What began here for this alert is void: it stopped, was written, or the state changed. */
  void forget(UUID alertId) {
    begun.remove(alertId);
  }

  /**
   * Writes {@code since} (null: none) as the pending time of {@code stored}; false when another
   * instance, or a change of the rule, got there first.
   */
  boolean write(Alert stored, Instant since) {
    forget(stored.id());
    return write0(stored, since);
  }

  private boolean write0(Alert stored, Instant since) {
    int changed =
        database.withHandle(
            "recording a pending alert condition",
            handle ->
                handle
                    .createUpdate(
                        "UPDATE alerts SET pending_since = ? WHERE id = ? AND state = ? AND enabled"
                            + (since == null
                                ? " AND pending_since IS NOT NULL"
                                : " AND pending_since IS NULL"))
                    .bind(0, since)
                    .bind(1, stored.id())
                    .bind(2, stored.state().key())
                    .execute());
    return changed == 1;
  }
}
