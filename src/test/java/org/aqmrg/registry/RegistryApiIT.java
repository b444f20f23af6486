package org.aqmrg.registry;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.db.Seeds;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sensor and location registry through the HTTP API, on PostgreSQL with the dev seed's Lagos
 * network (7 locations, 20 sensors, one retired, one in maintenance) plus one site in Accra.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryApiIT {
  static final String IKEJA = "22222222-2222-4222-8222-000000000001";
  static final String APAPA = "22222222-2222-4222-8222-000000000006";
  static final String ACCRA = "7e570000-0000-4000-8000-00000000acc1";

  private ApiServer api;
  private String admin;
  private String researcher;
  private String writer;

  @BeforeAll
  void start() throws SQLException {
    api = ApiServer.start("memory", Map.of("AQMRG_RATE_LIMIT_ANONYMOUS", "1000000"));
    var dataSource = api.platform().database().dataSource();
    new Seeds(Database.of(dataSource)).load(Seeds.Set.DEV);
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude, timezone)"
              + " VALUES ('"
              + ACCRA
              + "', 'Osu', 'Accra', 'GH', 5.556, -0.182, 'Africa/Accra')");
      statement.execute(
          "INSERT INTO sensors (id, name, manufacturer, location_id) VALUES"
              + " ('GH-OSU-001', 'Osu Oxford Street', 'AirGradient', '"
              + ACCRA
              + "')");
    }
    api.user("admin@registry.test", Role.ADMIN);
    api.user("researcher@registry.test", Role.RESEARCHER);
    admin = api.login("admin@registry.test");
    researcher = api.login("researcher@registry.test");
    writer =
        api.platform()
            .web()
            .tokens()
            .create(null, "gateway", List.of("write:readings"), List.of(), null)
            .secret();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<String> get(String path) {
    return api.get(path);
  }

  private HttpResponse<String> asAdmin(String method, String path, String body) {
    return api.send(method, path, body, "Authorization", bearer(admin));
  }

  private static List<String> ids(HttpResponse<String> response, String list) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var ids = new ArrayList<String>();
    json(response).get(list).forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  private static void assertRefused(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(json(response).path("details").path("field").asText())
        .as(response.body())
        .isEqualTo(field);
    assertThat(json(response).get("message").asText()).isNotBlank();
  }

  private long auditCount(String action, String entityId) throws SQLException {
    try (var connection = api.platform().database().dataSource().getConnection();
        var select =
            connection.prepareStatement(
                "SELECT count(*) FROM audit_logs WHERE action = ? AND entity_id = ?")) {
      select.setString(1, action);
      select.setString(2, entityId);
      try (var rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private JsonNode lastAudit(String action, String entityId) {
    var response =
        api.get(
            "/api/v1/audit-logs?action=" + action + "&entity_id=" + encode(entityId) + "&limit=1",
            "Authorization",
            bearer(admin));
    return json(response).get("entries").get(0);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String newSensor(String id, String location) {
    var created =
        asAdmin(
            "POST",
            "/api/v1/sensors",
            "{\"id\":\"%s\",\"name\":\"test sensor\",\"manufacturer\":\"Clarity\",\"location_id\":%s}"
                .formatted(id, location == null ? "null" : "\"" + location + "\""));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return id;
  }

  private String newLocation(String name) {
    var created =
        asAdmin(
            "POST",
            "/api/v1/locations",
            "{\"name\":\"%s\",\"city\":\"Ibadan\",\"country\":\"NG\",\"latitude\":7.38,\"longitude\":3.93}"
                .formatted(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asText();
  }

  // --- reading the registry -----------------------------------------------------------------

  @Test
  void anyone_lists_the_sensors_ordered_by_id_without_the_retired_ones() {
    var response = get("/api/v1/sensors");

    var ids = ids(response, "sensors");
    assertThat(ids).isSorted().contains("GH-OSU-001", "LAG-SUR-003", "LAG-IKR-002");
    assertThat(ids).doesNotContain("LAG-APP-003");
    assertThat(ids(get("/api/v1/sensors?city=Lagos"), "sensors")).hasSize(19);
    var body = json(response);
    assertThat(body.get("limit").asInt()).isEqualTo(100);
    assertThat(body.get("offset").asInt()).isZero();
    JsonNode first = json(get("/api/v1/sensors?country=GH")).get("sensors").get(0);
    assertThat(first.get("id").asText()).isEqualTo("GH-OSU-001");
    assertThat(first.get("location_id").asText()).isEqualTo(ACCRA);
    assertThat(first.get("status").asText()).isEqualTo("active");
    assertThat(first.get("created_at").asText()).endsWith("Z");
  }

  @Test
  void sensors_filter_by_status_manufacturer_location_city_and_country() {
    assertThat(ids(get("/api/v1/sensors?status=retired&city=Lagos"), "sensors"))
        .containsExactly("LAG-APP-003");
    assertThat(
            ids(get("/api/v1/sensors?status=maintenance,retired&country=NG&city=Lagos"), "sensors"))
        .containsExactly("LAG-APP-003", "LAG-SUR-003");
    assertThat(ids(get("/api/v1/sensors?manufacturer=purpleair"), "sensors"))
        .containsExactly(
            "LAG-APP-002",
            "LAG-IKJ-001",
            "LAG-LEK-002",
            "LAG-SUR-002",
            "LAG-VIC-002",
            "LAG-YAB-001");
    assertThat(ids(get("/api/v1/sensors?location_id=" + IKEJA), "sensors"))
        .containsExactly("LAG-IKJ-001", "LAG-IKJ-002", "LAG-IKJ-003");
    assertThat(ids(get("/api/v1/sensors?location_id=" + APAPA + "&status=retired"), "sensors"))
        .containsExactly("LAG-APP-003");
    assertThat(ids(get("/api/v1/sensors?city=ACCRA"), "sensors")).containsExactly("GH-OSU-001");
    assertThat(ids(get("/api/v1/sensors?country=gh"), "sensors")).containsExactly("GH-OSU-001");
    assertThat(ids(get("/api/v1/sensors?country=NG&city=Lagos&manufacturer=Plantower"), "sensors"))
        .containsExactly("LAG-SUR-003", "LAG-VIC-003", "LAG-YAB-003");
    assertThat(ids(get("/api/v1/sensors?country=FR"), "sensors")).isEmpty();
  }

  @Test
  void a_bounding_box_selects_the_sites_inside_it_bounds_included() {
    // Lekki Phase 1 (3.4723, 6.4474) and Victoria Island (3.4219, 6.4281) only.
    String box = "bbox=3.40,6.42,3.48,6.45";

    assertThat(ids(get("/api/v1/sensors?" + box), "sensors"))
        .containsExactly(
            "LAG-LEK-001",
            "LAG-LEK-002",
            "LAG-LEK-003",
            "LAG-VIC-001",
            "LAG-VIC-002",
            "LAG-VIC-003");
    var locations = json(get("/api/v1/locations?" + box)).get("locations");
    assertThat(locations.findValuesAsText("name"))
        .containsExactly("Lekki Phase 1", "Victoria Island");
    assertThat(ids(get("/api/v1/locations?bbox=3.4219,6.4281,3.4219001,6.43"), "locations"))
        .as("a site on the box's corner is inside")
        .hasSize(1);
    assertThat(ids(get("/api/v1/locations?bbox=-1,5,0,6"), "locations"))
        .as("west of Greenwich")
        .containsExactly(ACCRA);
  }

  @Test
  void a_bad_bounding_box_is_refused_naming_bbox_and_the_problem() {
    record Bad(String bbox, String says) {}
    for (var bad :
        List.of(
            new Bad("3.4,6.4,3.5", "four numbers"),
            new Bad("3.4,6.4,3.5,6.5,1", "four numbers"),
            new Bad("a,6.4,3.5,6.5", "minLon"),
            new Bad("3.4,NaN,3.5,6.5", "minLat"),
            new Bad("3.4,6.4,1e2,6.5", "maxLon"),
            new Bad("3.4,6.4,3.5,", "maxLat"),
            new Bad("-181,6.4,3.5,6.5", "from -180 to 180"),
            new Bad("3.4,6.4,3.5,90.5", "from -90 to 90"),
            new Bad("3.5,6.4,3.4,6.5", "less than maxLon"),
            new Bad("3.4,6.4,3.4,6.5", "less than maxLon"),
            new Bad("3.4,6.5,3.5,6.4", "less than maxLat"))) {
      for (String route : List.of("/api/v1/sensors", "/api/v1/locations")) {
        var response = get(route + "?bbox=" + encode(bad.bbox()));
        assertRefused(response, "bbox");
        assertThat(json(response).get("message").asText()).as(bad.bbox()).contains(bad.says());
      }
    }
  }

  @Test
  void bad_filters_are_refused_naming_the_parameter() {
    var status = get("/api/v1/sensors?status=broken");
    assertRefused(status, "status");
    assertThat(json(status).get("message").asText())
        .contains("'broken'", "active, pending, maintenance, retired");
    assertRefused(get("/api/v1/sensors?status=active,"), "status");
    assertRefused(get("/api/v1/sensors?country=Nigeria"), "country");
    assertRefused(get("/api/v1/locations?country=N1"), "country");
    assertRefused(get("/api/v1/sensors?location_id=ikeja"), "location_id");
    assertRefused(get("/api/v1/sensors?city=" + "x".repeat(101)), "city");
    var unknown = get("/api/v1/locations?status=active");
    assertRefused(unknown, "status");
    assertThat(json(unknown).get("message").asText())
        .contains("unknown query parameter 'status'", "city, country, bbox, limit, offset");
    assertRefused(get("/api/v1/sensors?colour=red"), "colour");
  }

  @Test
  void lists_page_with_limit_and_offset_and_refuse_pages_out_of_bounds() {
    var first = ids(get("/api/v1/sensors?limit=7"), "sensors");
    var second = ids(get("/api/v1/sensors?limit=7&offset=7"), "sensors");
    var all = ids(get("/api/v1/sensors?limit=1000"), "sensors");

    assertThat(first).hasSize(7);
    assertThat(second).hasSize(7).doesNotContainAnyElementsOf(first);
    assertThat(all.subList(0, 14)).containsExactlyElementsOf(concat(first, second));
    assertThat(json(get("/api/v1/sensors?limit=7&offset=7")).get("offset").asInt()).isEqualTo(7);
    assertThat(ids(get("/api/v1/locations?city=Lagos&limit=3&offset=6"), "locations")).hasSize(1);
    for (String query : List.of("limit=1001", "limit=0", "limit=ten", "offset=-1")) {
      for (String route : List.of("/api/v1/sensors?", "/api/v1/locations?")) {
        var response = get(route + query);
        assertThat(response.statusCode()).as(query).isEqualTo(400);
        assertThat(json(response).get("details").get("parameter").asText())
            .isEqualTo(query.substring(0, query.indexOf('=')));
      }
    }
    assertThat(json(get("/api/v1/sensors?limit=1001")).get("message").asText())
        .contains("limit", "1000");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    var all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void locations_list_in_country_city_name_order_with_their_coordinates() {
    var response = get("/api/v1/locations?country=NG&city=lagos");

    var locations = json(response).get("locations");
    assertThat(locations.findValuesAsText("name"))
        .containsExactly(
            "Apapa", "Ikeja", "Ikorodu", "Lekki Phase 1", "Surulere", "Victoria Island", "Yaba");
    JsonNode ikeja = locations.get(1);
    assertThat(ikeja.get("id").asText()).isEqualTo(IKEJA);
    assertThat(ikeja.get("latitude").asDouble()).isEqualTo(6.6018);
    assertThat(ikeja.get("longitude").asDouble()).isEqualTo(3.3515);
    assertThat(ikeja.get("timezone").asText()).isEqualTo("Africa/Lagos");
    assertThat(ikeja.get("metadata").get("site_code").asText()).isEqualTo("IKJ");
    assertThat(ids(get("/api/v1/locations?country=GH"), "locations")).containsExactly(ACCRA);
  }

  @Test
  void one_sensor_or_location_by_id_and_404_in_json_for_an_unknown_id() {
    var retired = get("/api/v1/sensors/LAG-APP-003");
    assertThat(retired.statusCode()).isEqualTo(200);
    assertThat(json(retired).get("status").asText()).isEqualTo("retired");
    assertThat(json(retired).get("metadata").get("replaced_by").asText()).isEqualTo("LAG-APP-002");
    var ikeja = get("/api/v1/locations/" + IKEJA);
    assertThat(json(ikeja).get("name").asText()).isEqualTo("Ikeja");

    var noSensor = get("/api/v1/sensors/LAG-XXX-999");
    assertThat(noSensor.statusCode()).isEqualTo(404);
    assertThat(json(noSensor).get("code").asText()).isEqualTo("not_found");
    assertThat(json(noSensor).get("details").get("sensor_id").asText()).isEqualTo("LAG-XXX-999");
    String unknown = UUID.randomUUID().toString();
    var noLocation = get("/api/v1/locations/" + unknown);
    assertThat(noLocation.statusCode()).isEqualTo(404);
    assertThat(json(noLocation).get("details").get("location_id").asText()).isEqualTo(unknown);
    assertThat(get("/api/v1/locations/" + unknown + "/latest").statusCode()).isEqualTo(404);

    assertRefused(get("/api/v1/sensors/" + "S".repeat(101)), "id");
    assertRefused(get("/api/v1/locations/ikeja"), "id");
  }

  // --- changing sensors -----------------------------------------------------------------------

  @Test
  void an_admin_registers_a_sensor_and_the_creation_is_audited_once() throws Exception {
    String id = unique("NEW.sensor_1:a~b");
    String site = newLocation(unique("Ojoo"));
    var created =
        asAdmin(
            "POST",
            "/api/v1/sensors",
            """
            {"id": "%s", "name": "  Yaba market  ", "manufacturer": "Sensirion",
             "location_id": "%s", "metadata": {"model": "SPS30", "install_height_m": 2.5}}
            """
                .formatted(id, site));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/sensors/" + id);
    var body = json(created);
    assertThat(body.get("name").asText()).isEqualTo("Yaba market");
    assertThat(body.get("status").asText()).isEqualTo("active");
    assertThat(body.get("metadata").get("install_height_m").asDouble()).isEqualTo(2.5);
    assertThat(json(get("/api/v1/sensors/" + id)).get("manufacturer").asText())
        .isEqualTo("Sensirion");
    assertThat(auditCount("sensor.create", id)).isOne();
    assertThat(auditCount("admin.write", "POST /api/v1/sensors")).isZero();
    var entry = lastAudit("sensor.create", id);
    assertThat(entry.get("actor").asText()).isEqualTo("admin@registry.test");
    assertThat(entry.get("details").get("location_id").asText()).isEqualTo(site);
    assertThat(entry.get("details").get("metadata").get("model").asText()).isEqualTo("SPS30");
  }

  @Test
  void a_taken_sensor_id_is_a_409_also_when_the_sensor_is_retired() {
    for (String taken : List.of("LAG-IKJ-001", "LAG-APP-003")) {
      var response =
          asAdmin("POST", "/api/v1/sensors", "{\"id\":\"" + taken + "\",\"name\":\"again\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
      assertThat(json(response).get("code").asText()).isEqualTo("conflict");
      assertThat(json(response).get("details").get("field").asText()).isEqualTo("id");
    }
    assertThat(json(get("/api/v1/sensors/LAG-IKJ-001")).get("name").asText())
        .isEqualTo("Ikeja Allen Avenue rooftop");
  }

  @Test
  void every_bad_sensor_field_is_refused_naming_it_and_nothing_is_stored() throws Exception {
    String good = "\"name\":\"n\"";
    record Bad(String body, String field) {}
    for (var bad :
        List.of(
            new Bad("{" + good + "}", "id"),
            new Bad("{\"id\":\"   \"," + good + "}", "id"),
            new Bad("{\"id\":\"" + "A".repeat(101) + "\"," + good + "}", "id"),
            new Bad("{\"id\":\"has space\"," + good + "}", "id"),
            new Bad("{\"id\":\"-dash-first\"," + good + "}", "id"),
            new Bad("{\"id\":\"quote'\"," + good + "}", "id"),
            new Bad("{\"id\":42," + good + "}", "id"),
            new Bad("{\"id\":\"BAD-1\"}", "name"),
            new Bad("{\"id\":\"BAD-1\",\"name\":\"\"}", "name"),
            new Bad("{\"id\":\"BAD-1\",\"name\":\"" + "n".repeat(256) + "\"}", "name"),
            new Bad(
                "{\"id\":\"BAD-1\"," + good + ",\"manufacturer\":\"" + "m".repeat(101) + "\"}",
                "manufacturer"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"status\":\"broken\"}", "status"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"status\":\"ACTIVE\"}", "status"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"metadata\":[1,2]}", "metadata"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"metadata\":\"{}\"}", "metadata"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"metadata\":7}", "metadata"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"location_id\":\"ikeja\"}", "location_id"),
            new Bad(
                "{\"id\":\"BAD-1\"," + good + ",\"location_id\":\"" + UUID.randomUUID() + "\"}",
                "location_id"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"colour\":\"red\"}", "colour"),
            new Bad("{\"id\":\"BAD-1\"," + good + ",\"locationId\":null}", "locationId"),
            new Bad("[{\"id\":\"BAD-1\"," + good + "}]", "body"))) {
      assertRefused(asAdmin("POST", "/api/v1/sensors", bad.body()), bad.field());
    }
    var unknown = asAdmin("POST", "/api/v1/sensors", "{\"id\":\"BAD-1\",\"name\":\"n\",\"x\":1}");
    assertThat(json(unknown).get("message").asText())
        .contains("unknown field 'x'", "location_id", "metadata");
    var metadata =
        asAdmin("POST", "/api/v1/sensors", "{\"id\":\"BAD-1\",\"name\":\"n\",\"metadata\":[]}");
    assertThat(json(metadata).get("message").asText())
        .contains("'metadata' must be a JSON object", "an array");
    var malformed = asAdmin("POST", "/api/v1/sensors", "{\"id\": \"BAD-1\",");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).get("code").asText()).isEqualTo("invalid_json");

    assertThat(get("/api/v1/sensors/BAD-1").statusCode()).isEqualTo(404);
    assertThat(auditCount("sensor.create", "BAD-1")).isZero();
  }

  @Test
  void patch_changes_only_the_fields_given_null_empties_one_and_the_audit_says_what_changed()
      throws Exception {
    String id = newSensor(unique("PATCH"), newLocation(unique("Mokola")));
    String elsewhere = newLocation(unique("Agodi"));

    var changed =
        asAdmin(
            "PATCH",
            "/api/v1/sensors/" + id,
            "{\"name\":\"renamed\",\"manufacturer\":null,\"status\":\"maintenance\","
                + "\"location_id\":\""
                + elsewhere
                + "\",\"metadata\":{\"reason\":\"fan\"}}");

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    var body = json(changed);
    assertThat(body.get("name").asText()).isEqualTo("renamed");
    assertThat(body.get("manufacturer").isNull()).isTrue();
    assertThat(body.get("status").asText()).isEqualTo("maintenance");
    assertThat(body.get("location_id").asText()).isEqualTo(elsewhere);
    assertThat(json(get("/api/v1/sensors/" + id))).isEqualTo(body);

    var changes = lastAudit("sensor.update", id).get("details").get("changes");
    assertThat(changes.get("name").get("from").asText()).isEqualTo("test sensor");
    assertThat(changes.get("name").get("to").asText()).isEqualTo("renamed");
    assertThat(changes.get("manufacturer").get("from").asText()).isEqualTo("Clarity");
    assertThat(changes.get("manufacturer").get("to").isNull()).isTrue();
    assertThat(changes.get("status").get("to").asText()).isEqualTo("maintenance");
    assertThat(changes.get("metadata").get("to").get("reason").asText()).isEqualTo("fan");
    assertThat(changes.has("id")).isFalse();
    assertThat(auditCount("admin.write", "PATCH /api/v1/sensors/{id}")).isZero();

    var only = asAdmin("PATCH", "/api/v1/sensors/" + id, "{\"metadata\":null}");
    assertThat(json(only).get("name").asText()).isEqualTo("renamed");
    assertThat(json(only).get("metadata").isNull()).isTrue();
  }

  @Test
  void bad_patches_are_refused_naming_the_field_and_change_nothing() {
    String id = newSensor(unique("BADPATCH"), null);
    String before = get("/api/v1/sensors/" + id).body();

    assertRefused(asAdmin("PATCH", "/api/v1/sensors/" + id, "{}"), "body");
    assertRefused(asAdmin("PATCH", "/api/v1/sensors/" + id, "{\"id\":\"OTHER\"}"), "id");
    assertRefused(asAdmin("PATCH", "/api/v1/sensors/" + id, "{\"name\":null}"), "name");
    assertRefused(asAdmin("PATCH", "/api/v1/sensors/" + id, "{\"status\":\"gone\"}"), "status");
    assertRefused(asAdmin("PATCH", "/api/v1/sensors/" + id, "{\"metadata\":true}"), "metadata");
    assertRefused(
        asAdmin("PATCH", "/api/v1/sensors/" + id, "{\"name\":\"x\",\"firmware\":\"1\"}"),
        "firmware");
    assertRefused(
        asAdmin(
            "PATCH", "/api/v1/sensors/" + id, "{\"location_id\":\"" + UUID.randomUUID() + "\"}"),
        "location_id");
    var unknown = asAdmin("PATCH", "/api/v1/sensors/NO-SUCH-SENSOR", "{\"name\":\"x\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(asAdmin("DELETE", "/api/v1/sensors/NO-SUCH-SENSOR", null).statusCode())
        .isEqualTo(404);

    assertThat(get("/api/v1/sensors/" + id).body()).isEqualTo(before);
  }

  @Test
  void a_retired_sensor_stays_readable_and_ingest_refuses_it_at_once() throws Exception {
    String location = newLocation(unique("Bere"));
    String id = newSensor(unique("RETIRE"), location);
    long t = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L;
    // The first write makes ingest remember the sensor as active.
    assertThat(write("air_quality,sensor_id=" + id + " pm25=12 " + t).statusCode()).isEqualTo(204);

    var retired = asAdmin("DELETE", "/api/v1/sensors/" + id, null);

    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
    assertThat(json(retired).get("status").asText()).isEqualTo("retired");
    var refused = write("air_quality,sensor_id=" + id + " pm25=13 " + (t + 1_000_000_000L));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(json(refused).get("details").get("errors").get(0).get("reason").asText())
        .isEqualTo("sensor '" + id + "' is retired; only active sensors are written");

    assertThat(json(get("/api/v1/sensors/" + id)).get("status").asText()).isEqualTo("retired");
    assertThat(ids(get("/api/v1/sensors?location_id=" + location), "sensors")).isEmpty();
    assertThat(ids(get("/api/v1/sensors?location_id=" + location + "&status=retired"), "sensors"))
        .containsExactly(id);
    var changes = lastAudit("sensor.retire", id).get("details").get("changes");
    assertThat(changes.get("status").get("from").asText()).isEqualTo("active");
    assertThat(changes.get("status").get("to").asText()).isEqualTo("retired");
    assertThat(auditCount("admin.write", "DELETE /api/v1/sensors/{id}")).isZero();

    var reactivated = asAdmin("PATCH", "/api/v1/sensors/" + id, "{\"status\":\"active\"}");
    assertThat(json(reactivated).get("status").asText()).isEqualTo("active");
    assertThat(
            write("air_quality,sensor_id=" + id + " pm25=14 " + (t + 2_000_000_000L)).statusCode())
        .isEqualTo(204);
  }

  @Test
  void a_sensor_ingest_refused_as_unknown_is_written_as_soon_as_an_admin_registers_it() {
    String id = unique("LATE");
    long t = Instant.now().minusSeconds(60).toEpochMilli() * 1_000_000L;
    var unknown = write("air_quality,sensor_id=" + id + " pm25=12 " + t);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("is not registered");

    newSensor(id, null);

    assertThat(write("air_quality,sensor_id=" + id + " pm25=12 " + t).statusCode()).isEqualTo(204);
  }

  @Test
  void ingest_tags_readings_with_a_renamed_location_at_once() {
    String name = unique("Bodija");
    String location = newLocation(name);
    String id = newSensor(unique("RENAME"), location);
    Instant time = Instant.now().minusSeconds(30);
    long t = time.toEpochMilli() * 1_000_000L;
    assertThat(write("air_quality,sensor_id=" + id + " pm25=5 " + t).statusCode()).isEqualTo(204);

    var renamed = asAdmin("PATCH", "/api/v1/locations/" + location, "{\"name\":\"Bodija market\"}");
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(
            write("air_quality,sensor_id=" + id + " pm25=6 " + (t + 1_000_000_000L)).statusCode())
        .isEqualTo(204);

    var stored = api.platform().readings().raw(id, time.minusSeconds(1), time.plusSeconds(5), 10);
    assertThat(stored).extracting(r -> r.location()).containsExactly(name, "Bodija market");
  }

  private HttpResponse<String> write(String lines) {
    return api.send(
        "POST",
        "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=ns",
        lines,
        "Authorization",
        "Token " + writer);
  }

  // --- changing locations ---------------------------------------------------------------------

  @Test
  void an_admin_creates_changes_and_deletes_a_location_and_each_step_is_audited() throws Exception {
    String name = unique("Dugbe");
    var created =
        asAdmin(
            "POST",
            "/api/v1/locations",
            """
            {"name": "%s", "city": "Ibadan", "country": "ng", "latitude": 7.3878,
             "longitude": 3.8923, "timezone": "Africa/Lagos", "metadata": {"lga": "Ibadan North"}}
            """
                .formatted(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).get("id").asText();
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/locations/" + id);
    assertThat(json(created).get("country").asText()).isEqualTo("NG");
    assertThat(auditCount("location.create", id)).isOne();
    assertThat(lastAudit("location.create", id).get("details").get("name").asText())
        .isEqualTo(name);

    var duplicate =
        asAdmin(
            "POST",
            "/api/v1/locations",
            "{\"name\":\"%s\",\"city\":\"Ibadan\",\"country\":\"NG\",\"latitude\":7,\"longitude\":3}"
                .formatted(name));
    assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);
    assertThat(json(duplicate).get("details").get("field").asText()).isEqualTo("name");

    var moved =
        asAdmin("PATCH", "/api/v1/locations/" + id, "{\"latitude\":7.39,\"timezone\":\"UTC\"}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    assertThat(json(moved).get("latitude").asDouble()).isEqualTo(7.39);
    assertThat(json(moved).get("longitude").asDouble()).isEqualTo(3.8923);
    var changes = lastAudit("location.update", id).get("details").get("changes");
    assertThat(changes.get("latitude").get("from").asDouble()).isEqualTo(7.3878);
    assertThat(changes.get("timezone").get("to").asText()).isEqualTo("UTC");
    assertThat(changes.has("name")).isFalse();

    assertThat(asAdmin("DELETE", "/api/v1/locations/" + id, null).statusCode()).isEqualTo(204);
    assertThat(get("/api/v1/locations/" + id).statusCode()).isEqualTo(404);
    assertThat(auditCount("location.delete", id)).isOne();
    assertThat(asAdmin("DELETE", "/api/v1/locations/" + id, null).statusCode()).isEqualTo(404);
    assertThat(auditCount("admin.write", "DELETE /api/v1/locations/{id}")).isZero();
  }

  @Test
  void a_location_with_sensors_even_retired_ones_is_not_deleted() {
    var response = asAdmin("DELETE", "/api/v1/locations/" + APAPA, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(json(response).get("message").asText())
        .contains("still has 3 sensor(s), retired ones included", "location_id");
    assertThat(json(response).get("details").get("sensors").asInt()).isEqualTo(3);
    assertThat(get("/api/v1/locations/" + APAPA).statusCode()).isEqualTo(200);
  }

  @Test
  void a_location_with_alerts_is_not_deleted() throws SQLException {
    String location = newLocation(unique("Iwo Road"));
    try (var connection = api.platform().database().dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO alerts (location_id, pollutant, threshold) VALUES (?, 'pm25', 35)")) {
      insert.setObject(1, UUID.fromString(location));
      insert.executeUpdate();
    }

    var response = asAdmin("DELETE", "/api/v1/locations/" + location, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(json(response).get("message").asText()).contains("alerts");
    assertThat(get("/api/v1/locations/" + location).statusCode()).isEqualTo(200);
  }

  @Test
  void every_bad_location_field_is_refused_naming_it() {
    String rest = "\"city\":\"Ibadan\",\"country\":\"NG\",\"latitude\":7,\"longitude\":3";
    record Bad(String body, String field) {}
    for (var bad :
        List.of(
            new Bad("{" + rest + "}", "name"),
            new Bad("{\"name\":\"" + "n".repeat(256) + "\"," + rest + "}", "name"),
            new Bad("{\"name\":\"x\",\"country\":\"NG\",\"latitude\":7,\"longitude\":3}", "city"),
            new Bad(
                "{\"name\":\"x\",\"city\":\"Ibadan\",\"country\":\"Nigeria\",\"latitude\":7,"
                    + "\"longitude\":3}",
                "country"),
            new Bad(
                "{\"name\":\"x\",\"city\":\"Ibadan\",\"country\":\"NG\",\"latitude\":90.5,"
                    + "\"longitude\":3}",
                "latitude"),
            new Bad(
                "{\"name\":\"x\",\"city\":\"Ibadan\",\"country\":\"NG\",\"latitude\":7,"
                    + "\"longitude\":-180.01}",
                "longitude"),
            new Bad(
                "{\"name\":\"x\",\"city\":\"Ibadan\",\"country\":\"NG\",\"latitude\":\"7\","
                    + "\"longitude\":3}",
                "latitude"),
            new Bad(
                "{\"name\":\"x\",\"city\":\"Ibadan\",\"country\":\"NG\",\"latitude\":7}",
                "longitude"),
            new Bad("{\"name\":\"x\"," + rest + ",\"timezone\":\"Mars/Olympus\"}", "timezone"),
            new Bad("{\"name\":\"x\"," + rest + ",\"timezone\":\"+01:00\"}", "timezone"),
            new Bad("{\"name\":\"x\"," + rest + ",\"metadata\":[\"a\"]}", "metadata"),
            new Bad("{\"name\":\"x\"," + rest + ",\"id\":\"" + UUID.randomUUID() + "\"}", "id"),
            new Bad("{\"name\":\"x\"," + rest + ",\"population\":15000000}", "population"))) {
      assertRefused(asAdmin("POST", "/api/v1/locations", bad.body()), bad.field());
    }
    assertRefused(asAdmin("PATCH", "/api/v1/locations/" + IKEJA, "{}"), "body");
    assertRefused(asAdmin("PATCH", "/api/v1/locations/" + IKEJA, "{\"city\":null}"), "city");
    assertRefused(asAdmin("PATCH", "/api/v1/locations/" + IKEJA, "{\"latitude\":-91}"), "latitude");
    assertThat(
            asAdmin("PATCH", "/api/v1/locations/" + UUID.randomUUID(), "{\"name\":\"x\"}")
                .statusCode())
        .isEqualTo(404);
    assertThat(json(get("/api/v1/locations/" + IKEJA)).get("latitude").asDouble())
        .isEqualTo(6.6018);
  }

  // --- who may do what ------------------------------------------------------------------------

  @Test
  void reads_are_open_to_everyone_and_writes_to_admins_only() {
    api.user("public@registry.test", Role.PUBLIC);
    String publicUser = api.login("public@registry.test");
    String reader =
        api.platform()
            .web()
            .tokens()
            .create(null, "reader", List.of("read:all"), List.of(), null)
            .secret();
    String location = newLocation(unique("Access"));
    String sensor = newSensor(unique("ACCESS"), location);

    var callers = new java.util.LinkedHashMap<String, String>();
    callers.put("anonymous", null);
    callers.put("public", publicUser);
    callers.put("researcher", researcher);
    callers.put("read:all token", reader);
    callers.put("write:readings token", writer);
    for (var caller : callers.entrySet()) {
      String[] auth =
          caller.getValue() == null
              ? new String[0]
              : new String[] {"Authorization", bearer(caller.getValue())};
      for (String path :
          List.of(
              "/api/v1/sensors",
              "/api/v1/sensors/" + sensor,
              "/api/v1/locations",
              "/api/v1/locations/" + location,
              "/api/v1/locations/" + location + "/latest")) {
        assertThat(api.get(path, auth).statusCode())
            .as("%s GET %s", caller.getKey(), path)
            .isEqualTo(200);
      }
      int refused = caller.getValue() == null ? 401 : 403;
      for (String[] write :
          List.of(
              new String[] {"POST", "/api/v1/sensors"},
              new String[] {"PATCH", "/api/v1/sensors/" + sensor},
              new String[] {"DELETE", "/api/v1/sensors/" + sensor},
              new String[] {"POST", "/api/v1/locations"},
              new String[] {"PATCH", "/api/v1/locations/" + location},
              new String[] {"DELETE", "/api/v1/locations/" + location})) {
        var response = api.send(write[0], write[1], "{\"name\":\"x\"}", auth);
        assertThat(response.statusCode())
            .as("%s %s %s", caller.getKey(), write[0], write[1])
            .isEqualTo(refused);
        assertThat(json(response).get("code").asText()).isNotBlank();
      }
    }
    assertThat(json(get("/api/v1/sensors/" + sensor)).get("name").asText())
        .isEqualTo("test sensor");
    assertThat(get("/api/v1/locations/" + location).statusCode()).isEqualTo(200);
  }
}
