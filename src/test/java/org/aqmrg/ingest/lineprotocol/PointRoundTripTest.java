package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Writing points back as line protocol: parse(toLineProtocol(p)) equals p, for documented examples,
 * for many random points with every escape, and for every point the parser makes from random text;
 * and the checks of {@link Point#of} that keep that true.
 */
class PointRoundTripTest {
  private static final long NOW = LineProtocolParserTest.NOW;

  /** Characters that need escapes somewhere, and others that do not. */
  private static final String[] NAME_PARTS = {
    "a",
    "Z",
    "0",
    "_",
    "-",
    ".",
    ",",
    "=",
    " ",
    "\\",
    "\"",
    "'",
    "#",
    "\t",
    "\r",
    "é",
    "城",
    "😀",
    "pm25",
    "sensor_id",
    "LAG-IKJ-001"
  };

  private static final String[] STRING_PARTS = {
    "a", " ", ",", "=", "\\", "\"", "\\\"", "'", "\t", "\r", "é", "😀", "#", "ok"
  };

  private static final LineProtocolParser PARSER = new LineProtocolParser();

  private static Point parseOne(String line) {
    ParseResult result = PARSER.parse(line, Precision.NS, NOW);
    assertThat(result.errors()).as("errors of %s", line).isEmpty();
    assertThat(result.points()).as("points of %s", line).hasSize(1);
    return result.points().get(0);
  }

  private static void roundTrips(Point point) {
    String line = point.toLineProtocol();
    Point back = parseOne(line);
    assertThat(back).as(line).isEqualTo(point);
    assertThat(back.hashCode()).isEqualTo(point.hashCode());
    assertThat(back.toLineProtocol()).isEqualTo(line);
  }

  @Test
  void documented_examples_round_trip() {
    List<String> lines =
        List.of(
            "weather,location=us-midwest temperature=82 1465839830100400200",
            "\"measurement\\ with\\ quo⚡️es\\ and\\ emoji\",tag\\ key\\ with\\ sp🚀ces"
                + "=tag\\,value\\,with\"commas\" field_k\\ey=\"string field value, only \\\" need"
                + " be esc🍭ped\"",
            "\"measurement\\ with\\ quotes\",tag\\ key\\ with\\ spaces=tag\\,value\\,with\"commas\""
                + " field_key\\\\\\\\=\"string field value, only \\\" need be escaped\"",
            "myMeasurement,tag1=value1,tag2=value2 fieldKey=\"fieldValue\" 1556813561098000000",
            "my\\ Measurement fieldKey=\"string value\"",
            "myMeasurement fieldKey=\"\\\"string\\\" within a string\"",
            "myMeasurement,tag\\ Key1=tag\\ Value1,tag\\ Key2=tag\\ Value2 fieldKey=100",
            "myMeasurement,tagKey=🍭 fieldKey=\"Launch 🚀\" 1556813561098000000",
            "air_quality,sensor_id=ABC123,location=Lagos pm25=35.2,pm10=45.8,temperature=28.5"
                + " 1609459200000000000",
            "m a=-1.234456e+78,b=1i,c=18446744073709551615u,d=-9223372036854775808i,e=T,f=-0",
            "m\\n,t=v\\a\\\\b,u=a\\\\,w=x\\\\\\,y f\\\"=\"C:\\\\temp\\\\\",g=\"\\n\"",
            "a=b\\=c\\,d\\ e f=1");
    for (String line : lines) {
      roundTrips(parseOne(line));
    }
  }

  @Test
  void the_canonical_line_sorts_tags_and_writes_nanoseconds() {
    Point p =
        parseOne("air_quality,sensor_id=ABC123,location=Lagos pm25=35.2,n=3i,ok=t,s=\"a\\\"b\" 16");
    assertThat(p.toLineProtocol())
        .isEqualTo(
            "air_quality,location=Lagos,sensor_id=ABC123 pm25=35.2,n=3i,ok=true,s=\"a\\\"b\" 16");
  }

  private static String randomName(Random random, String role, boolean measurement) {
    while (true) {
      StringBuilder name = new StringBuilder();
      int parts = 1 + random.nextInt(6);
      for (int i = 0; i < parts; i++) {
        name.append(NAME_PARTS[random.nextInt(NAME_PARTS.length)]);
      }
      if (Escaping.problem(role, name.toString(), measurement) == null) {
        return name.toString();
      }
    }
  }

  private static FieldValue randomValue(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> {
        double d;
        do {
          d = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(d));
        yield FieldValue.ofFloat(d);
      }
      case 1 -> FieldValue.ofFloat(Math.round(random.nextGaussian() * 10_000) / 10.0);
      case 2 -> FieldValue.ofInteger(random.nextLong());
      case 3 -> FieldValue.ofUnsigned(random.nextLong());
      case 4 -> FieldValue.ofBoolean(random.nextBoolean());
      default -> {
        StringBuilder s = new StringBuilder();
        int parts = random.nextInt(8);
        for (int i = 0; i < parts; i++) {
          s.append(STRING_PARTS[random.nextInt(STRING_PARTS.length)]);
        }
        yield FieldValue.ofString(s.toString());
      }
    };
  }

  private static Point randomPoint(Random random) {
    Map<String, String> tags = new HashMap<>();
    int tagCount = random.nextInt(5);
    for (int i = 0; i < tagCount; i++) {
      tags.put(randomName(random, "tag key", false), randomName(random, "tag value", false));
    }
    Map<String, FieldValue> fields = new LinkedHashMap<>();
    int fieldCount = 1 + random.nextInt(6);
    for (int i = 0; i < fieldCount; i++) {
      fields.put(randomName(random, "field key", false), randomValue(random));
    }
    long time =
        random.nextBoolean()
            ? 1_609_459_200_000_000_000L + random.nextInt(1_000_000_000)
            : Math.max(Precision.MIN_NANOS, Math.min(Precision.MAX_NANOS, random.nextLong()));
    return Point.of(randomName(random, "measurement", true), tags, fields, time);
  }

  @Test
  void many_random_points_with_every_escape_round_trip_one_by_one_and_as_one_body() {
    Random random = new Random(20240601);
    List<Point> points = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      Point point = randomPoint(random);
      roundTrips(point);
      points.add(point);
      point.appendLineProtocol(body);
      body.append(i % 3 == 0 ? "\r\n" : "\n");
    }
    ParseResult all = new LineProtocolParser().parse(body.toString(), Precision.NS, NOW);
    assertThat(all.errors()).isEmpty();
    assertThat(all.points()).containsExactlyElementsOf(points);
    // The generator did reach the escapes it is meant to test.
    String text = body.toString();
    for (String escape : List.of("\\,", "\\=", "\\ ", "\\\\", "\\\"", "\\\\\\,", "😀")) {
      assertThat(text).contains(escape);
    }
  }

  private static String pick(Random random, String[] parts, int most) {
    StringBuilder out = new StringBuilder();
    int n = 1 + random.nextInt(most);
    for (int i = 0; i < n; i++) {
      out.append(parts[random.nextInt(parts.length)]);
    }
    return out.toString();
  }

  @Test
  void every_point_parsed_from_random_text_round_trips_and_no_line_throws() {
    // Lines shaped like line protocol, built from fragments that are often special, so that many
    // are valid in unusual ways and the rest fail in every way.
    String[] name = {
      "m", "t", "x", "pm", "LAG-1", "\\", "\\\\", "\\ ", "\\,", "\\=", "=", ",", " ", "\"", "#",
      "é", "\t", "\r", "😀"
    };
    String[] good = {"1", "-1.5e3", ".5", "1.", "12i", "-3i", "7u", "t", "FALSE", "\"a\\\"b\""};
    String[] value = {
      "1", "0", "9", ".", "e", "E", "-", "+", "i", "u", "t", "T", "rue", "f", "alse", "\"", "\\\"",
      "\\", " ", ",", "=", "N", "aN", "\t"
    };
    Random random = new Random(7);
    int points = 0;
    int errors = 0;
    for (int round = 0; round < 3_000; round++) {
      StringBuilder body = new StringBuilder();
      for (int line = 0; line < 5; line++) {
        body.append(pick(random, name, 4));
        for (int t = random.nextInt(3); t > 0; t--) {
          body.append(',').append(pick(random, name, 3)).append('=').append(pick(random, name, 3));
        }
        body.append(' ');
        for (int f = 1 + random.nextInt(3); f > 0; f--) {
          body.append(pick(random, name, 3)).append('=');
          body.append(
              switch (random.nextInt(4)) {
                case 0 -> pick(random, value, 4);
                case 1 -> "\"" + pick(random, name, 4) + "\"";
                default -> good[random.nextInt(good.length)];
              });
          body.append(f > 1 ? "," : "");
        }
        if (random.nextBoolean()) {
          body.append(' ').append(random.nextInt(3) == 0 ? pick(random, value, 3) : "-12345");
        }
        body.append(random.nextBoolean() ? "\n" : "\r\n");
      }
      ParseResult result = PARSER.parse(body.toString(), Precision.NS, NOW);
      for (Point point : result.points()) {
        roundTrips(point);
        points++;
      }
      for (LineError error : result.errors()) {
        assertThat(error.line()).isBetween(1, 5);
        assertThat(error.column()).isPositive();
        assertThat(error.reason()).isNotBlank();
        errors++;
      }
    }
    assertThat(points).as("random text gave many points").isGreaterThan(1_000);
    assertThat(errors).as("random text gave many errors").isGreaterThan(1_000);
  }

  @Test
  void equal_points_are_equal_whatever_the_order_of_their_fields() {
    Point a = parseOne("m,t=1 x=1,y=2i 5");
    Point b = parseOne("m,t=1 y=2i,x=1 5");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(parseOne("m,t=1 x=1,y=2 5"));
    assertThat(a).isNotEqualTo(parseOne("m,t=2 x=1,y=2i 5"));
    assertThat(a).isNotEqualTo(parseOne("m,t=1 x=1,y=2i 6"));
    assertThat(parseOne("m f=0")).isNotEqualTo(parseOne("m f=-0"));
  }

  @Test
  void point_of_builds_a_point_that_writes_sorted_and_escaped() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("sensor_id", "LAG IKJ,001");
    tags.put("location", "Ikeja");
    Map<String, FieldValue> fields = new LinkedHashMap<>();
    fields.put("pm25", FieldValue.ofFloat(35.2));
    fields.put("note", FieldValue.ofString("say \"hi\" \\o/"));
    Point p = Point.of("air quality", tags, fields, 1_609_459_200_000_000_000L);
    assertThat(p.toLineProtocol())
        .isEqualTo(
            "air\\ quality,location=Ikeja,sensor_id=LAG\\ IKJ\\,001"
                + " pm25=35.2,note=\"say \\\"hi\\\" \\\\o/\" 1609459200000000000");
    roundTrips(p);
  }

  @Test
  void point_of_rejects_what_line_protocol_cannot_spell() {
    Map<String, FieldValue> f = Map.of("f", FieldValue.ofInteger(1));
    assertThatThrownBy(() -> Point.of("#m", Map.of(), f, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("measurement '#m' starts with '#', which line protocol reads as a comment");
    assertThatThrownBy(() -> Point.of("\tm", Map.of(), f, 0))
        .hasMessageContaining("as leading white space");
    assertThatThrownBy(() -> Point.of("", Map.of(), f, 0)).hasMessage("measurement is empty");
    assertThatThrownBy(() -> Point.of("m\\", Map.of(), f, 0))
        .hasMessage(
            "measurement 'm\\' has a backslash before its end, which line protocol cannot spell");
    assertThatThrownBy(() -> Point.of("m", Map.of("t", "a\\,b"), f, 0))
        .hasMessage(
            "value of tag 't' 'a\\,b' has a backslash before ',', which line protocol cannot spell");
    assertThatThrownBy(() -> Point.of("m", Map.of("t", ""), f, 0))
        .hasMessage("value of tag 't' is empty");
    assertThatThrownBy(() -> Point.of("m", Map.of("t\nu", "v"), f, 0))
        .hasMessage("tag key 't\nu' holds a newline");
    assertThatThrownBy(() -> Point.of("m", Map.of(), Map.of(), 0))
        .hasMessage("a point needs at least one field");
    assertThatThrownBy(() -> Point.of("m", Map.of(), f, Long.MAX_VALUE))
        .hasMessage("timestamp 9223372036854775807 ns is out of the range InfluxDB keeps");
    assertThatThrownBy(() -> Point.of("m", Map.of(), Map.of("f\uD800", FieldValue.ofInteger(1)), 0))
        .hasMessage("field key 'f\uD800' holds an unpaired surrogate");
    // A backslash that pairs with another character is fine, at the end too.
    roundTrips(Point.of("m\\\\", Map.of("t", "a\\b\\\\"), f, 0));
  }

  @Test
  void field_values_check_their_kind_and_print_as_line_protocol() {
    assertThatThrownBy(() -> FieldValue.ofFloat(Double.NaN))
        .hasMessageContaining("NaN and infinities are not allowed");
    assertThatThrownBy(() -> FieldValue.ofFloat(Double.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldValue.ofString("a\nb"))
        .hasMessage("a string field value cannot hold a newline");
    assertThatThrownBy(() -> FieldValue.ofInteger(1).doubleValue())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("field value 1i is INTEGER, not FLOAT");
    assertThatThrownBy(() -> FieldValue.ofFloat(1).longValue())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FieldValue.ofBoolean(true).stringValue())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FieldValue.ofString("x").booleanValue())
        .isInstanceOf(IllegalStateException.class);
    assertThat(FieldValue.ofFloat(35.2)).hasToString("35.2");
    assertThat(FieldValue.ofInteger(-3)).hasToString("-3i");
    assertThat(FieldValue.ofUnsigned(-1)).hasToString("18446744073709551615u");
    assertThat(FieldValue.ofUnsigned(-1).longValue()).isEqualTo(-1);
    assertThat(FieldValue.ofBoolean(false)).hasToString("false");
    assertThat(FieldValue.ofString("a\"\\b")).hasToString("\"a\\\"\\\\b\"");
    assertThat(FieldValue.ofInteger(1)).isNotEqualTo(FieldValue.ofUnsigned(1));
    assertThat(FieldValue.ofFloat(0.0)).isNotEqualTo(FieldValue.ofFloat(-0.0));
  }
}
