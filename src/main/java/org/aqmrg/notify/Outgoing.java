package org.aqmrg.notify;

import java.util.UUID;

/**
 * One notification on its way out: a claimed row of the outbox, or a test notification sent at
 * once. {@code deliveryId} is the webhook's {@code Idempotency-Key} and the e-mail's {@code
 * Message-ID}, the same on every attempt.
 *
 * @param webhookId the webhook whose secret signs the body; null for e-mail
 * @param payload the webhook's JSON body, or the e-mail's JSON described in {@link Mailer}
 * @param attempts how many attempts were made before this one
 */
public record Outgoing(
    UUID deliveryId,
    UUID alertId,
    Notification.Channel channel,
    String target,
    String webhookId,
    String payload,
    int attempts) {}
