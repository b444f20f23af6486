package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.aqmrg.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordsTest {
  private final Passwords passwords = new Passwords();

  @Test
  void hashes_are_argon2id_in_phc_format_salted_and_verifiable() {
    String first = passwords.hash("a long passphrase 42");
    String second = passwords.hash("a long passphrase 42");

    assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(second);
    assertThat(passwords.matches("a long passphrase 42", first)).isTrue();
    assertThat(passwords.matches("a long passphrase 43", first)).isFalse();
    assertThat(passwords.matches("anything", "not a hash")).isFalse();
  }

  @Test
  void the_dev_seed_users_log_in_with_the_documented_password() throws Exception {
    String seed = Files.readString(Path.of("databases/postgres/seeds/dev_data.sql"));
    var hash = Pattern.compile("\\$argon2id\\$[^']+").matcher(seed);

    assertThat(hash.find()).isTrue();
    assertThat(passwords.matches("lagos-air-dev", hash.group())).isTrue();
    assertThat(passwords.matches("lagos-air-dev!", hash.group())).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "short|at least 12 characters",
        "jane.doe@example.org|must not contain the e-mail",
        "my jane.doe password|must not contain the e-mail",
        "aaaaaaaaaaaaaaaa|at least 4 different characters",
      })
  void weak_passwords_are_refused_naming_the_field(String password, String message) {
    assertThatThrownBy(() -> Passwords.checkPolicy("jane.doe@example.org", password))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.details()).containsEntry("field", "password");
            })
        .hasMessageContaining(message);
  }

  @Test
  void an_over_long_password_is_refused_before_any_hashing() {
    assertThatThrownBy(() -> Passwords.checkPolicy("a@b.c", "x1y2".repeat(65)))
        .hasMessageContaining("at most 256 characters");
    assertThatCode(() -> Passwords.checkPolicy("a@b.c", "x1y2".repeat(64)))
        .doesNotThrowAnyException();
  }
}
