package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV rows of readings: quoting as RFC 4180 has it, and every refusal naming its line. */
class CsvRowsTest {
  private final List<IngestService.Numbered> points = new ArrayList<>();
  private final List<IngestService.Rejection> refused = new ArrayList<>();

  private CsvRows readAll(String csv) throws IOException {
    var rows = new CsvRows(new StringReader(csv));
    while (rows.read(points, refused, 2)) {
      // batches of two, as the importer reads them
    }
    return rows;
  }

  @Test
  void quoted_cells_hold_commas_quotes_and_line_breaks_and_lines_count_from_where_a_row_starts()
      throws IOException {
    var rows =
        readAll(
            "Time, Sensor_ID ,location,pm25\r\n"
                + "2026-11-25T14:00:00Z,CSV-1,\"Ikeja, Lagos\",12.5\r\n"
                + "2026-11-25T14:01:00Z,CSV-1,\"the \"\"old\"\" mast\",\" 13 \"\n"
                + "\n"
                + "2026-11-25T14:02:00Z,CSV-1,\"two\nlines\",14\n"
                + "2026-11-25T14:03:00Z,CSV-1,Yaba,15");

    // A line break is read as part of its cell, though no tag may hold one.
    assertThat(refused)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.line()).isEqualTo(5);
              assertThat(r.reason()).contains("'two\nlines' holds a newline");
            });
    assertThat(points).extracting(IngestService.Numbered::line).containsExactly(2, 3, 7);
    assertThat(points.get(0).point().tag("location")).isEqualTo("Ikeja, Lagos");
    assertThat(points.get(1).point().tag("location")).isEqualTo("the \"old\" mast");
    assertThat(points.get(1).point().field("pm25").doubleValue()).isEqualTo(13.0);
    assertThat(points.get(2).point().tag("location")).isEqualTo("Yaba");
    assertThat(rows.failure()).isEmpty();
    assertThat(rows.lines()).isEqualTo(7);
  }

  @Test
  void a_bad_cell_is_refused_with_its_line_and_column_and_the_rows_after_it_still_count()
      throws IOException {
    readAll(
        "time,sensor_id,pm25,humidity\n"
            + "2026-11-25T14:00:00Z,CSV-1,\"1,5\",80\n"
            + "last tuesday,CSV-1,3,3\n"
            + "2026-11-25T14:02:00Z,CSV-1,4\n"
            + "2026-11-25T14:03:00Z,CSV-1,,\n"
            + "2026-11-25T14:04:00Z,CSV-1,5,81\n");

    assertThat(refused)
        .extracting(IngestService.Rejection::line, IngestService.Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "column pm25 (cell 3): '1,5' is not a number"),
            org.assertj.core.groups.Tuple.tuple(
                3,
                "column time: 'last tuesday' is not an ISO-8601 UTC time such as"
                    + " 2026-11-25T14:05:00Z"),
            org.assertj.core.groups.Tuple.tuple(4, "the row has 3 cells, the header 4"),
            org.assertj.core.groups.Tuple.tuple(5, "the row has no field values"));
    assertThat(points).extracting(IngestService.Numbered::line).containsExactly(6);
  }

  @Test
  void text_that_is_not_csv_ends_the_file_at_its_line_after_the_rows_before_it()
      throws IOException {
    var rows =
        readAll(
            "time,sensor_id,pm25\n"
                + "2026-11-25T14:00:00Z,CSV-1,1\n"
                + "2026-11-25T14:01:00Z,CSV-1,2\n"
                + "2026-11-25T14:02:00Z,\"CSV-1\"x,3\n"
                + "2026-11-25T14:03:00Z,CSV-1,4\n");

    assertThat(points).extracting(IngestService.Numbered::line).containsExactly(2, 3);
    assertThat(rows.failure())
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("line 4: not valid CSV from there (")
                    .contains("the rows before it were imported"));
  }

  @Test
  void a_quote_never_closed_is_named_by_the_line_it_opens_on() throws IOException {
    var rows =
        readAll("time,sensor_id,pm25\n2026-11-25T14:00:00Z,\"CSV-1,1\n2026-11-25T14:01:00Z\n");

    assertThat(points).isEmpty();
    assertThat(rows.failure()).hasValueSatisfying(m -> assertThat(m).startsWith("line 2: "));
  }

  @Test
  void a_header_without_time_and_sensor_id_is_refused_as_line_1() {
    assertThatThrownBy(() -> new CsvRows(new StringReader("when,who,pm25\n1,2,3\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "line 1: the CSV header must name the columns time and sensor_id, got 'when,who,pm25'");
    assertThatThrownBy(() -> new CsvRows(new StringReader("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 1: ");
  }
}
