package org.aqmrg.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aqmrg.config.AlertSettings.Network;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks delivered by the sender from the outbox in PostgreSQL to real HTTP receivers. */
class WebhookDeliveryIT {
  private static final String SECRET = "whsec_c2VjcmV0IG9mIHRoZSB0ZXN0IHdlYmhvb2sgMDEyMzQ1Njc";
  private static final String BODY =
      "{\"alert_id\":\"a\",\"event\":\"fired\",\"value\":41.5,\"threshold\":35,\"unit\":\"µg/m³\"}";
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final NotificationSender.Timing FAST =
      new NotificationSender.Timing(
          Duration.ofMillis(50),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          Duration.ofMillis(100));

  private final List<AutoCloseable> closing = new ArrayList<>();
  private OutboxFixture fixture;

  @BeforeEach
  void start() {
    fixture = new OutboxFixture("webhooks");
    fixture.secret("w1", SECRET);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    fixture.close();
  }

  private <T extends AutoCloseable> T closeLater(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private static List<Network> loopback() {
    try {
      return List.of(new Network(InetAddress.getByName("127.0.0.0"), 8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Webhooks webhooks(List<Network> allowed, Duration requestTimeout) {
    return new Webhooks(
        new WebhookTargets(allowed),
        fixture.secrets(),
        "test",
        Duration.ofSeconds(5),
        requestTimeout);
  }

  private NotificationSender sender(int threads, NotificationSender.Timing timing) {
    return sender(webhooks(loopback(), Duration.ofSeconds(10)), threads, timing);
  }

  private NotificationSender sender(
      Webhooks webhooks, int threads, NotificationSender.Timing timing) {
    return closeLater(
        NotificationSender.start(
            fixture.outbox, webhooks, new Mailer(Optional.empty()), threads, timing));
  }

  private Receiver receiver(Receiver receiver) {
    return closeLater(receiver);
  }

  private void awaitStatus(UUID id, String status) {
    await().atMost(DEADLINE).until(() -> fixture.delivery(id).status().equals(status));
  }

  static String hmac(String secret, byte[] body) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void a_webhook_is_posted_once_signed_with_its_secret_and_keyed_by_the_delivery_id()
      throws Exception {
    var receiver = receiver(Receiver.answering(204));
    UUID id = fixture.webhooks("w1", BODY, receiver.url("/hook?team=air")).get(0);
    var sender = sender(2, FAST);
    sender.wake();

    awaitStatus(id, "delivered");
    assertThat(receiver.requests).hasSize(1);
    var request = receiver.requests.get(0);
    assertThat(request.path()).isEqualTo("/hook");
    // jsonb keeps the content, not the spelling: the signature covers the bytes as sent
    assertThat(request.text()).contains("\"value\": 41.5").contains("µg/m³");
    assertThat(request.header("X-AQMRG-Signature")).isEqualTo(hmac(SECRET, request.body()));
    assertThat(request.header("X-AQMRG-Signature"))
        .isNotEqualTo(hmac("whsec_other", request.body()));
    assertThat(request.header("Idempotency-Key")).isEqualTo(id.toString());
    assertThat(request.header("X-AQMRG-Event")).isEqualTo("fired");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("User-Agent")).isEqualTo("aqmrg/test");
    var delivery = fixture.delivery(id);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastStatus()).isEqualTo(204);
    assertThat(delivery.deliveredAt()).isNotNull();
  }

  @Test
  void a_receiver_answering_503_is_retried_until_it_takes_the_notification() {
    var receiver = receiver(new Receiver(number -> number <= 3 ? 503 : 200));
    UUID id = fixture.webhooks("w1", BODY, receiver.url("/flaky")).get(0);
    sender(2, FAST).wake();

    awaitStatus(id, "delivered");
    assertThat(receiver.requests).hasSize(4);
    assertThat(receiver.withKey(id)).isEqualTo(4);
    var delivery = fixture.delivery(id);
    assertThat(delivery.attempts()).isEqualTo(4);
    assertThat(delivery.lastStatus()).isEqualTo(200);
    assertThat(delivery.lastError()).isNull();
  }

  @Test
  void a_receiver_that_is_down_fails_after_the_give_up_age_and_a_hanging_one_holds_up_nobody()
      throws Exception {
    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    var release = new CountDownLatch(1);
    var hanging =
        receiver(
            new Receiver(
                (number, exchange) -> {
                  release.await();
                  return 200;
                }));
    var good = receiver(Receiver.answering(200));
    UUID hangs = fixture.webhooks("w1", BODY, hanging.url("/hangs")).get(0);
    UUID down = fixture.webhooks("w1", BODY, "http://127.0.0.1:" + closedPort + "/down").get(0);
    UUID fine = fixture.webhooks("w1", BODY, good.url("/fine")).get(0);
    var timing =
        new NotificationSender.Timing(
            Duration.ofMillis(50),
            Duration.ofSeconds(60),
            Duration.ofSeconds(2),
            Duration.ofMillis(100));
    // two threads: the hanging receiver holds one for as long as the test runs
    sender(webhooks(loopback(), Duration.ofSeconds(60)), 2, timing).wake();

    awaitStatus(fine, "delivered");
    awaitStatus(down, "failed");
    assertThat(hanging.requests).hasSize(1);
    assertThat(fixture.delivery(hangs).status()).isEqualTo("pending");
    var failed = fixture.delivery(down);
    assertThat(failed.attempts()).isGreaterThan(1);
    assertThat(failed.lastError()).contains("could not be reached");
    assertThat(failed.lastStatus()).isNull();
    assertThat(good.requests).hasSize(1);
    release.countDown();
  }

  @Test
  void a_receiver_answering_410_fails_the_notification_at_once() {
    var receiver = receiver(Receiver.answering(410));
    UUID id = fixture.webhooks("w1", BODY, receiver.url("/gone")).get(0);
    sender(2, FAST).wake();

    awaitStatus(id, "failed");
    var delivery = fixture.delivery(id);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastStatus()).isEqualTo(410);
    assertThat(delivery.lastError()).contains("HTTP 410");
    assertThat(receiver.requests).hasSize(1);
  }

  @Test
  void a_loopback_target_is_refused_at_send_time_unless_its_network_is_allowed() {
    var receiver = receiver(Receiver.answering(200));
    UUID id = fixture.webhooks("w1", BODY, receiver.url("/internal")).get(0);
    sender(webhooks(List.of(), Duration.ofSeconds(10)), 2, FAST).wake();

    awaitStatus(id, "failed");
    var delivery = fixture.delivery(id);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastError())
        .contains("127.0.0.1")
        .contains("AQMRG_WEBHOOK_ALLOWED_NETWORKS");
    assertThat(receiver.requests).isEmpty();
  }

  @Test
  void a_webhook_without_a_signing_secret_fails_saying_so_and_sends_nothing() {
    var receiver = receiver(Receiver.answering(200));
    UUID id = fixture.webhooks("w-unknown", BODY, receiver.url("/unsigned")).get(0);
    sender(2, FAST).wake();

    awaitStatus(id, "failed");
    assertThat(fixture.delivery(id).lastError())
        .contains("w-unknown")
        .contains("has no signing secret");
    assertThat(receiver.requests).isEmpty();
  }

  @Test
  void two_senders_on_one_outbox_deliver_every_notification_once() {
    var receiver = receiver(Receiver.answering(200));
    var urls = new String[60];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = receiver.url("/each/" + i);
    }
    var ids = fixture.webhooks("w1", BODY, urls);
    var first = sender(3, FAST);
    var second = sender(3, FAST);
    first.wake();
    second.wake();

    await()
        .atMost(DEADLINE)
        .until(
            () ->
                fixture.outbox.forAlert(fixture.alertId, 1_000).stream()
                    .allMatch(d -> d.status().equals("delivered")));
    assertThat(receiver.requests).hasSize(ids.size());
    for (UUID id : ids) {
      assertThat(receiver.withKey(id)).as("requests keyed %s", id).isEqualTo(1);
    }
  }

  @Test
  void a_notification_claimed_by_a_sender_that_died_is_delivered_again_with_the_same_key() {
    var receiver = receiver(Receiver.answering(200));
    UUID id = fixture.webhooks("w1", BODY, receiver.url("/crash")).get(0);
    // A sender claims the row with a short lease, sends it, and dies before recording it.
    var claimed = fixture.outbox.claim("crashed", 10, Duration.ofSeconds(2));
    assertThat(claimed).extracting(Outgoing::deliveryId).containsExactly(id);
    assertThat(fixture.outbox.claim("other", 10, Duration.ofSeconds(30))).isEmpty();
    assertThat(webhooks(loopback(), Duration.ofSeconds(10)).send(claimed.get(0)).delivered())
        .isTrue();

    sender(2, FAST).wake();

    awaitStatus(id, "delivered");
    assertThat(receiver.requests).hasSize(2);
    assertThat(receiver.withKey(id)).isEqualTo(2);
    assertThat(fixture.delivery(id).attempts()).isEqualTo(1);
  }
}
