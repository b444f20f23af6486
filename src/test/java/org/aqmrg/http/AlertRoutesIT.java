package org.aqmrg.http;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.aqmrg.alerts.Alert;
import org.aqmrg.alerts.AlertListener;
import org.aqmrg.alerts.AlertRules;
import org.aqmrg.alerts.ChannelChecks;
import org.aqmrg.alerts.Channels;
import org.aqmrg.alerts.Unsubscribe;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Database;
import org.aqmrg.db.Seeds;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.notify.Notification;
import org.aqmrg.notify.Outbox;
import org.aqmrg.notify.WebhookTargets;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /api/v1/alerts} on the real platform and PostgreSQL, with the dev seed's Lagos network and
 * an SMTP server configured (nothing is sent here), signed in as users of each role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertRoutesIT {
  static final String IKEJA = "22222222-2222-4222-8222-000000000001";
  static final String PUBLIC_HOOK = "https://93.184.216.34/hooks/air";

  private ApiServer api;
  private Database database;
  private String admin;
  private String owner;
  private String other;
  private String ownerId;

  @BeforeAll
  void start() {
    api =
        ApiServer.start(
            "memory",
            Map.of(
                "AQMRG_RATE_LIMIT_ANONYMOUS", "1000000",
                "AQMRG_SMTP_HOST", "127.0.0.1",
                "AQMRG_SMTP_PORT", "2525"));
    database = Database.of(api.platform().database().dataSource());
    new Seeds(database).load(Seeds.Set.DEV);
    api.user("admin@alerts.test", Role.ADMIN);
    ownerId =
        api.platform()
            .web()
            .users()
            .create("owner@alerts.test", ApiServer.PASSWORD, Role.PUBLIC)
            .id()
            .toString();
    api.user("other@alerts.test", Role.RESEARCHER);
    admin = api.login("admin@alerts.test");
    owner = api.login("owner@alerts.test");
    other = api.login("other@alerts.test");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<String> as(String session, String method, String path, String body) {
    return api.send(method, path, body, "Authorization", bearer(session));
  }

  private JsonNode created(String session, String body) {
    var response = as(session, "POST", "/api/v1/alerts", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response);
  }

  private static String pm25(String more) {
    return "{\"location_id\":\""
        + IKEJA
        + "\",\"pollutant\":\"pm25\",\"threshold\":35"
        + more
        + "}";
  }

  private static List<String> ids(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var ids = new ArrayList<String>();
    json(response).get("alerts").forEach(alert -> ids.add(alert.get("id").asText()));
    return ids;
  }

  private List<String> auditDetails(String action, String entityId) {
    return database.withHandle(
        "reading the audit trail",
        handle ->
            handle
                .createQuery(
                    "SELECT details::text FROM audit_logs WHERE action = ? AND entity_id = ?")
                .bind(0, action)
                .bind(1, entityId)
                .mapTo(String.class)
                .list());
  }

  @Test
  void a_simple_alert_gets_the_defaults_and_its_owner_lists_reads_changes_and_deletes_it() {
    JsonNode alert = created(owner, pm25(""));
    String id = alert.get("id").asText();

    assertThat(alert.get("user_id").asText()).isEqualTo(ownerId);
    assertThat(alert.get("kind").asText()).isEqualTo("threshold");
    assertThat(alert.get("measure").asText()).isEqualTo("latest");
    assertThat(alert.get("threshold").asDouble()).isEqualTo(35);
    assertThat(alert.get("for_s").asInt()).isZero();
    assertThat(alert.get("clear_deadband").asDouble()).isZero();
    assertThat(alert.get("clear_for_s").asInt()).isZero();
    assertThat(alert.get("enabled").asBoolean()).isTrue();
    assertThat(alert.get("state").asText()).isEqualTo("normal");
    assertThat(alert.get("notification_channels").get("webhooks")).isEmpty();
    assertThat(alert.get("webhook_secrets")).isEmpty();
    assertThat(alert.get("created_at").asText()).endsWith("Z");

    assertThat(ids(as(owner, "GET", "/api/v1/alerts", null))).contains(id);
    var read = as(owner, "GET", "/api/v1/alerts/" + id, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json(read).get("location_id").asText()).isEqualTo(IKEJA);

    var changed =
        as(owner, "PATCH", "/api/v1/alerts/" + id, "{\"for_s\":900,\"name\":\"Ikeja school\"}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(json(changed).get("for_s").asInt()).isEqualTo(900);
    assertThat(json(changed).get("name").asText()).isEqualTo("Ikeja school");
    assertThat(json(changed).get("threshold").asDouble()).isEqualTo(35);
    var disabled = as(owner, "PATCH", "/api/v1/alerts/" + id, "{\"enabled\":false}");
    assertThat(json(disabled).get("enabled").asBoolean()).isFalse();
    assertThat(json(disabled).get("for_s").asInt()).isEqualTo(900);

    assertThat(as(owner, "DELETE", "/api/v1/alerts/" + id, null).statusCode()).isEqualTo(204);
    assertThat(as(owner, "GET", "/api/v1/alerts/" + id, null).statusCode()).isEqualTo(404);
    assertThat(ids(as(owner, "GET", "/api/v1/alerts", null))).doesNotContain(id);
  }

  @Test
  void another_user_gets_404_on_the_owners_alert_and_does_not_see_it() {
    String id = created(owner, pm25("")).get("id").asText();

    for (String method : List.of("GET", "PATCH", "DELETE")) {
      var response =
          as(
              other,
              method,
              "/api/v1/alerts/" + id,
              method.equals("PATCH") ? "{\"threshold\":1}" : null);
      assertThat(response.statusCode()).as(method + " " + response.body()).isEqualTo(404);
      assertThat(response.body()).doesNotContain(ownerId);
    }
    assertThat(as(other, "GET", "/api/v1/alerts/" + id + "/deliveries", null).statusCode())
        .isEqualTo(404);
    assertThat(ids(as(other, "GET", "/api/v1/alerts", null))).doesNotContain(id);
    assertThat(as(other, "GET", "/api/v1/alerts?user_id=" + ownerId, null).statusCode())
        .isEqualTo(403);
    assertThat(json(as(owner, "GET", "/api/v1/alerts/" + id, null)).get("threshold").asDouble())
        .isEqualTo(35);
  }

  @Test
  void an_admin_sees_filters_and_manages_every_alert() {
    String id = created(owner, pm25("")).get("id").asText();
    String others = created(other, pm25("")).get("id").asText();

    assertThat(ids(as(admin, "GET", "/api/v1/alerts?limit=1000", null))).contains(id, others);
    // The seed's rows store {"email": [...]}; they read as the platform's emails.
    var seeded = as(admin, "GET", "/api/v1/alerts/33333333-3333-4333-8333-000000000001", null);
    assertThat(json(seeded).get("notification_channels").get("emails").get(0).asText())
        .isEqualTo("researcher@aqmrg.dev");
    assertThat(ids(as(admin, "GET", "/api/v1/alerts?user_id=" + ownerId + "&limit=1000", null)))
        .contains(id)
        .doesNotContain(others);
    var changed = as(admin, "PATCH", "/api/v1/alerts/" + id, "{\"threshold\":55.5}");
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(json(changed).get("threshold").asDouble()).isEqualTo(55.5);
    assertThat(json(changed).get("user_id").asText()).isEqualTo(ownerId);
    assertThat(as(admin, "DELETE", "/api/v1/alerts/" + id, null).statusCode()).isEqualTo(204);
    assertThat(as(owner, "GET", "/api/v1/alerts/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void an_api_token_cannot_use_the_alert_routes_and_nobody_anonymous_can() {
    String token =
        api.platform()
            .web()
            .tokens()
            .create(null, "reader", List.of("read:all"), List.of(), null)
            .secret();
    var response = api.get("/api/v1/alerts", "Authorization", "Token " + token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(api.get("/api/v1/alerts").statusCode()).isEqualTo(401);
  }

  @Test
  void a_webhook_secret_is_shown_once_and_never_in_reads_lists_or_the_audit_trail() {
    JsonNode alert =
        created(
            owner,
            pm25(",\"notification_channels\":{\"webhooks\":[{\"url\":\"" + PUBLIC_HOOK + "\"}]}"));
    String id = alert.get("id").asText();
    JsonNode webhook = alert.get("notification_channels").get("webhooks").get(0);
    String webhookId = webhook.get("id").asText();
    String secret = alert.get("webhook_secrets").get(webhookId).asText();

    assertThat(webhook.get("url").asText()).isEqualTo(PUBLIC_HOOK);
    assertThat(webhook.has("secret")).isFalse();
    assertThat(secret).startsWith("whsec_").hasSize(6 + 43);
    assertThat(api.platform().web().alerts().secret(UUID.fromString(id), webhookId))
        .contains(secret);
    var read = as(owner, "GET", "/api/v1/alerts/" + id, null);
    assertThat(read.body())
        .doesNotContain(secret)
        .doesNotContain("whsec_")
        .doesNotContain("webhook_secrets");
    assertThat(as(owner, "GET", "/api/v1/alerts", null).body()).doesNotContain("whsec_");
    assertThat(as(admin, "GET", "/api/v1/alerts?limit=1000", null).body()).doesNotContain("whsec_");
    as(owner, "PATCH", "/api/v1/alerts/" + id, "{\"threshold\":40}");
    assertThat(auditDetails("alert.create", id))
        .hasSize(1)
        .allSatisfy(d -> assertThat(d).doesNotContain("whsec_").contains(webhookId));
    assertThat(auditDetails("alert.change", id))
        .hasSize(1)
        .allSatisfy(d -> assertThat(d).doesNotContain("whsec_"));
  }

  @Test
  void a_kept_url_keeps_its_webhook_and_secret_and_a_new_url_gets_new_ones() {
    String second = "https://93.184.216.34/hooks/second";
    JsonNode alert =
        created(
            owner,
            pm25(",\"notification_channels\":{\"webhooks\":[{\"url\":\"" + PUBLIC_HOOK + "\"}]}"));
    UUID id = UUID.fromString(alert.get("id").asText());
    String keptId = alert.get("notification_channels").get("webhooks").get(0).get("id").asText();
    String keptSecret = alert.get("webhook_secrets").get(keptId).asText();

    var changed =
        as(
            owner,
            "PATCH",
            "/api/v1/alerts/" + id,
            "{\"notification_channels\":{\"webhooks\":[{\"id\":\""
                + keptId
                + "\",\"url\":\""
                + PUBLIC_HOOK
                + "\"},{\"url\":\""
                + second
                + "\"}]}}");

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    JsonNode webhooks = json(changed).get("notification_channels").get("webhooks");
    assertThat(webhooks.get(0).get("id").asText()).isEqualTo(keptId);
    String newId = webhooks.get(1).get("id").asText();
    assertThat(newId).isNotEqualTo(keptId);
    JsonNode secrets = json(changed).get("webhook_secrets");
    assertThat(secrets.size()).isEqualTo(1);
    String newSecret = secrets.get(newId).asText();
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(keptSecret);
    var rules = api.platform().web().alerts();
    assertThat(rules.secret(id, keptId)).contains(keptSecret);
    assertThat(rules.secret(id, newId)).contains(newSecret);

    var replaced =
        as(
            owner,
            "PATCH",
            "/api/v1/alerts/" + id,
            "{\"notification_channels\":{\"webhooks\":[{\"url\":\"" + second + "\"}]}}");
    assertThat(json(replaced).get("webhook_secrets")).isEmpty();
    assertThat(rules.secret(id, keptId)).isEmpty();
    assertThat(rules.secret(id, newId)).contains(newSecret);
    var other = as(owner, "PATCH", "/api/v1/alerts/" + id, "{\"threshold\":20}");
    assertThat(json(other).get("notification_channels").get("webhooks").get(0).get("id").asText())
        .isEqualTo(newId);
  }

  Stream<Arguments> badInputs() {
    String loc = "{\"location_id\":\"" + IKEJA + "\",";
    String hooks = "notification_channels.webhooks[0].url";
    var cases = new ArrayList<Arguments>();
    cases.add(
        Arguments.of(
            "{\"location_id\":\"33333333-3333-4333-8333-333333333333\",\"pollutant\":\"pm25\",\"threshold\":35}",
            "location_id"));
    cases.add(Arguments.of(loc + "\"pollutant\":\"radon\",\"threshold\":35}", "pollutant"));
    cases.add(Arguments.of(loc + "\"pollutant\":\"pm25\",\"threshold\":1001}", "threshold"));
    cases.add(Arguments.of(loc + "\"pollutant\":\"pm25\",\"threshold\":-5}", "threshold"));
    cases.add(
        Arguments.of(
            loc + "\"pollutant\":\"no2\",\"measure\":\"nowcast_aqi\",\"threshold\":100}",
            "measure"));
    cases.add(Arguments.of(loc + "\"pollutant\":\"pm25\",\"threshold\":35,\"for_s\":-1}", "for_s"));
    cases.add(
        Arguments.of(
            loc + "\"pollutant\":\"pm25\",\"threshold\":35,\"for_s\":31536000000}", "for_s"));
    cases.add(
        Arguments.of(
            loc + "\"pollutant\":\"pm25\",\"threshold\":35,\"clear_for_s\":-30}", "clear_for_s"));
    cases.add(
        Arguments.of(
            loc + "\"kind\":\"offline\",\"offline_after_s\":9999999999}", "offline_after_s"));
    cases.add(
        Arguments.of(
            loc + "\"kind\":\"offline\",\"offline_after_s\":600,\"sensor_id\":\"LAG-APP-001\"}",
            "sensor_id"));
    cases.add(Arguments.of(pm25(",\"notification_channels\":[]"), "notification_channels"));
    cases.add(
        Arguments.of(
            pm25(",\"notification_channels\":\"https://93.184.216.34\""), "notification_channels"));
    cases.add(
        Arguments.of(
            pm25(",\"notification_channels\":{\"webhooks\":[{\"href\":\"" + PUBLIC_HOOK + "\"}]}"),
            "notification_channels.webhooks[0].href"));
    cases.add(
        Arguments.of(
            pm25(",\"notification_channels\":{\"webhooks\":[\"" + PUBLIC_HOOK + "\"]}"),
            "notification_channels.webhooks[0]"));
    cases.add(
        Arguments.of(
            pm25(",\"notification_channels\":{\"emails\":[\"not an address\"]}"),
            "notification_channels.emails[0]"));
    cases.add(
        Arguments.of(
            pm25(",\"notification_channels\":{\"emails\":[\"Ikeja <a@example.org>\"]}"),
            "notification_channels.emails[0]"));
    var many = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"url\":\"https://93.184.216.34/")
          .append(i)
          .append("\"}");
    }
    cases.add(
        Arguments.of(
            pm25(",\"notification_channels\":{\"webhooks\":[" + many + "]}"),
            "notification_channels.webhooks"));
    for (String url :
        List.of(
            "http://127.0.0.1/hook",
            "http://localhost:8080/hook",
            "https://10.0.0.5/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/hook",
            "https://no-such-host.invalid/hook",
            "ftp://93.184.216.34/hook",
            "https://user:pass@93.184.216.34/hook")) {
      cases.add(
          Arguments.of(
              pm25(",\"notification_channels\":{\"webhooks\":[{\"url\":\"" + url + "\"}]}"),
              hooks));
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void bad_input_is_refused_with_400_naming_the_field_on_create_and_on_patch(
      String body, String field) {
    var response = as(owner, "POST", "/api/v1/alerts", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(json(response).get("details").get("field").asText())
        .as(response.body())
        .isEqualTo(field);
    assertThat(json(response).get("message").asText()).isNotBlank();

    String id = created(owner, pm25("")).get("id").asText();
    var patched = as(owner, "PATCH", "/api/v1/alerts/" + id, body);
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(400);
    assertThat(json(patched).get("details").get("field").asText()).isEqualTo(field);
    assertThat(json(as(owner, "GET", "/api/v1/alerts/" + id, null)).get("threshold").asDouble())
        .isEqualTo(35);
    as(owner, "DELETE", "/api/v1/alerts/" + id, null);
  }

  @Test
  void unsubscribing_with_the_token_of_the_link_removes_the_address_and_a_bad_token_is_403() {
    JsonNode alert =
        created(
            owner,
            pm25(
                ",\"notification_channels\":{\"emails\":[\"School@Example.org\",\"keep@example.org\"]}"));
    String id = alert.get("id").asText();
    String key =
        database.withHandle(
            "reading the key",
            handle ->
                handle
                    .createQuery("SELECT unsubscribe_key FROM alerts WHERE id = ?")
                    .bind(0, UUID.fromString(id))
                    .mapTo(String.class)
                    .one());
    String email = URLEncoder.encode("school@example.org", StandardCharsets.UTF_8);
    String base = "/api/v1/alerts/unsubscribe?alert=" + id + "&email=" + email + "&token=";

    var forged = api.get(base + Unsubscribe.token("not-the-key", "school@example.org"));
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
    var otherAddress =
        api.get(
            "/api/v1/alerts/unsubscribe?alert="
                + id
                + "&email=keep%40example.org&token="
                + Unsubscribe.token(key, "school@example.org"));
    assertThat(otherAddress.statusCode()).isEqualTo(403);
    assertThat(api.get(base).statusCode()).isEqualTo(400);
    assertThat(
            json(as(owner, "GET", "/api/v1/alerts/" + id, null))
                .get("notification_channels")
                .get("emails"))
        .hasSize(2);

    var done = api.get(base + Unsubscribe.token(key, "SCHOOL@example.org"));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(json(done).get("unsubscribed").asBoolean()).isTrue();
    JsonNode emails =
        json(as(owner, "GET", "/api/v1/alerts/" + id, null))
            .get("notification_channels")
            .get("emails");
    assertThat(emails).hasSize(1);
    assertThat(emails.get(0).asText()).isEqualTo("keep@example.org");
    assertThat(auditDetails("alert.unsubscribe", id)).hasSize(1);
    assertThat(api.get(base + Unsubscribe.token(key, "school@example.org")).statusCode())
        .isEqualTo(200);
    assertThat(auditDetails("alert.unsubscribe", id)).hasSize(1);
  }

  @Test
  void create_change_and_delete_are_audited_with_the_rule() {
    String id = created(owner, pm25(",\"name\":\"audited\"")).get("id").asText();
    as(owner, "PATCH", "/api/v1/alerts/" + id, "{\"threshold\":45}");
    as(owner, "DELETE", "/api/v1/alerts/" + id, null);

    assertThat(auditDetails("alert.create", id))
        .singleElement()
        .asString()
        .contains("\"threshold\": 35", "audited");
    assertThat(auditDetails("alert.change", id))
        .singleElement()
        .asString()
        .contains("threshold", "45");
    assertThat(auditDetails("alert.delete", id)).singleElement().asString().contains(IKEJA);
  }

  @Test
  void the_delivery_log_is_the_owners_and_the_admins_newest_first_within_the_limit() {
    UUID id =
        UUID.fromString(
            created(owner, pm25(",\"notification_channels\":{\"emails\":[\"log@example.org\"]}"))
                .get("id")
                .asText());
    database.useHandle(
        "queueing notifications",
        handle ->
            Outbox.enqueue(
                handle,
                List.of(
                    new Notification(
                        id,
                        1,
                        Instant.now(),
                        Notification.Channel.EMAIL,
                        "log@example.org",
                        null,
                        "{\"subject\":\"s\",\"text\":\"t\"}"),
                    new Notification(
                        id,
                        2,
                        Instant.now(),
                        Notification.Channel.EMAIL,
                        "log@example.org",
                        null,
                        "{\"subject\":\"s\",\"text\":\"t\"}"))));

    var log = as(owner, "GET", "/api/v1/alerts/" + id + "/deliveries", null);
    assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
    assertThat(json(log).get("deliveries")).hasSize(2);
    assertThat(json(log).get("deliveries").get(0).get("status").asText()).isEqualTo("pending");
    assertThat(json(log).get("deliveries").get(0).get("target").asText())
        .isEqualTo("log@example.org");
    assertThat(
            json(as(owner, "GET", "/api/v1/alerts/" + id + "/deliveries?limit=1", null))
                .get("deliveries"))
        .hasSize(1);
    assertThat(
            json(as(admin, "GET", "/api/v1/alerts/" + id + "/deliveries", null)).get("deliveries"))
        .hasSize(2);
    for (String limit : List.of("0", "501", "many")) {
      var refused = as(owner, "GET", "/api/v1/alerts/" + id + "/deliveries?limit=" + limit, null);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(json(refused).get("details").get("parameter").asText()).isEqualTo("limit");
    }
  }

  @Test
  void an_empty_patch_and_a_body_that_is_not_an_object_are_400() {
    String id = created(owner, pm25("")).get("id").asText();
    assertThat(as(owner, "PATCH", "/api/v1/alerts/" + id, "{}").statusCode()).isEqualTo(400);
    var list = as(owner, "POST", "/api/v1/alerts", "[1]");
    assertThat(list.statusCode()).isEqualTo(400);
    assertThat(json(list).get("details").get("field").asText()).isEqualTo("body");
    assertThat(as(owner, "GET", "/api/v1/alerts/not-a-uuid", null).statusCode()).isEqualTo(400);
  }

  /** Alert rules on this server's database with other settings, as {@code Parts} builds them. */
  private AlertRules rules(Map<String, String> env, AlertListener listener, int limit) {
    var alerts = Settings.from(env).alerts();
    var channels =
        new ChannelChecks(
            new WebhookTargets(alerts.webhookAllowedNetworks()), alerts.smtp().isPresent());
    return new AlertRules(database, WebApp.objectMapper(), channels, listener, limit);
  }

  private Principal newUser(String name) {
    var user =
        api.platform()
            .web()
            .users()
            .create(
                name + "-" + UUID.randomUUID() + "@alerts.test", ApiServer.PASSWORD, Role.PUBLIC);
    return new Principal(
        Principal.Kind.SESSION,
        user.id(),
        user.email(),
        Role.PUBLIC,
        Set.of(),
        List.of(),
        "s",
        null);
  }

  private static ObjectNode body(String json) {
    try {
      return (ObjectNode) WebApp.objectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void allowed_networks_let_a_loopback_webhook_through_and_only_those() {
    var loopback =
        pm25(",\"notification_channels\":{\"webhooks\":[{\"url\":\"http://127.0.0.1:9/hook\"}]}");
    var caller = newUser("allowed");
    var allowing =
        rules(Map.of("AQMRG_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8"), AlertListener.NONE, 5);

    var saved = allowing.create(caller, body(loopback));

    assertThat(saved.alert().channels().webhooks())
        .extracting(Channels.Webhook::url)
        .containsExactly("http://127.0.0.1:9/hook");
    assertThatThrownBy(() -> rules(Map.of(), AlertListener.NONE, 5).create(caller, body(loopback)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("AQMRG_WEBHOOK_ALLOWED_NETWORKS");
    var private10 =
        pm25(",\"notification_channels\":{\"webhooks\":[{\"url\":\"http://10.0.0.5/hook\"}]}");
    assertThatThrownBy(() -> allowing.create(caller, body(private10)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void email_without_an_smtp_server_is_refused_naming_the_setting() {
    var caller = newUser("nomail");
    var noMail = rules(Map.of(), AlertListener.NONE, 5);

    assertThatThrownBy(
            () ->
                noMail.create(
                    caller,
                    body(pm25(",\"notification_channels\":{\"emails\":[\"a@example.org\"]}"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("AQMRG_SMTP_HOST")
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).details())
                    .containsEntry("field", "notification_channels.emails"));
  }

  @Test
  void a_user_has_at_most_the_limit_of_alerts_and_the_listener_hears_of_every_change() {
    var caller = newUser("limited");
    var told = new java.util.concurrent.CopyOnWriteArrayList<UUID>();
    var limited = rules(Map.of(), told::add, 2);

    UUID first = limited.create(caller, body(pm25(""))).alert().id();
    UUID second = limited.create(caller, body(pm25(""))).alert().id();
    assertThatThrownBy(() -> limited.create(caller, body(pm25(""))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("at most 2");
    limited.change(caller, first, body("{\"threshold\":50}"));
    limited.delete(caller, second);
    UUID third = limited.create(caller, body(pm25(""))).alert().id();

    assertThat(limited.list(caller, null, 100, 0))
        .extracting(Alert::id)
        .containsExactly(first, third);
    assertThat(told).containsExactly(first, second, first, second, third);
  }

  @Test
  void the_command_line_lists_every_alert_as_a_table() {
    String id = created(owner, pm25(",\"for_s\":60")).get("id").asText();

    var result = Cli.run(api.env(), "alerts", "list");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("ID", "OWNER", "LOCATION", "THRESHOLD", "STATE", "ENABLED")
        .contains("33333333-3333-4333-8333-000000000004")
        .containsPattern(id + " +" + ownerId + " +" + IKEJA + " +pm25 latest +35.00 +normal +yes");
  }
}
