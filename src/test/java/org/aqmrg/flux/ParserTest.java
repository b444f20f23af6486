package org.aqmrg.flux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aqmrg.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The lexer, the parser and the subset's checks, each refusal with its place. */
class ParserTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:30:00Z");

  private static List<Pipeline> compile(String text) {
    return Compiler.compile(Parser.parse(text), NOW);
  }

  private static String refusal(String text) {
    try {
      compile(text);
    } catch (InvalidInputException e) {
      assertThat(e.details()).containsKeys("line", "column");
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + text);
  }

  @Test
  void durations_times_and_now_give_the_range() {
    Pipeline p =
        compile("from(bucket: \"sensor_data\") |> range(start: -1h30m, stop: now())").get(0);
    assertThat(p.start()).isEqualTo(Instant.parse("2026-11-25T13:00:00Z"));
    assertThat(p.stop()).isEqualTo(NOW);
    p =
        compile(
                "from(bucket: \"sensor_data\") |> range(start: 2026-11-01, stop: 2026-11-02T01:00:00+01:00)")
            .get(0);
    assertThat(p.start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(p.stop()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    p = compile("from(bucket: \"sensor_data\") |> range(start: 1764028800)").get(0);
    assertThat(p.start()).isEqualTo(Instant.ofEpochSecond(1764028800));
  }

  @Test
  void comments_newlines_and_variables_are_read_as_flux_reads_them() {
    List<Pipeline> results =
        compile(
            "// the last hour\nstart = -1h\nbucket = \"sensor_data\"\n"
                + "data = from(bucket: bucket)\n  |> range(start: start) // a comment\n"
                + "data |> yield(name: \"raw\")\ndata |> count()");
    assertThat(results).extracting(Pipeline::result).containsExactly("raw", "_result");
    assertThat(results.get(1).steps()).hasSize(1).first().isInstanceOf(Step.Aggregate.class);
  }

  @Test
  void a_slash_after_an_operator_is_a_regex_and_after_an_operand_is_division() {
    var filter =
        (Step.Filter)
            compile(
                    "from(bucket: \"sensor_data\") |> range(start: -1h)"
                        + " |> filter(fn: (r) => r.sensor_id =~ /^LAG-\\/x/ and not r._field !~ /pm/)")
                .get(0)
                .steps()
                .get(0);
    var and = (Cond.And) filter.cond();
    assertThat(((Cond.Matches) and.left()).pattern().pattern()).isEqualTo("^LAG-/x");
    assertThat(and.right()).isInstanceOf(Cond.Not.class);
    assertThat(refusal("from(bucket: \"sensor_data\") |> range(start: -1h) |> limit(n: 10 / 2)"))
        .isEqualTo("error @1:62-1:68: expected a column of r or a literal here");
  }

  @Test
  void and_binds_tighter_than_or() {
    var filter =
        (Step.Filter)
            compile(
                    "from(bucket: \"sensor_data\") |> range(start: -1h)"
                        + " |> filter(fn: (r) => r.a == \"1\" or r.b == \"2\" and r.c == \"3\")")
                .get(0)
                .steps()
                .get(0);
    assertThat(filter.cond()).isInstanceOf(Cond.Or.class);
    assertThat(((Cond.Or) filter.cond()).right()).isInstanceOf(Cond.And.class);
    Map<String, Object> row = Map.of("a", "0", "b", "2", "c", "3");
    assertThat(filter.cond().test(row::get)).isEqualTo(Cond.Truth.TRUE);
  }

  @Test
  void strings_take_flux_escapes_and_refuse_interpolation() {
    var filter =
        (Step.Filter)
            compile(
                    "from(bucket: \"sensor_data\") |> range(start: -1h)"
                        + " |> filter(fn: (r) => r.sensor_id == \"a\\\"b\\\\c\\n\")")
                .get(0)
                .steps()
                .get(0);
    var compare = (Cond.Compare) filter.cond();
    assertThat(((Cond.Literal) compare.right()).value()).isEqualTo("a\"b\\c\n");
    assertThat(refusal("from(bucket: \"sensor_${x}\")"))
        .startsWith("error @1:14-1:23: string interpolation");
    assertThat(refusal("from(bucket: \"sensor_data)"))
        .isEqualTo("error @1:14-1:27: string literal not terminated");
    assertThat(refusal("from(bucket: \"a\\q\")")).contains("invalid escape sequence \\q");
  }

  @Test
  void what_does_not_parse_is_refused_at_the_first_token_that_does_not_fit() {
    assertThat(refusal("from(bucket: \"sensor_data\") |> range(start: -1h) |>"))
        .isEqualTo("error @1:52-1:52: unexpected end of the query: expected an expression");
    assertThat(refusal("from(bucket: \"sensor_data\")\n |> range(start: -1h) |> 5"))
        .isEqualTo("error @2:26-2:27: expected a function call after |>");
    assertThat(refusal("from(bucket: \"sensor_data\") # x"))
        .isEqualTo("error @1:29-1:30: invalid character '#'");
    assertThat(refusal("")).startsWith("error @1:1-1:1: the query holds no statement");
    // digits of other scripts are not numbers (found by FluxParserFuzzTest)
    assertThat(refusal("from(bucket: \"sensor_data\") |> range(start: -1h) |> limit(n: 1.\u06f1)"))
        .isEqualTo("error @1:64-1:65: invalid character '\u06f1'");
  }

  @Test
  void the_subset_refuses_what_it_does_not_support_by_name() {
    String base = "from(bucket: \"sensor_data\") |> range(start: -1h)";
    assertThat(refusal(base + " |> range(start: -2h)")).contains("range() is given twice");
    assertThat(refusal(base + " |> limit(n: 1, n: 2)")).contains("limit() is given n twice");
    assertThat(refusal(base + " |> limit()")).contains("missing required argument n of limit()");
    assertThat(refusal(base + " |> limit(n: -1)")).contains("limit(n:) must be a whole number");
    assertThat(refusal(base + " |> keep(fn: (c) => true)"))
        .contains("keep() argument fn is not supported");
    assertThat(refusal(base + " |> aggregateWindow(every: 1mo, fn: mean)"))
        .contains("calendar durations");
    assertThat(refusal(base + " |> aggregateWindow(every: 1h, fn: stddev)"))
        .contains("aggregateWindow(fn:) must be one of mean");
    assertThat(refusal(base + " |> filter(fn: (r) => r._value > 1, onEmpty: \"keep\")"))
        .contains("filter(onEmpty: \"keep\") is not supported");
    assertThat(refusal(base + " |> yield() |> last()")).contains("yield() must end its query");
    assertThat(refusal(base + " |> schema.fieldsAsCols()"))
        .contains("add import \"influxdata/influxdb/schema\"");
    assertThat(refusal("import \"sql\"\n" + base))
        .isEqualTo(
            "error @1:8-1:13: package \"sql\" is not supported; only influxdata/influxdb/schema");
    assertThat(refusal(base + "\n" + base)).contains("two results are named \"_result\"");
    assertThat(refusal("from(bucket: \"sensor_data\") |> filter(fn: (r) => true) |> last()"))
        .contains("cannot submit unbounded read to \"sensor_data\"");
    assertThat(refusal("option now = () => 2026-01-01T00:00:00Z\n" + base))
        .contains("the option statement is not supported");
    assertThat(refusal(base + " |> filter(fn: (r) => r._value * 2 > 3)"))
        .contains("expected a column of r or a literal here");
    assertThat(refusal(base + " |> filter(fn: (x, y) => true)"))
        .contains("filter(fn:) takes a function of one row");
    assertThat(refusal(base + " |> filter(fn: (r) => s.a == \"1\")"))
        .contains("undefined identifier s");
    assertThat(refusal(base + " |> filter(fn: (r) => r.a =~ \"x\")"))
        .contains("=~ needs a regex literal");
    assertThat(refusal(base + " |> filter(fn: (r) => r.a =~ /(/)")).contains("invalid regex /(/");
    assertThat(refusal(base + " |> filter(fn: (r) => r.a =~ /" + "a".repeat(257) + "/)"))
        .contains("a regex may be 256 characters long");
  }

  @Test
  void a_text_longer_than_the_bound_is_refused_before_it_is_read() {
    assertThat(refusal("from(bucket: \"" + "x".repeat(Lexer.MAX_TEXT) + "\")"))
        .contains("at most " + Lexer.MAX_TEXT);
  }
}
