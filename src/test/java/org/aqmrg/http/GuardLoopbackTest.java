package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which peer addresses count as this machine's loopback for {@code AQMRG_METRICS_ACCESS}. */
class GuardLoopbackTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"})
  void loopback_literals_are_loopback(String address) {
    assertThat(Guard.loopback(address)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {"10.0.0.1", "192.168.1.20", "::", "fe80::1%eth0", "2001:db8::1", "localhost", ""})
  void other_addresses_and_names_are_not(String address) {
    assertThat(Guard.loopback(address)).isFalse();
  }
}
