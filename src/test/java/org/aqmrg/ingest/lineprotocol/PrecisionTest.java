package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrecisionTest {
  @ParameterizedTest
  @CsvSource({"ns,NS", "n,NS", "'',NS", "us,US", "u,US", "ms,MS", "s,S", "m,M", "h,H"})
  void influxdb_spellings_of_precision_are_read(String text, Precision expected) {
    assertThat(Precision.parse(text)).isEqualTo(expected);
  }

  @Test
  void no_precision_means_nanoseconds() {
    assertThat(Precision.parse(null)).isEqualTo(Precision.NS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NS", "sec", "µs", "d", " s", "1"})
  void other_precisions_are_rejected_with_the_allowed_values(String text) {
    assertThatThrownBy(() -> Precision.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("precision must be one of ns, us, ms, s, m, h (or n, u), got '" + text + "'");
  }

  @Test
  void to_nanos_multiplies_by_the_unit() {
    assertThat(Precision.NS.toNanos(-5)).isEqualTo(-5);
    assertThat(Precision.US.toNanos(7)).isEqualTo(7_000);
    assertThat(Precision.MS.toNanos(7)).isEqualTo(7_000_000);
    assertThat(Precision.S.toNanos(1_609_459_200)).isEqualTo(1_609_459_200_000_000_000L);
    assertThat(Precision.M.toNanos(2)).isEqualTo(120_000_000_000L);
    assertThat(Precision.H.toNanos(-1)).isEqualTo(-3_600_000_000_000L);
    assertThat(Precision.NS.toNanos(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(Precision.S.toNanos(9_223_372_036L)).isEqualTo(9_223_372_036_000_000_000L);
    assertThat(Precision.MS.nanosPerUnit()).isEqualTo(1_000_000);
  }

  @Test
  void to_nanos_detects_overflow() {
    assertThatThrownBy(() -> Precision.S.toNanos(9_223_372_037L))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("time 9223372037 s overflows a 64-bit nanosecond time");
    assertThatThrownBy(() -> Precision.US.toNanos(Long.MIN_VALUE))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Precision.H.toNanos(2_562_048L))
        .isInstanceOf(ArithmeticException.class);
  }
}
