package org.aqmrg.readings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  private static String text(double value) {
    byte[] out = new byte[32];
    return new String(out, 0, Decimals.write(value, out, 0), StandardCharsets.US_ASCII);
  }

  @Test
  void sensor_values_are_written_as_plain_decimals_without_trailing_zeros() {
    assertThat(text(35.2)).isEqualTo("35.2");
    assertThat(text(78)).isEqualTo("78.0");
    assertThat(text(0)).isEqualTo("0.0");
    assertThat(text(-0.0)).isEqualTo("-0.0");
    assertThat(text(-3.05)).isEqualTo("-3.05");
    assertThat(text(0.001)).isEqualTo("0.001");
    assertThat(text(1013.25)).isEqualTo("1013.25");
    assertThat(text(9_999_999.5)).isEqualTo("9999999.5");
    assertThat(text(0.123456)).isEqualTo("0.123456");
  }

  @Test
  void other_values_get_the_shortest_exact_text_with_an_exponent_where_needed() {
    assertThat(text(1e-5)).isEqualTo("1.0E-5");
    assertThat(text(1e10)).isEqualTo("1.0E10");
    assertThat(text(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(text(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void every_value_reads_back_as_the_same_double() {
    var random = new Random(42);
    for (int i = 0; i < 500_000; i++) {
      double value =
          switch (i % 5) {
            case 0 -> Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(7));
            case 1 -> (random.nextDouble() - 0.5) * 2e7;
            case 2 -> Double.longBitsToDouble(random.nextLong());
            case 3 -> random.nextGaussian() * 1e-3;
            default -> Math.round(random.nextGaussian() * 1e4) / 100.0;
          };
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        continue;
      }
      String written = text(value);
      assertThat(Double.doubleToRawLongBits(Double.parseDouble(written)))
          .as("%s written as %s", value, written)
          .isEqualTo(Double.doubleToRawLongBits(value));
    }
  }

  @Test
  void append_writes_the_same_text() {
    var out = new StringBuilder("x=");
    Decimals.append(out, 21.4, new byte[32]);
    assertThat(out).hasToString("x=21.4");
  }
}
