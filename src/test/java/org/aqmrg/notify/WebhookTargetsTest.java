package org.aqmrg.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses count as inside the operator's network. */
class WebhookTargetsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.0.9",
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "0.0.0.0",
        "0.1.2.3",
        "255.255.255.255",
        "240.0.0.1",
        "224.0.0.1",
        "198.18.0.1",
        "192.0.0.8",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.5",
        "::ffff:169.254.169.254",
      })
  void internal_addresses_are_refused(String address) throws UnknownHostException {
    assertThat(WebhookTargets.internal(InetAddress.getByName(address))).as(address).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.216.34",
        "8.8.8.8",
        "100.63.255.255",
        "100.128.0.1",
        "172.32.0.1",
        "2606:2800:220:1:248:1893:25c8:1946",
        "::ffff:93.184.216.34",
      })
  void public_addresses_are_allowed(String address) throws UnknownHostException {
    assertThat(WebhookTargets.internal(InetAddress.getByName(address))).as(address).isFalse();
  }

  @org.junit.jupiter.api.Test
  void an_ipv4_mapped_ipv6_address_is_judged_by_its_ipv4_address() throws UnknownHostException {
    byte[] loopback = new byte[16];
    loopback[10] = (byte) 0xff;
    loopback[11] = (byte) 0xff;
    loopback[12] = 127;
    loopback[15] = 1;
    byte[] publicOne = loopback.clone();
    publicOne[12] = 93;
    publicOne[13] = (byte) 184;
    publicOne[14] = (byte) 216;
    publicOne[15] = 34;

    var mapped = java.net.Inet6Address.getByAddress(null, loopback, -1);
    assertThat(mapped).isInstanceOf(java.net.Inet6Address.class);
    assertThat(WebhookTargets.internal(mapped)).isTrue();
    assertThat(WebhookTargets.internal(java.net.Inet6Address.getByAddress(null, publicOne, -1)))
        .isFalse();
  }
}
