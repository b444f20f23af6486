package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lines with many tags or fields: at most {@link LineProtocolParser#MAX_TAGS} and {@link
 * LineProtocolParser#MAX_FIELDS} a line, refused at the first past the limit while the rest of the
 * body is read; up to the limits, sorted and de-duplicated as a short line is.
 */
class LineLimitsTest {
  private static final long NOW = 1_700_000_000_000_000_000L;

  private static String fields(int count, String prefix) {
    var out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : ",").append(prefix).append(i).append('=').append(i);
    }
    return out.toString();
  }

  private static String tags(int count) {
    var out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(",t").append(i).append("=v");
    }
    return out.toString();
  }

  private static ParseResult parse(String body) {
    return new LineProtocolParser().parse(body, Precision.NS, NOW);
  }

  @Test
  void a_line_of_100000_fields_is_refused_at_the_first_past_the_limit_and_the_rest_is_read() {
    String wide = "m " + fields(100_000, "f");
    String body = "m a=1\n" + wide + "\nm b=2\n";

    var result = parse(body);

    assertThat(result.points()).extracting(p -> p.fieldName(0)).containsExactly("a", "b");
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.reason())
                  .isEqualTo("more than 64 fields: a line may have at most 64");
              assertThat(error.column()).isEqualTo(wide.indexOf(",f64=") + 2);
            });
  }

  @Test
  void a_line_of_100000_tags_is_refused_at_the_first_past_the_limit_and_the_rest_is_read() {
    String wide = "m" + tags(100_000) + " f=1";
    String body = "m,a=1 f=1\n" + wide + "\nm,b=2 f=2\n";

    var result = parse(body);

    assertThat(result.points()).extracting(p -> p.tagKey(0)).containsExactly("a", "b");
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.reason()).isEqualTo("more than 64 tags: a line may have at most 64");
              assertThat(error.column()).isEqualTo(wide.indexOf(",t64=") + 2);
            });
  }

  @Test
  void a_body_of_many_wide_lines_is_read_to_its_end() {
    String wideFields = "m " + fields(100_000, "f") + "\n";
    String wideTags = "m" + tags(100_000) + " f=1\n";
    String repeated = "m " + "f=1,".repeat(100_000) + "f=2\n";
    var body = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      body.append(wideFields).append("m good=").append(i).append('\n');
      body.append(wideTags).append(repeated);
    }

    var result = parse(body.toString());

    assertThat(result.points()).hasSize(10);
    assertThat(result.errors()).hasSize(30);
    assertThat(result.lines()).isEqualTo(40);
  }

  @Test
  void a_line_at_the_limits_is_read_whole() {
    var result = parse("m" + tags(64) + " " + fields(64, "f"));

    assertThat(result.errors()).isEmpty();
    Point point = result.points().get(0);
    assertThat(point.tagCount()).isEqualTo(64);
    assertThat(point.fieldCount()).isEqualTo(64);
  }

  @Test
  void many_tags_are_sorted_by_code_point_whatever_their_order() {
    var keys = new ArrayList<String>();
    for (int i = 0; i < 40; i++) {
      keys.add("k" + Integer.toString(i * 7919 % 40, 36) + (i % 3 == 0 ? "é" : ""));
    }
    var line = new StringBuilder("m");
    keys.forEach(key -> line.append(',').append(key).append("=v-").append(key));
    line.append(" f=1");

    Point point = parse(line.toString()).points().get(0);

    var sorted = new ArrayList<>(keys);
    sorted.sort(Point::compareCodePoints);
    for (int i = 0; i < sorted.size(); i++) {
      assertThat(point.tagKey(i)).isEqualTo(sorted.get(i));
      assertThat(point.tagValue(i)).isEqualTo("v-" + sorted.get(i));
    }
  }

  @Test
  void among_many_tags_the_first_key_given_again_is_named_at_its_column() {
    // t3 is given again at the 20th tag, t1 at the 30th: the first repeat is the one named.
    String line = "m" + tags(19) + ",t3=x" + tags(9).replace(",t", ",u") + ",t1=y f=1";

    var error = parse(line).errors().get(0);

    assertThat(error.reason()).isEqualTo("duplicate tag 't3'");
    assertThat(error.column()).isEqualTo(line.indexOf(",t3=x") + 2);
  }

  @Test
  void among_many_fields_a_key_given_again_keeps_its_first_place_and_last_value() {
    // x twice, then a, b and a again, past the short path's length: [x, a, b, f0…f9].
    String line = "m x=1,x=2,a=3,b=4,a=5," + fields(10, "f") + ",x=6";

    Point point = parse(line).points().get(0);

    assertThat(point.fieldCount()).isEqualTo(13);
    assertThat(List.of(point.fieldName(0), point.fieldName(1), point.fieldName(2)))
        .containsExactly("x", "a", "b");
    assertThat(point.field("x").doubleValue()).isEqualTo(6);
    assertThat(point.field("a").doubleValue()).isEqualTo(5);
    assertThat(point.field("b").doubleValue()).isEqualTo(4);
    assertThat(point.fieldName(3)).isEqualTo("f0");
    assertThat(point.field("f9").doubleValue()).isEqualTo(9);
    assertThat(point.plainFieldSet()).as("a repeated key is not plain").isFalse();
  }

  @Test
  void a_few_fields_with_a_key_given_again_keep_its_first_place_and_last_value() {
    Point point = parse("m x=1,x=2,a=3,b=4,a=5").points().get(0);

    assertThat(point.fieldCount()).isEqualTo(3);
    assertThat(List.of(point.fieldName(0), point.fieldName(1), point.fieldName(2)))
        .containsExactly("x", "a", "b");
    assertThat(List.of(point.fieldNumber(0), point.fieldNumber(1), point.fieldNumber(2)))
        .containsExactly(2.0, 5.0, 4.0);
  }

  @Test
  void a_point_made_from_many_tags_has_them_sorted() {
    var tags = new LinkedHashMap<String, String>();
    for (int i = 20; i > 0; i--) {
      tags.put("tag" + i, "v" + i);
    }

    Point point =
        Point.of("m", tags, Map.of("f", FieldValue.ofFloat(1)), 1_700_000_000_000_000_000L);

    var sorted = new ArrayList<>(tags.keySet());
    sorted.sort(Point::compareCodePoints);
    for (int i = 0; i < sorted.size(); i++) {
      assertThat(point.tagKey(i)).isEqualTo(sorted.get(i));
      assertThat(point.tagValue(i)).isEqualTo(tags.get(sorted.get(i)));
    }
  }
}
