package org.aqmrg.alerts;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.notify.SigningSecrets;
import org.jdbi.v3.core.Handle;

/**
 * The signing secret of each webhook ({@code alert_webhook_secrets}): 32 random bytes, made when
 * the webhook is added to an alert and shown to its owner only then; the sender reads it to sign.
 */
public final class WebhookSecrets implements SigningSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database database;

  public WebhookSecrets(Database database) {
    this.database = database;
  }

  @Override
  public Optional<String> secret(UUID alertId, String webhookId) {
    return database.withHandle(
        "reading a webhook's signing secret",
        handle ->
            handle
                .createQuery(
                    "SELECT secret FROM alert_webhook_secrets WHERE alert_id = ? AND webhook_id = ?")
                .bind(0, alertId)
                .bind(1, webhookId)
                .mapTo(String.class)
                .findOne());
  }

  /** Stores a new secret for each webhook that has none yet; returns them by webhook id. */
  static Map<String, String> store(Handle handle, UUID alertId, Channels channels) {
    var created = new LinkedHashMap<String, String>();
    for (var hook : channels.webhooks()) {
      String secret = "whsec_" + random(32);
      int inserted =
          handle
              .createUpdate(
                  "INSERT INTO alert_webhook_secrets (alert_id, webhook_id, secret)"
                      + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
              .bind(0, alertId)
              .bind(1, hook.id())
              .bind(2, secret)
              .execute();
      if (inserted == 1) {
        created.put(hook.id(), secret);
      }
    }
    return created;
  }

  /** {@code bytes} random bytes, base64url without padding. */
  static String random(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
