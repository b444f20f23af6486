package org.aqmrg.alerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * Where an alert's notifications go: the seed's {@code notification_channels}, stored as {@code
 * {"webhooks": [{"id": "…", "url": "https://…"}], "emails": ["someone@example.org"]}}. A webhook's
 * id names its signing secret (table {@code alert_webhook_secrets}), which is never part of the
 * channels.
 */
public record Channels(List<Webhook> webhooks, List<String> emails) {
  public static final Channels NONE = new Channels(List.of(), List.of());

  public Channels {
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    emails = emails == null ? List.of() : List.copyOf(emails);
  }

  public record Webhook(String id, String url) {}

  @JsonIgnore // not a property: stored and answered channels are webhooks and emails only
  public boolean isEmpty() {
    return webhooks.isEmpty() && emails.isEmpty();
  }
}
