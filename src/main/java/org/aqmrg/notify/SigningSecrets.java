package org.aqmrg.notify;

import java.util.Optional;
import java.util.UUID;

/**
 * The signing secret of a webhook, by the alert and the webhook id its notification names. Empty
 * when the alert or the webhook no longer exists (deleted or changed since the notification was
 * queued): such a notification is not sent, since it could not be signed.
 */
@FunctionalInterface
public interface SigningSecrets {
  Optional<String> secret(UUID alertId, String webhookId);
}
