package org.aqmrg.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaLagTest {
  @Test
  void a_wal_position_is_its_two_hex_halves_as_one_number() {
    assertThat(ReplicaLag.position("0/0")).isZero();
    assertThat(ReplicaLag.position("0/16B3748")).isEqualTo(0x16B3748L);
    assertThat(ReplicaLag.position("16/B374D848")).isEqualTo((0x16L << 32) | 0xB374D848L);
    assertThat(ReplicaLag.position("1/0")).isGreaterThan(ReplicaLag.position("0/FFFFFFFF"));
  }

  @Test
  void a_replica_is_out_of_use_until_its_first_check() {
    var lag = new ReplicaLag("PostgreSQL replica at r:5432/aqmrg", java.time.Duration.ofSeconds(5));
    assertThat(lag.inUse()).isFalse();
    var status = lag.status(0, 3);
    assertThat(status.problem()).isEqualTo("not checked yet");
    assertThat(status.readsOnPrimary()).isEqualTo(3);
  }
}
