package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.Test;

class MemoryIdentityIT extends IdentityContract {
  @Override
  String cache() {
    return "memory";
  }

  @Test
  void without_redis_sessions_live_in_the_sessions_table_under_the_sha256_of_the_secret()
      throws Exception {
    try (var api = ApiServer.start("memory", Map.of())) {
      api.user("researcher@test.dev", Role.RESEARCHER);
      String token = api.login("researcher@test.dev");

      try (var connection = api.platform().database().dataSource().getConnection();
          var select =
              connection.prepareStatement(
                  "SELECT role, email, created_at, expires_at FROM sessions WHERE session_id = ?")) {
        select.setString(1, Secrets.sha256(token));
        try (var rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString("role")).isEqualTo("researcher");
          assertThat(rows.getString("email")).isEqualTo("researcher@test.dev");
          var lifetime =
              Duration.between(
                  rows.getObject("created_at", OffsetDateTime.class),
                  rows.getObject("expires_at", OffsetDateTime.class));
          assertThat(lifetime).isEqualTo(Duration.ofHours(12));
        }
      }
      assertThat(api.platform().cache().getHash("session:" + Secrets.sha256(token))).isEmpty();
    }
  }
}
