package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The hand-written line-protocol parser under Jazzer: whatever bytes a client sends, it answers
 * with points and line errors, never an exception, and accounts for every line.
 */
class LineProtocolFuzzTest {
  private final LineProtocolParser parser = new LineProtocolParser();

  @FuzzTest(maxDuration = "4s")
  void any_body_gives_points_and_errors_never_an_exception(byte[] body) {
    ParseResult result =
        parser.parse(body, 0, body.length, Precision.NS, 1_764_072_000_000_000_000L);
    assertThat(result.points().size() + result.errors().size()).isLessThanOrEqualTo(result.lines());
    for (int i = 0; i < result.points().size(); i++) {
      assertThat(result.line(i)).isBetween(1, result.lines());
    }
    for (LineError error : result.errors()) {
      assertThat(error.line()).isBetween(1, result.lines());
    }
  }
}
