package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.Test;

class RedisIdentityIT extends IdentityContract {
  @Override
  String cache() {
    return "redis";
  }

  @Test
  void sessions_live_under_the_seeds_key_with_a_ttl_of_the_remaining_lifetime() {
    try (var api = ApiServer.start("redis", Map.of())) {
      api.user("researcher@test.dev", Role.RESEARCHER);
      String token = api.login("researcher@test.dev");
      var cache = api.platform().cache();
      String key = "session:" + Secrets.sha256(token);

      var hash = cache.getHash(key);
      assertThat(hash).containsKeys("user_id", "role", "created_at", "expires_at");
      assertThat(hash.get("role")).isEqualTo("researcher");
      assertThat(cache.timeToLive(key).orElseThrow())
          .isBetween(Duration.ofHours(11), Duration.ofHours(12));
    }
  }

  @Test
  void a_used_token_is_kept_in_redis_for_at_most_a_minute_and_forgotten_at_revocation() {
    try (var api = ApiServer.start("redis", Map.of())) {
      var tokens = api.platform().web().tokens();
      var created = tokens.create(null, "cached", List.of("read:all"), List.of(), null);
      String key = "api_token:" + Secrets.sha256(created.secret());
      var cache = api.platform().cache();
      assertThat(cache.getHash(key)).isEmpty();

      var response = api.get("/api/v1/auth/me", "Authorization", "Token " + created.secret());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(cache.getHash(key))
          .containsEntry("id", created.token().id().toString())
          .containsEntry("scopes", "read:all")
          .containsEntry("rate_subject", "token:" + created.token().id())
          .doesNotContainValue(created.secret());
      assertThat(cache.timeToLive(key))
          .hasValueSatisfying(
              ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60)));

      tokens.revoke(created.token().id());

      assertThat(cache.getHash(key)).isEmpty();
      assertThat(
              api.get("/api/v1/auth/me", "Authorization", "Token " + created.secret()).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void a_token_about_to_expire_is_cached_no_longer_than_it_lives() {
    try (var api = ApiServer.start("redis", Map.of())) {
      var created =
          api.platform()
              .web()
              .tokens()
              .create(
                  null,
                  "short",
                  List.of("read:all"),
                  List.of(),
                  java.time.Instant.now().plusSeconds(20));
      String key = "api_token:" + Secrets.sha256(created.secret());

      assertThat(
              api.get("/api/v1/auth/me", "Authorization", "Token " + created.secret()).statusCode())
          .isEqualTo(200);

      assertThat(api.platform().cache().timeToLive(key))
          .hasValueSatisfying(ttl -> assertThat(ttl).isLessThanOrEqualTo(Duration.ofSeconds(20)));
    }
  }
}
