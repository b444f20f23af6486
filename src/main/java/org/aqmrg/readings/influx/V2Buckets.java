package org.aqmrg.readings.influx;

import static java.net.URLEncoder.encode;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.ReadingStore.Bucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's buckets on InfluxDB 2.x, through its v2 API (token auth): one bucket per seed bucket
 * in organisation {@code INFLUXDB_ORG}, each with a DBRP mapping {@code INFLUXDB_DATABASE} +
 * <i>bucket name</i> → bucket, so that the 1.x {@code /write} and {@code /query} reach it; {@code
 * sensor_data}'s mapping is the default. See {@code databases/influxdb/schemas/buckets_v2.sh}.
 *
 * <p>Requests, as InfluxDB OSS 2.x documents them: {@code GET /api/v2/orgs?org=} for the
 * organisation's id; {@code GET /api/v2/buckets?name=&orgID=} (404 when missing), {@code POST
 * /api/v2/buckets} with {@code
 * {"orgID","name","retentionRules":[{"type":"expire","everySeconds"}]}} (no rule: infinite), {@code
 * PATCH /api/v2/buckets/{id}} when the retention differs; {@code GET /api/v2/dbrps?orgID=&db=&rp=}
 * (answer {@code {"content":[…]}}, virtual mappings ignored), {@code POST /api/v2/dbrps} with
 * {@code {"orgID","bucketID","database","retention_policy","default"}}, {@code PATCH
 * /api/v2/dbrps/{id}?orgID=} to make {@code sensor_data}'s mapping the default. What exists as
 * defined is left alone, so running it again changes nothing.
 */
final class V2Buckets {
  private static final Logger log = LoggerFactory.getLogger(V2Buckets.class);

  private final InfluxHttp http;
  private final String org;
  private final String database;

  V2Buckets(InfluxHttp http, String org, String database) {
    this.http = http;
    this.org = org;
    this.database = database;
  }

  void create() {
    String orgId = orgId();
    for (BucketSpec spec : BucketSpec.SEED) {
      Optional<JsonNode> existing = bucket(orgId, spec.name());
      String bucketId;
      if (existing.isEmpty()) {
        bucketId = createBucket(orgId, spec);
      } else {
        bucketId = existing.get().path("id").asText();
        if (everySeconds(existing.get()) != spec.retentionSeconds()) {
          log.info(
              "InfluxDB bucket {} has another retention than the seed's; changing it", spec.name());
          var body = http.json().createObjectNode();
          retentionRules(body, spec);
          http.v2("PATCH", "/api/v2/buckets/" + encode(bucketId, UTF_8), body);
        }
      }
      map(orgId, bucketId, spec);
    }
  }

  /** Creates a bucket and returns its id; when another instance just created it, finds that one. */
  private String createBucket(String orgId, BucketSpec spec) {
    var body = http.json().createObjectNode().put("orgID", orgId).put("name", spec.name());
    retentionRules(body, spec);
    try {
      return http.v2("POST", "/api/v2/buckets", body).path("id").asText();
    } catch (StoreUnavailableException e) {
      if (e.getCause() instanceof InfluxResponseException refused
          && (refused.status() == 409 || refused.status() == 422)) {
        return bucket(orgId, spec.name()).orElseThrow(() -> e).path("id").asText();
      }
      throw e;
    }
  }

  List<Bucket> list() {
    String orgId = orgId();
    var buckets = new ArrayList<Bucket>();
    for (BucketSpec spec : BucketSpec.SEED) {
      bucket(orgId, spec.name())
          .ifPresent(
              found ->
                  buckets.add(
                      new Bucket(
                          spec.name(), BucketSpec.retention(everySeconds(found)), "unknown")));
    }
    return buckets;
  }

  private String orgId() {
    if (!http.hasToken()) {
      throw new IllegalStateException(
          "InfluxDB at "
              + http.url()
              + " is 2.x: set INFLUXDB_TOKEN, its v2 API takes only tokens");
    }
    return find("/api/v2/orgs?org=" + encode(org, UTF_8))
        .flatMap(answer -> first(answer.path("orgs"), "name", org))
        .map(found -> found.path("id").asText())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "InfluxDB at "
                        + http.url()
                        + " has no organisation '"
                        + org
                        + "' (INFLUXDB_ORG) that this token can see"));
  }

  private Optional<JsonNode> bucket(String orgId, String name) {
    return find("/api/v2/buckets?name=" + encode(name, UTF_8) + "&orgID=" + encode(orgId, UTF_8))
        .flatMap(answer -> first(answer.path("buckets"), "name", name));
  }

  /** Creates the bucket's DBRP mapping, or makes an existing one the default where it must be. */
  private void map(String orgId, String bucketId, BucketSpec spec) {
    String query =
        "?orgID="
            + encode(orgId, UTF_8)
            + "&db="
            + encode(database, UTF_8)
            + "&rp="
            + encode(spec.name(), UTF_8);
    Optional<JsonNode> existing = Optional.empty();
    for (JsonNode mapping : http.v2("GET", "/api/v2/dbrps" + query, null).path("content")) {
      if (!mapping.path("virtual").asBoolean()
          && database.equals(mapping.path("database").asText())
          && spec.name().equals(mapping.path("retention_policy").asText())) {
        existing = Optional.of(mapping);
      }
    }
    if (existing.isEmpty()) {
      ObjectNode body =
          http.json()
              .createObjectNode()
              .put("orgID", orgId)
              .put("bucketID", bucketId)
              .put("database", database)
              .put("retention_policy", spec.name())
              .put("default", spec.isDefault());
      http.v2("POST", "/api/v2/dbrps", body);
      return;
    }
    JsonNode mapping = existing.get();
    if (!bucketId.equals(mapping.path("bucketID").asText())) {
      throw new IllegalStateException(
          "InfluxDB at "
              + http.url()
              + " maps database "
              + database
              + ", retention policy "
              + spec.name()
              + " to bucket "
              + mapping.path("bucketID").asText()
              + ", not to bucket "
              + spec.name()
              + " ("
              + bucketId
              + "); delete that mapping or choose another INFLUXDB_DATABASE");
    }
    if (spec.isDefault() && !mapping.path("default").asBoolean()) {
      http.v2(
          "PATCH",
          "/api/v2/dbrps/"
              + encode(mapping.path("id").asText(), UTF_8)
              + "?orgID="
              + encode(orgId, UTF_8),
          http.json().createObjectNode().put("default", true));
    }
  }

  /** A GET that answers 404 when what it asks for does not exist. */
  private Optional<JsonNode> find(String pathAndQuery) {
    try {
      return Optional.of(http.v2("GET", pathAndQuery, null));
    } catch (StoreUnavailableException e) {
      if (e.getCause() instanceof InfluxResponseException refused && refused.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static void retentionRules(ObjectNode body, BucketSpec spec) {
    ArrayNode rules = body.putArray("retentionRules");
    if (spec.retentionSeconds() > 0) {
      rules.addObject().put("type", "expire").put("everySeconds", spec.retentionSeconds());
    }
  }

  /** A bucket's retention in seconds; 0 when it keeps data for ever. */
  private static long everySeconds(JsonNode bucket) {
    for (JsonNode rule : bucket.path("retentionRules")) {
      if ("expire".equals(rule.path("type").asText("expire"))) {
        return rule.path("everySeconds").asLong();
      }
    }
    return 0;
  }

  private static Optional<JsonNode> first(JsonNode items, String key, String value) {
    for (JsonNode item : items) {
      if (value.equals(item.path(key).asText())) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }
}
