package org.aqmrg.influxql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.junit.jupiter.api.Test;

class ParserTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");

  private static Statement.Select select(String text) {
    List<Statement> statements = Parser.parse(text, NOW);
    assertThat(statements).hasSize(1);
    return (Statement.Select) statements.get(0);
  }

  private static void refused(String text, String... parts) {
    assertThatThrownBy(() -> Parser.parse(text, NOW))
        .isInstanceOf(InvalidInputException.class)
        .message()
        .startsWith("error parsing query: ")
        .contains(parts);
  }

  @Test
  void grafana_style_mean_with_tag_and_time_filter_and_group_by_time() {
    var select =
        select(
            "SELECT mean(\"pm25\") FROM \"air_quality\" WHERE (\"sensor_id\" = 'LAG-1') AND"
                + " time >= now() - 7d and time <= 1764079200000ms GROUP BY time(5m) fill(null)");
    assertThat(select.fn()).contains(Query.Aggregate.MEAN);
    assertThat(select.fields()).containsExactly(Field.PM25);
    assertThat(select.names()).containsExactly("mean");
    assertThat(select.measurement()).isEqualTo("air_quality");
    assertThat(select.from()).contains(NOW.minus(Duration.ofDays(7)));
    assertThat(select.to()).contains(Instant.ofEpochMilli(1764079200000L).plusNanos(1));
    assertThat(select.every()).contains(Duration.ofMinutes(5));
    assertThat(select.fill().kind()).isEqualTo(Statement.Fill.Kind.NULL);
    assertThat(select.where().test(new SeriesTags("LAG-1", "Ikeja", null))).isTrue();
    assertThat(select.where().test(new SeriesTags("LAG-2", "Ikeja", null))).isFalse();
  }

  @Test
  void sum_median_and_first_are_read_with_their_own_column_names() {
    for (var fn : List.of(Query.Aggregate.SUM, Query.Aggregate.MEDIAN, Query.Aggregate.FIRST)) {
      String name = fn.key();
      var select =
          select(
              "SELECT "
                  + name.toUpperCase(java.util.Locale.ROOT)
                  + "(pm25), "
                  + name
                  + "(\"pm10\") AS p FROM air_quality WHERE time >= now() - 1d GROUP BY time(1h)");
      assertThat(select.fn()).as(name).contains(fn);
      assertThat(select.fields()).containsExactly(Field.PM25, Field.PM10);
      assertThat(select.names()).containsExactly(name, "p");
    }
    refused(
        "SELECT sum(pm25), first(pm10) FROM air_quality",
        "different functions in one SELECT (sum and first)");
  }

  @Test
  void grafana_builder_casts_are_read() {
    var select =
        select(
            "SELECT mean(\"pm25\"::field) FROM \"air_quality\" WHERE (\"sensor_id\"::tag = 'LAG-1')"
                + " AND time >= 1764000000000ms and time <= 1764003600000ms"
                + " GROUP BY time(1h), \"sensor_id\"::tag fill(null)");
    assertThat(select.fields()).containsExactly(Field.PM25);
    assertThat(select.groupBy()).containsExactly("sensor_id");
    assertThat(select.where()).isEqualTo(new Condition.Equals("sensor_id", "LAG-1", false));
    refused("SELECT pm25::integer FROM air_quality", "found integer, expected tag or field");
  }

  @Test
  void raw_select_with_star_fields_aliases_order_and_limit() {
    var star = select("select * from air_quality order by time desc limit 10");
    assertThat(star.all()).isTrue();
    assertThat(star.fields()).hasSize(Field.values().length);
    assertThat(star.descending()).isTrue();
    assertThat(star.limit()).hasValue(10);
    var fields =
        select(
            "SELECT pm25, \"pm10\" AS coarse FROM air_quality WHERE time > '2026-11-24T00:00:00Z'");
    assertThat(fields.fn()).isEmpty();
    assertThat(fields.names()).containsExactly("pm25", "coarse");
    assertThat(fields.from()).contains(Instant.parse("2026-11-24T00:00:00Z").plusNanos(1));
  }

  @Test
  void sources_with_retention_policy_and_database() {
    assertThat(select("SELECT pm25 FROM \"sensor_data\".\"air_quality\"").retentionPolicy())
        .contains("sensor_data");
    var full = select("SELECT pm25 FROM \"aqmrg\".\"sensor_data\".\"air_quality\"");
    assertThat(full.database()).contains("aqmrg");
    assertThat(full.retentionPolicy()).contains("sensor_data");
  }

  @Test
  void where_combines_tags_with_and_or_regex_and_parentheses() {
    var select =
        select(
            "SELECT max(no2) FROM air_quality WHERE (location = 'Ikeja' OR sensor_id =~ /^ABJ-/)"
                + " AND sensor_id != 'LAG-9' AND manufacturer !~ /x/ AND time > now() - 1h"
                + " GROUP BY time(1h), sensor_id fill(previous)");
    assertThat(select.where().test(new SeriesTags("ABJ-1", "Garki", "y"))).isTrue();
    assertThat(select.where().test(new SeriesTags("LAG-1", "Ikeja", "y"))).isTrue();
    assertThat(select.where().test(new SeriesTags("LAG-9", "Ikeja", "y"))).isFalse();
    assertThat(select.where().test(new SeriesTags("KAN-1", "Kano", "y"))).isFalse();
    assertThat(select.where().test(new SeriesTags("ABJ-1", "Garki", "x"))).isFalse();
    assertThat(select.groupBy()).containsExactly("sensor_id");
    assertThat(select.fill().kind()).isEqualTo(Statement.Fill.Kind.PREVIOUS);
  }

  @Test
  void epochs_with_units_and_numbers_and_fills() {
    var select =
        select(
            "SELECT count(pm25) FROM air_quality WHERE time >= 1700000000s AND time < 1700003600000000000"
                + " GROUP BY * fill(-1.5)");
    assertThat(select.from()).contains(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(select.to()).contains(Instant.ofEpochSecond(1_700_003_600L));
    assertThat(select.groupBy()).containsExactlyElementsOf(SeriesTags.KEYS);
    assertThat(select.fill().value()).isEqualTo(-1.5);
    assertThat(
            select(
                    "SELECT last(o3) FROM air_quality WHERE time > now() - 1d GROUP BY time(1d) fill(none)")
                .fill()
                .kind())
        .isEqualTo(Statement.Fill.Kind.NONE);
  }

  @Test
  void several_statements_and_every_show() {
    List<Statement> statements =
        Parser.parse(
            "SHOW DATABASES; SHOW MEASUREMENTS LIMIT 5; show tag keys from air_quality;"
                + " SHOW TAG VALUES FROM \"air_quality\" WITH KEY = \"sensor_id\";"
                + " SHOW FIELD KEYS; SHOW RETENTION POLICIES ON \"aqmrg\";",
            NOW);
    assertThat(statements)
        .extracting(s -> ((Statement.Show) s).what())
        .containsExactly(
            Statement.Show.What.DATABASES,
            Statement.Show.What.MEASUREMENTS,
            Statement.Show.What.TAG_KEYS,
            Statement.Show.What.TAG_VALUES,
            Statement.Show.What.FIELD_KEYS,
            Statement.Show.What.RETENTION_POLICIES);
    assertThat(((Statement.Show) statements.get(3)).tagKey()).isEqualTo("sensor_id");
    assertThat(((Statement.Show) statements.get(5)).database()).contains("aqmrg");
  }

  @Test
  void errors_give_line_and_character() {
    refused(
        "SELECT mean(pm25)\nFROM air_quality WHERE time > now() -",
        "found EOF",
        "at line 2, char 38");
    refused("SELECT pm25 FORM air_quality", "found FORM, expected FROM at line 1, char 13");
    refused(
        "SELECT pm25 FROM air_quality WHERE sensor_id = 'x",
        "unterminated string at line 1, char 48");
  }

  @Test
  void writing_and_admin_statements_are_refused_by_name() {
    for (String word : List.of("DROP", "DELETE", "CREATE", "ALTER", "GRANT", "REVOKE", "KILL")) {
      refused(word + " DATABASE aqmrg", word + " is not supported", "at line 1, char 1");
    }
    refused("SHOW DATABASES; DROP MEASUREMENT air_quality", "DROP is not supported", "char 17");
    refused("SELECT pm25 INTO copy FROM air_quality", "SELECT … INTO is not supported");
  }

  @Test
  void functions_and_clauses_outside_the_subset_are_refused_by_name() {
    refused(
        "SELECT mode(pm25) FROM air_quality",
        "function mode() is not supported; supported: mean, min, max, count, last, sum, median,"
            + " first");
    refused("SELECT stddev(pm25) FROM air_quality", "function stddev() is not supported");
    refused("SELECT mean(pm25), max(pm25) FROM air_quality", "different functions");
    refused("SELECT mean(pm25), pm10 FROM air_quality", "mixing aggregate");
    refused("SELECT pm25 FROM air_quality WHERE pm25 > 3", "conditions on fields (pm25)");
    refused(
        "SELECT pm25 FROM air_quality WHERE time > now() - 1h OR sensor_id = 'a'",
        "combined with OR");
    refused("SELECT mean(pm25) FROM air_quality GROUP BY time(1h, 5m)", "offset");
    refused(
        "SELECT mean(pm25) FROM air_quality GROUP BY time(1h) fill(linear)",
        "linear is not supported");
    refused("SELECT pm25 FROM air_quality LIMIT 5 OFFSET 5", "OFFSET is not supported");
    refused("SELECT nope FROM air_quality", "unknown field nope");
    refused("SELECT pm25 FROM air_quality WHERE colour = 'x'", "unknown tag colour");
    refused("SHOW SERIES", "found SERIES");
  }

  @Test
  void injection_attempts_stay_values_or_are_refused() {
    refused(
        "SELECT pm25 FROM air_quality WHERE sensor_id = 'x'' OR 1=1; DROP DATABASE aqmrg --'",
        "expected ; or EOF at line 1, char 51");
    var escaped =
        select("SELECT pm25 FROM air_quality WHERE sensor_id = 'a\\' OR sensor_id = \\'b'");
    assertThat(escaped.where())
        .isEqualTo(new Condition.Equals("sensor_id", "a' OR sensor_id = 'b", false));
    refused("SELECT \"pm25\"\" FROM x\" FROM air_quality", "expected FROM at line 1, char 14");
    refused("SELECT \"pm25\\\" FROM x\" FROM air_quality", "unknown field pm25\" FROM x");
    refused("SELECT pm25 FROM air_quality WHERE sensor_id =~ /(/", "invalid regex");
    refused(
        "SELECT pm25 FROM air_quality WHERE sensor_id =~ /" + "a".repeat(300) + "/",
        "max_regex_length");
  }

  @Test
  void a_catastrophic_regex_is_stopped_not_run_for_ever() {
    var select = select("SELECT pm25 FROM air_quality WHERE sensor_id =~ /(.*a){20}/");
    assertThatThrownBy(() -> select.where().test(new SeriesTags("a".repeat(60) + "!", null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("steps");
  }

  @Test
  void too_many_statements_is_refused_naming_the_bound() {
    refused("SHOW DATABASES;".repeat(Parser.MAX_STATEMENTS + 1), "max_statements");
  }
}
