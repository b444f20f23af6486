package org.aqmrg.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.config.AlertSettings;
import org.aqmrg.config.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** E-mail delivered by the sender from the outbox to a real SMTP server (GreenMail). */
class MailDeliveryIT {
  private static final String PAYLOAD =
      "{\"subject\":\"PM2.5 above 35 µg/m³ at Ikeja\",\"text\":\"PM2.5 is 41.5 µg/m³ at Ikeja"
          + " school.\\nThreshold: 35.\",\"unsubscribe_url\":\"https://aq.example.org/u?t=1\"}";
  private static final NotificationSender.Timing FAST =
      new NotificationSender.Timing(
          Duration.ofMillis(50),
          Duration.ofSeconds(30),
          Duration.ofHours(1),
          Duration.ofMillis(100));

  private final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private OutboxFixture fixture;
  private NotificationSender sender;

  @BeforeEach
  void start() {
    smtp.start();
    fixture = new OutboxFixture("mail");
  }

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    fixture.close();
    smtp.stop();
  }

  private AlertSettings.Smtp server(AlertSettings.StartTls startTls) {
    return new AlertSettings.Smtp(
        "127.0.0.1", smtp.getSmtp().getPort(), startTls, "", Secret.of(""), "alerts@aqmrg.test");
  }

  private void send(Optional<AlertSettings.Smtp> server) {
    var webhooks =
        new Webhooks(new WebhookTargets(java.util.List.of()), (a, w) -> Optional.empty(), "test");
    sender = NotificationSender.start(fixture.outbox, webhooks, new Mailer(server), 2, FAST);
    sender.wake();
  }

  private void awaitStatus(UUID id, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fixture.delivery(id).status().equals(status));
  }

  @Test
  void an_email_arrives_once_in_plain_text_with_the_delivery_id_as_message_id() throws Exception {
    UUID id = fixture.emails(PAYLOAD, "school@example.org").get(0);
    send(Optional.of(server(AlertSettings.StartTls.OFF)));

    awaitStatus(id, "delivered");
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    var message = received[0];
    assertThat(message.getSubject()).isEqualTo("PM2.5 above 35 µg/m³ at Ikeja");
    assertThat(message.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
    // SMTP carries lines ending in CRLF
    assertThat(((String) message.getContent()).replace("\r\n", "\n").strip())
        .isEqualTo("PM2.5 is 41.5 µg/m³ at Ikeja school.\nThreshold: 35.");
    assertThat(message.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("school@example.org");
    assertThat(message.getFrom()).extracting(Object::toString).containsExactly("alerts@aqmrg.test");
    assertThat(message.getMessageID()).isEqualTo("<" + id + "@aqmrg>");
    assertThat(message.getHeader("List-Unsubscribe"))
        .containsExactly("<https://aq.example.org/u?t=1>");
    assertThat(fixture.delivery(id).attempts()).isEqualTo(1);
  }

  @Test
  void starttls_required_refuses_to_send_in_plain_text_and_keeps_trying() {
    UUID id = fixture.emails(PAYLOAD, "school@example.org").get(0);
    send(Optional.of(server(AlertSettings.StartTls.REQUIRED)));

    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.delivery(id).attempts() >= 2);
    var delivery = fixture.delivery(id);
    assertThat(delivery.status()).isEqualTo("pending");
    assertThat(delivery.lastError()).containsIgnoringCase("STARTTLS");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void without_an_smtp_server_an_email_fails_at_once_naming_the_setting() {
    UUID id = fixture.emails(PAYLOAD, "school@example.org").get(0);
    send(Optional.empty());

    awaitStatus(id, "failed");
    assertThat(fixture.delivery(id).lastError()).contains("AQMRG_SMTP_HOST");
    assertThat(fixture.delivery(id).attempts()).isEqualTo(1);
  }

  @Test
  void a_payload_without_a_subject_fails_at_once_and_sends_nothing() {
    UUID id = fixture.emails("{\"text\":\"no subject\"}", "school@example.org").get(0);
    send(Optional.of(server(AlertSettings.StartTls.OFF)));

    awaitStatus(id, "failed");
    assertThat(fixture.delivery(id).lastError()).contains("no subject");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
