package org.aqmrg.alerts;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.cache.Cache;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.aqmrg.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alerts through the real interfaces: rules made over the API, readings written through the write
 * API, transitions decided in PostgreSQL with the state in Redis, webhooks to a real HTTP receiver
 * and e-mail to a real SMTP server (GreenMail).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsIT {
  private ApiServer api;
  private WebhookReceiver receiver;
  private GreenMail smtp;
  private String owner;

  @BeforeAll
  void start() throws Exception {
    receiver = new WebhookReceiver();
    int smtpPort = TestServers.freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    api =
        ApiServer.start(
            "redis",
            Map.of(
                "AQMRG_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8",
                "AQMRG_SMTP_HOST", "127.0.0.1",
                "AQMRG_SMTP_PORT", String.valueOf(smtpPort),
                "AQMRG_SMTP_STARTTLS", "off",
                "AQMRG_PUBLIC_URL", "https://aq.example.org"));
    api.user("owner@alerts.test", Role.PUBLIC);
    api.user("writer@alerts.test", Role.ADMIN);
    owner = api.login("owner@alerts.test");
  }

  @AfterAll
  void stop() {
    api.close();
    smtp.stop();
    receiver.close();
  }

  /** A location with one sensor; returns the location's id. */
  private UUID place(String sensor) throws SQLException {
    UUID id = UUID.randomUUID();
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude, timezone)"
              + " VALUES ('"
              + id
              + "', 'Ikeja school "
              + sensor
              + "', 'Lagos', 'NG', 6.6, 3.35,"
              + " 'Africa/Lagos')");
      statement.execute(
          "INSERT INTO sensors (id, name, location_id, status) VALUES ('"
              + sensor
              + "', 's', '"
              + id
              + "', 'active')");
    }
    return id;
  }

  private void write(String sensor, double pm25) {
    String line =
        "air_quality,sensor_id=%s pm25=%s %d".formatted(sensor, pm25, Instant.now().toEpochMilli());
    var response =
        api.send(
            "POST",
            "/api/v2/write?bucket=sensor_data&precision=ms",
            line,
            "Authorization",
            bearer(api.login("writer@alerts.test")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private JsonNode create(String body) {
    var response = api.send("POST", "/api/v1/alerts", body, "Authorization", bearer(owner));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response);
  }

  private JsonNode events(String id) {
    return json(api.get("/api/v1/alerts/" + id + "/events", "Authorization", bearer(owner)))
        .get("events");
  }

  private String state(String id) {
    Cache cache = api.platform().cache();
    return cache.get("alert:" + id + ":state").orElse(null);
  }

  @Test
  void a_simple_alert_fires_on_the_first_reading_above_and_clears_on_the_first_below()
      throws Exception {
    UUID location = place("ALERT-SIMPLE");
    String hook = receiver.url("/simple");
    var created =
        create(
            """
            {"name": "school PM2.5", "location_id": "%s", "pollutant": "pm25", "threshold": 35,
             "notification_channels": {"webhooks": [{"url": "%s"}],
                                       "emails": ["head@school.example"]}}"""
                .formatted(location, hook));
    String id = created.get("id").asText();
    String webhookId =
        created.get("notification_channels").get("webhooks").get(0).get("id").asText();
    String secret = created.get("webhook_secrets").get(webhookId).asText();
    assertThat(secret).startsWith("whsec_");
    await().atMost(Duration.ofSeconds(15)).until(() -> "normal".equals(state(id)));

    write("ALERT-SIMPLE", 20);
    write("ALERT-SIMPLE", 80.5);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> receiver.received().stream().filter(r -> r.body().contains(id)).count() == 1);
    var delivered =
        receiver.received().stream().filter(r -> r.body().contains(id)).findFirst().orElseThrow();
    assertThat(delivered.header("X-AQMRG-Signature")).isEqualTo(hmac(secret, delivered.body()));
    assertThat(delivered.header("X-AQMRG-Event")).isEqualTo("fired");
    var body = WebApp.objectMapper().readTree(delivered.body());
    assertThat(body.get("value").asDouble()).isEqualTo(80.5);
    assertThat(body.get("threshold").asDouble()).isEqualTo(35);
    assertThat(body.get("location").get("name").asText()).isEqualTo("Ikeja school ALERT-SIMPLE");
    assertThat(state(id)).isEqualTo("triggered");

    await().atMost(Duration.ofSeconds(15)).until(() -> smtp.getReceivedMessages().length >= 1);
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("Alert: school PM2.5 at Ikeja school ALERT-SIMPLE");
    String text = mail.getContent().toString();
    assertThat(text)
        .contains("Value: 80.5 µg/m³")
        .contains("Threshold: 35 µg/m³")
        .contains("https://aq.example.org/api/v1/alerts/unsubscribe?alert=" + id);
    var deliveries =
        json(api.get("/api/v1/alerts/" + id + "/deliveries", "Authorization", bearer(owner)))
            .get("deliveries");
    assertThat(deliveries).hasSize(2);
    assertThat(mail.getHeader("Message-ID")[0]).matches("<[0-9a-f-]{36}@aqmrg>");
    String webhookDelivery = null;
    for (JsonNode d : deliveries) {
      assertThat(d.get("status").asText()).isEqualTo("delivered");
      if (d.get("channel").asText().equals("webhook")) {
        webhookDelivery = d.get("id").asText();
      }
    }
    assertThat(delivered.header("Idempotency-Key")).isEqualTo(webhookDelivery);

    write("ALERT-SIMPLE", 34);

    await().atMost(Duration.ofSeconds(15)).until(() -> "normal".equals(state(id)));
    var kinds = events(id).findValuesAsText("kind");
    assertThat(kinds).containsExactly("cleared", "fired");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> receiver.received().stream().filter(r -> r.body().contains(id)).count() == 2);
  }

  @Test
  void two_instances_on_the_same_stores_send_one_notification_per_transition() throws Exception {
    UUID location = place("ALERT-PAIR");
    var created =
        create(
            """
            {"location_id": "%s", "pollutant": "pm25", "threshold": 35,
             "notification_channels": {"webhooks": [{"url": "%s"}]}}"""
                .formatted(location, receiver.url("/pair")));
    String id = created.get("id").asText();
    try (var second = ApiServer.start(api.env())) {
      // Both evaluators tick every second and read the same latest values from Redis.
      await().atMost(Duration.ofSeconds(15)).until(() -> "normal".equals(state(id)));
      write("ALERT-PAIR", 90);
      await().atMost(Duration.ofSeconds(15)).until(() -> toPair(id) == 1);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> toPair(id) == 1);

      var response =
          second.send(
              "POST",
              "/api/v2/write?bucket=sensor_data&precision=ms",
              "air_quality,sensor_id=ALERT-PAIR pm25=10 " + Instant.now().toEpochMilli(),
              "Authorization",
              bearer(second.login("writer@alerts.test")));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
      await().atMost(Duration.ofSeconds(15)).until(() -> toPair(id) == 2);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> toPair(id) == 2);
    }
    assertThat(events(id).findValuesAsText("kind")).containsExactly("cleared", "fired");
  }

  private long toPair(String id) {
    return receiver.received().stream().filter(r -> r.body().contains(id)).count();
  }

  /** The signature a receiver computes, as README shows it. */
  private static String hmac(String secret, String body) throws Exception {
    var mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256="
        + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
