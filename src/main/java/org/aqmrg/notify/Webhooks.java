package org.aqmrg.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aqmrg.error.InvalidInputException;

/**
 * Delivers a notification to a webhook: one {@code POST} of the payload as {@code application/json}
 * with the headers
 *
 * <ul>
 *   <li>{@code Idempotency-Key}: the delivery id, the same on every retry, so that a receiver can
 *       drop a repeat;
 *   <li>{@code X-AQMRG-Signature: sha256=<hex>}: HMAC-SHA256 of the exact body bytes with the
 *       webhook's secret, as GitHub signs its webhooks;
 *   <li>{@code X-AQMRG-Event}: the payload's {@code event} ({@code fired}, {@code cleared}, {@code
 *       offline}, {@code test});
 *   <li>{@code User-Agent: aqmrg/<version>}.
 * </ul>
 *
 * <p>The target is checked with {@link WebhookTargets#check} before every attempt (what a name
 * resolves to can change), redirects are never followed (a redirect could lead into the operator's
 * network), and connecting and the whole exchange have timeouts, so a receiver that hangs costs one
 * sending thread for at most that long. A 2xx answer is delivered; 4xx other than 408 and 429 means
 * the receiver refused it (failed at once); anything else is tried again.
 */
public final class Webhooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookTargets targets;
  private final SigningSecrets secrets;
  private final String userAgent;
  private final Duration requestTimeout;
  private final HttpClient client;

  /**
   * @param version the platform's version, for the {@code User-Agent}
   * @param connectTimeout how long connecting may take
   * @param requestTimeout how long the whole exchange may take, connecting included
   */
  public Webhooks(
      WebhookTargets targets,
      SigningSecrets secrets,
      String version,
      Duration connectTimeout,
      Duration requestTimeout) {
    this.targets = targets;
    this.secrets = secrets;
    this.userAgent = "aqmrg/" + version;
    this.requestTimeout = requestTimeout;
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            .build();
  }

  /** The platform's timeouts: connect 5 s, the whole exchange 10 s. */
  public Webhooks(WebhookTargets targets, SigningSecrets secrets, String version) {
    this(targets, secrets, version, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  /** One attempt; never throws for what the receiver or the network does. */
  public Attempt send(Outgoing webhook) {
    URI url;
    try {
      url = targets.parse("webhook", webhook.target());
      targets.check("webhook", url);
    } catch (InvalidInputException e) {
      return Attempt.refused(null, e.getMessage());
    }
    var secret = secrets.secret(webhook.alertId(), webhook.webhookId());
    if (secret.isEmpty()) {
      return Attempt.refused(
          null,
          "webhook "
              + webhook.webhookId()
              + " of alert "
              + webhook.alertId()
              + " has no signing secret; save the alert's webhook again to give it one");
    }
    byte[] body = webhook.payload().getBytes(StandardCharsets.UTF_8);
    var request =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", userAgent)
            .header("Idempotency-Key", webhook.deliveryId().toString())
            .header("X-AQMRG-Signature", signature(secret.get(), body))
            .header("X-AQMRG-Event", event(webhook.payload()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return outcome(status);
    } catch (HttpTimeoutException e) {
      return Attempt.retry(null, "the receiver did not answer in time (" + e.getMessage() + ")");
    } catch (IOException e) {
      return Attempt.retry(null, "the receiver could not be reached: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.retry(null, "the attempt was interrupted (the sender stopped)");
    }
  }

  static Attempt outcome(int status) {
    if (status >= 200 && status < 300) {
      return Attempt.delivered(status);
    }
    String answered = "the receiver answered HTTP " + status;
    if (status >= 300 && status < 400) {
      return Attempt.retry(status, answered + "; redirects are not followed, use the final URL");
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      return Attempt.refused(status, answered + ", refusing the notification");
    }
    return Attempt.retry(status, answered);
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} with {@code secret}. */
  static String signature(String secret, byte[] body) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java has HmacSHA256", e);
    }
  }

  private static String event(String payload) {
    try {
      var event = JSON.readTree(payload).path("event");
      return event.isTextual() ? event.asText() : "unknown";
    } catch (JsonProcessingException e) {
      return "unknown";
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
