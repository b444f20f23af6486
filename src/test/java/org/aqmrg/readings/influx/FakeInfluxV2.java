package org.aqmrg.readings.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.readings.influx.FakeInflux.Answer;
import org.aqmrg.readings.influx.FakeInflux.Request;

/**
 * The part of InfluxDB OSS 2.7's API that bucket setup uses, answering as its documentation (API
 * reference: Organizations, Buckets, DBRPs) and its handlers ({@code tenant/http_server_bucket.go},
 * {@code dbrp/http_server_dbrp.go}) do: 16-hex-digit ids; {@code GET /api/v2/buckets?name=&orgID=}
 * answers 404 {@code {"code":"not found"}} for a missing bucket; creating answers 201 with the
 * object; {@code GET /api/v2/dbrps} wraps its list in {@code content} and needs an org; {@code
 * PATCH /api/v2/dbrps/{id}} needs {@code orgID}. Every call needs {@code Authorization: Token}.
 */
final class FakeInfluxV2 implements FakeInflux.Handler {
  static final String ORG_ID = "0a1b2c3d4e5f6a7b";
  static final String TOKEN = "op-token";

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong(0x0b00000000000001L);
  final Map<String, ObjectNode> buckets = new ConcurrentHashMap<>();
  final Map<String, ObjectNode> dbrps = new ConcurrentHashMap<>();

  /** Buckets "another instance" creates right after this fake says they are missing. */
  final Set<String> createdBehindOurBack = ConcurrentHashMap.newKeySet();

  ObjectNode addBucket(String name, long everySeconds) {
    var bucket =
        json.createObjectNode()
            .put("id", String.format("%016x", ids.getAndIncrement()))
            .put("orgID", ORG_ID)
            .put("type", "user")
            .put("name", name);
    var rules = bucket.putArray("retentionRules");
    if (everySeconds > 0) {
      rules.addObject().put("type", "expire").put("everySeconds", everySeconds);
    }
    buckets.put(name, bucket);
    return bucket;
  }

  ObjectNode addDbrp(
      String bucketId, String database, String rp, boolean isDefault, boolean virtual) {
    var mapping =
        json.createObjectNode()
            .put("id", String.format("%016x", ids.getAndIncrement()))
            .put("orgID", ORG_ID)
            .put("bucketID", bucketId)
            .put("database", database)
            .put("retention_policy", rp)
            .put("default", isDefault)
            .put("virtual", virtual);
    dbrps.put(mapping.get("id").asText(), mapping);
    return mapping;
  }

  @Override
  public Answer answer(Request request) throws Exception {
    if (request.path().equals("/ping")) {
      return new Answer(
          204, "", Map.of("X-Influxdb-Version", "v2.7.11", "X-Influxdb-Build", "OSS"));
    }
    if (!request.authorization().orElse("").equals("Token " + TOKEN)) {
      return Answer.of(401, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}");
    }
    var query = request.query();
    String route = request.method() + " " + request.path();
    if (route.equals("GET /api/v2/orgs")) {
      if (!"aqmrg".equals(query.get("org"))) {
        return notFound("organization name \\\"" + query.get("org") + "\\\" not found");
      }
      return ok(
          200,
          "{\"links\":{\"self\":\"/api/v2/orgs\"},\"orgs\":[{\"id\":\""
              + ORG_ID
              + "\",\"name\":\"aqmrg\",\"description\":\"\"}]}");
    }
    if (route.equals("GET /api/v2/buckets")) {
      ObjectNode bucket = buckets.get(query.get("name"));
      if (bucket == null || !ORG_ID.equals(query.get("orgID"))) {
        if (createdBehindOurBack.remove(query.get("name"))) {
          addBucket(query.get("name"), 3600);
        }
        return notFound("bucket \\\"" + query.get("name") + "\\\" not found");
      }
      var answer = json.createObjectNode();
      answer.putObject("links").put("self", "/api/v2/buckets?descending=false&limit=20&offset=0");
      answer.putArray("buckets").add(bucket);
      return ok(200, answer.toString());
    }
    if (route.equals("POST /api/v2/buckets")) {
      JsonNode body = json.readTree(request.body());
      if (!ORG_ID.equals(body.path("orgID").asText())) {
        return Answer.of(
            400, "{\"code\":\"invalid\",\"message\":\"organization id must be provided\"}");
      }
      if (buckets.containsKey(body.path("name").asText())) {
        return Answer.of(
            422,
            "{\"code\":\"conflict\",\"message\":\"bucket with name "
                + body.path("name").asText()
                + " already exists\"}");
      }
      var rules = body.path("retentionRules");
      var bucket =
          addBucket(body.path("name").asText(), rules.path(0).path("everySeconds").asLong());
      return ok(201, bucket.toString());
    }
    if (request.method().equals("PATCH") && request.path().startsWith("/api/v2/buckets/")) {
      String id = request.path().substring("/api/v2/buckets/".length());
      for (ObjectNode bucket : buckets.values()) {
        if (bucket.get("id").asText().equals(id)) {
          bucket.set("retentionRules", json.readTree(request.body()).path("retentionRules"));
          return ok(200, bucket.toString());
        }
      }
      return notFound("bucket not found");
    }
    if (route.equals("GET /api/v2/dbrps")) {
      if (!query.containsKey("orgID") && !query.containsKey("org")) {
        return Answer.of(
            400, "{\"code\":\"invalid\",\"message\":\"no organization was provided\"}");
      }
      var content = json.createObjectNode();
      var list = content.putArray("content");
      for (ObjectNode mapping : dbrps.values()) {
        if (matches(mapping, "orgID", query.get("orgID"))
            && matches(mapping, "database", query.get("db"))
            && matches(mapping, "retention_policy", query.get("rp"))) {
          list.add(mapping);
        }
      }
      return ok(200, content.toString());
    }
    if (route.equals("POST /api/v2/dbrps")) {
      JsonNode body = json.readTree(request.body());
      var mapping =
          addDbrp(
              body.path("bucketID").asText(),
              body.path("database").asText(),
              body.path("retention_policy").asText(),
              body.path("default").asBoolean(),
              false);
      return ok(201, mapping.toString());
    }
    if (request.method().equals("PATCH") && request.path().startsWith("/api/v2/dbrps/")) {
      ObjectNode mapping = dbrps.get(request.path().substring("/api/v2/dbrps/".length()));
      if (mapping == null || !ORG_ID.equals(query.get("orgID"))) {
        return notFound("unable to find DBRP");
      }
      mapping.put("default", json.readTree(request.body()).path("default").asBoolean());
      return ok(200, "{\"content\":" + mapping + "}");
    }
    return notFound("path not found");
  }

  private static boolean matches(JsonNode mapping, String key, String wanted) {
    return wanted == null || wanted.equals(mapping.path(key).asText());
  }

  private static Answer ok(int status, String body) {
    return Answer.of(status, body);
  }

  private static Answer notFound(String message) {
    return Answer.of(404, "{\"code\":\"not found\",\"message\":\"" + message + "\"}");
  }
}
