package org.aqmrg.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aqmrg.error.InvalidInputException;

/**
 * Sends an alert notification to a webhook: a JSON POST signed as GitHub signs its webhooks, {@code
 * X-AQMRG-Signature: sha256=<hex HMAC-SHA256 of the body with the webhook's secret>}, with the
 * delivery's id as {@code Idempotency-Key} so that a receiver can drop a repeat. Redirects are not
 * followed and the target is checked again before every attempt, so a name that has come to resolve
 * to a private address is refused.
 */
public final class Webhooks {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final WebhookTargets targets;
  private final String userAgent;

  public Webhooks(WebhookTargets targets, String version) {
    this.targets = targets;
    this.userAgent = "aqmrg/" + version;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The value of {@code X-AQMRG-Signature} for {@code body}. */
  public static String signature(String secret, byte[] body) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * One attempt: 2xx is delivered; 408, 429 and 5xx, a timeout or a lost connection are tried
   * again; any other status means the receiver refused it for good.
   */
  public Attempt send(UUID deliveryId, String url, String secret, String event, String body) {
    URI uri;
    try {
      uri = targets.parse("url", url);
      targets.check("url", uri);
    } catch (InvalidInputException e) {
      return Attempt.refused(null, "target refused: " + e.getMessage());
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var request =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", userAgent)
            .header("Idempotency-Key", deliveryId.toString())
            .header("X-AQMRG-Event", event)
            .header("X-AQMRG-Signature", signature(secret, bytes))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return Attempt.delivered(status);
      }
      String error = "the receiver answered HTTP " + status;
      boolean again = status == 408 || status == 429 || status >= 500;
      return again ? Attempt.retry(status, error) : Attempt.refused(status, error);
    } catch (IOException e) {
      return Attempt.retry(null, "could not reach " + uri.getHost() + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.retry(null, "interrupted while sending");
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
