package org.aqmrg.notify;

import java.time.Instant;
import java.util.UUID;

/** A claimed row of the outbox, with what it takes to send it. */
record Pending(
    UUID id,
    UUID alertId,
    String channel,
    String target,
    String webhookId,
    String payload,
    int attempts,
    Instant createdAt) {}
