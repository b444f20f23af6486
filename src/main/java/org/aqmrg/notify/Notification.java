package org.aqmrg.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification of an alert event, as it goes into the outbox ({@code alert_deliveries}): the
 * channel, the target (a webhook's url or an e-mail address) and the payload, ready to send. The
 * alerts feature builds it; this package only delivers it.
 *
 * @param webhookId the webhook whose secret signs the body; null for e-mail
 * @param payload the webhook's JSON body, or for e-mail {@code {"subject": …, "text": …}}
 */
public record Notification(
    UUID alertId,
    long eventId,
    Instant eventAt,
    Channel channel,
    String target,
    String webhookId,
    String payload) {

  public enum Channel {
    WEBHOOK("webhook"),
    EMAIL("email");

    private final String key;

    Channel(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }
}
