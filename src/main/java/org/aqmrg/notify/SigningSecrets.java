package org.aqmrg.notify;

import java.util.Optional;
import java.util.UUID;

/**
 * The signing secret of each webhook of an alert, kept by the alerts feature. The sender asks for
 * it before every attempt, so a webhook whose secret was replaced signs with the new one.
 */
@FunctionalInterface
public interface SigningSecrets {
  /** The secret of the webhook {@code webhookId} of the alert; empty when it has none. */
  Optional<String> secret(UUID alertId, String webhookId);
}
