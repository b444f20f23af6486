package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import org.aqmrg.identity.Secrets;
import org.junit.jupiter.api.Test;

class CsrfTest {
  private final String session = Secrets.newSecret(Secrets.SESSION_PREFIX);

  @Test
  void the_token_is_bound_to_its_session_and_reveals_neither_the_secret_nor_its_stored_hash() {
    String token = Csrf.token(session);

    assertThat(token).isEqualTo(Csrf.token(session)).matches("[A-Za-z0-9_-]{43}");
    assertThat(token).isNotEqualTo(Csrf.token(Secrets.newSecret(Secrets.SESSION_PREFIX)));
    assertThat(token).doesNotContain(session.substring(4, 20));
    assertThat(token).isNotEqualTo(Secrets.sha256(session));
  }

  @Test
  void only_the_session_s_own_token_matches() {
    assertThat(Csrf.matches(session, Csrf.token(session))).isTrue();
    assertThat(Csrf.matches(session, null)).isFalse();
    assertThat(Csrf.matches(session, "")).isFalse();
    assertThat(Csrf.matches(session, Csrf.token(session) + "x")).isFalse();
    assertThat(Csrf.matches(session, Csrf.token(Secrets.newSecret(Secrets.SESSION_PREFIX))))
        .isFalse();
  }

  @Test
  void reads_need_no_token_and_writes_do() {
    assertThat(Csrf.safe(HandlerType.GET)).isTrue();
    assertThat(Csrf.safe(HandlerType.HEAD)).isTrue();
    assertThat(Csrf.safe(HandlerType.OPTIONS)).isTrue();
    assertThat(Csrf.safe(HandlerType.POST)).isFalse();
    assertThat(Csrf.safe(HandlerType.PATCH)).isFalse();
    assertThat(Csrf.safe(HandlerType.DELETE)).isFalse();
    assertThat(Csrf.safe(HandlerType.PUT)).isFalse();
  }

  @Test
  void the_cookie_is_readable_by_the_page_strict_and_cleared_with_an_empty_session() {
    var cookie = Csrf.cookie(session, 600, true);
    var cleared = Csrf.cookie("", 0, false);

    assertThat(cookie.isHttpOnly()).isFalse();
    assertThat(cookie.getSecure()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo(io.javalin.http.SameSite.STRICT);
    assertThat(cookie.getValue()).isEqualTo(Csrf.token(session));
    assertThat(cleared.getValue()).isEmpty();
    assertThat(cleared.getMaxAge()).isZero();
  }
}
