package org.aqmrg.notify;

import java.util.Optional;
import java.util.UUID;

/** The signing secret of an alert's webhook, kept by the alerts feature; empty when unknown. */
@FunctionalInterface
public interface SigningSecrets {
  Optional<String> secret(UUID alertId, String webhookId);
}
