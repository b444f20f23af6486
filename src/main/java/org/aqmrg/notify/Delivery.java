package org.aqmrg.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of the outbox as its owner sees it in the delivery log: one notification of one event,
 * where it went and how it fared. The id is the webhook's {@code Idempotency-Key} and the e-mail's
 * {@code Message-ID}.
 *
 * @param status {@code pending}, {@code delivered} or {@code failed} (retries given up)
 * @param lastStatus the receiver's HTTP status at the last attempt, for webhooks; else null
 */
public record Delivery(
    UUID id,
    UUID alertId,
    long eventId,
    Instant eventAt,
    String channel,
    String target,
    String status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Integer lastStatus,
    Instant createdAt,
    Instant deliveredAt) {}
