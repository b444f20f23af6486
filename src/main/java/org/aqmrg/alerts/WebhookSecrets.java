package org.aqmrg.alerts;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The ids and signing secrets of an alert's webhooks, table {@code alert_webhook_secrets}. A secret
 * is 32 random bytes, base64url without padding, prefixed {@code whsec_}; it is stored apart from
 * the channels, so that reading an alert never shows one.
 */
final class WebhookSecrets {
  static final String SECRET_PREFIX = "whsec_";
  static final String ID_PREFIX = "wh_";

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();

  /** The channels to save, and the secrets of the webhooks new in them, by webhook id. */
  record Made(Channels channels, Map<String, String> secrets) {}

  /**
   * The requested channels with ids: a URL already among {@code stored} keeps its webhook's id (and
   * so its secret); any other URL gets a new id and a new secret.
   */
  Made assign(Channels stored, ChannelChecks.Requested requested) {
    var webhooks = new ArrayList<Channels.Webhook>();
    var secrets = new LinkedHashMap<String, String>();
    for (String url : requested.urls()) {
      var kept = stored.webhooks().stream().filter(w -> w.url().equals(url)).findFirst();
      if (kept.isPresent()) {
        webhooks.add(kept.get());
      } else {
        String id = ID_PREFIX + encoded(12);
        webhooks.add(new Channels.Webhook(id, url));
        secrets.put(id, SECRET_PREFIX + encoded(32));
      }
    }
    return new Made(new Channels(webhooks, requested.emails()), secrets);
  }

  private String encoded(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return BASE64URL.encodeToString(raw);
  }

  static void store(Handle handle, UUID alertId, Map<String, String> secrets) {
    if (secrets.isEmpty()) {
      return;
    }
    var batch =
        handle.prepareBatch(
            "INSERT INTO alert_webhook_secrets (alert_id, webhook_id, secret) VALUES (?, ?, ?)");
    secrets.forEach((id, secret) -> batch.bind(0, alertId).bind(1, id).bind(2, secret).add());
    batch.execute();
  }

  /** Forgets the secrets of webhooks no longer among {@code channels}. */
  static void keepOnly(Handle handle, UUID alertId, Channels channels) {
    String[] kept = channels.webhooks().stream().map(Channels.Webhook::id).toArray(String[]::new);
    handle
        .createUpdate(
            "DELETE FROM alert_webhook_secrets WHERE alert_id = ? AND NOT (webhook_id = ANY(?))")
        .bind(0, alertId)
        .bind(1, kept)
        .execute();
  }
}
