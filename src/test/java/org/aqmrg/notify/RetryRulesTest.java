package org.aqmrg.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which answers are retried, and how long the sender waits before the next attempt. */
class RetryRulesTest {
  @Test
  void answers_2xx_deliver_4xx_refuse_except_408_and_429_and_the_rest_are_retried() {
    assertThat(Webhooks.outcome(200).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
    assertThat(Webhooks.outcome(299).outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
    assertThat(Webhooks.outcome(400).outcome()).isEqualTo(Attempt.Outcome.REFUSED);
    assertThat(Webhooks.outcome(410).outcome()).isEqualTo(Attempt.Outcome.REFUSED);
    assertThat(Webhooks.outcome(408).outcome()).isEqualTo(Attempt.Outcome.RETRY);
    assertThat(Webhooks.outcome(429).outcome()).isEqualTo(Attempt.Outcome.RETRY);
    assertThat(Webhooks.outcome(503).outcome()).isEqualTo(Attempt.Outcome.RETRY);
    var redirect = Webhooks.outcome(302);
    assertThat(redirect.outcome()).isEqualTo(Attempt.Outcome.RETRY);
    assertThat(redirect.error()).contains("redirects are not followed");
  }

  @Test
  void the_backoff_doubles_from_the_first_wait_with_jitter_and_stops_at_an_hour() {
    var first = Duration.ofSeconds(10);
    for (int i = 0; i < 200; i++) {
      assertThat(NotificationSender.backoff(first, 0)).isBetween(Duration.ofMillis(7_500), first);
      assertThat(NotificationSender.backoff(first, 3))
          .isBetween(Duration.ofSeconds(60), Duration.ofSeconds(80));
      assertThat(NotificationSender.backoff(first, 12))
          .isBetween(Duration.ofMinutes(45), Duration.ofHours(1));
      assertThat(NotificationSender.backoff(first, 1_000))
          .isBetween(Duration.ofMinutes(45), Duration.ofHours(1));
    }
  }

  @Test
  void the_signature_is_the_hex_hmac_sha256_of_the_body_as_github_signs() {
    // RFC 4231 test case 2
    assertThat(
            Webhooks.signature(
                "Jefe",
                "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
