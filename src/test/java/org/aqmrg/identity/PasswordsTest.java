package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.aqmrg.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

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
            InvalidInputException.class,
            e -> assertThat(e.details()).containsEntry("field", "password"))
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // the whole address, also when its part before the @ is shorter than 4 characters
        "ab@x.io|my ab@x.io secret",
        "ab@x.io|MY AB@X.IO SECRET",
        // short ones are told the real reason, not only that they are short
        "ab@x.io|ab@x.io",
        "ab@x.io|xAB@X.IOy",
        "jane.doe@example.org|jane.doe@example.org",
      })
  void a_password_holding_the_whole_email_address_is_refused_as_such_whatever_its_length(
      String email, String password) {
    assertThatThrownBy(() -> Passwords.checkPolicy(email, password))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.details()).containsEntry("field", "password"))
        .hasMessage("the password must not contain the e-mail address");
  }

  @Test
  void a_weak_hash_is_weaker_than_the_current_parameters_and_a_strong_one_is_not() {
    String weak = new Argon2PasswordEncoder(16, 32, 1, 4_096, 1).encode("a long passphrase 42");
    String seed = // the dev seed's users, 64 MiB and 3 passes
        "$argon2id$v=19$m=65536,t=3,p=1$Y3FsQ2xQL2pWaXU5YWN1WnBadGxrQT09"
            + "$GTRaNhu+6eHG9HTxmiKwpKTBvj8YEaNIKS1gluCmFXM";

    assertThat(passwords.weakerThanCurrent(weak)).isTrue();
    assertThat(passwords.weakerThanCurrent(passwords.hash("a long passphrase 42"))).isFalse();
    assertThat(passwords.weakerThanCurrent(seed)).isFalse();
    assertThat(Argon2Parameters.of(seed)).contains(new Argon2Parameters(65_536, 3, 1));
    assertThat(Argon2Parameters.of("$2a$10$bcrypt")).isEmpty();
  }

  @Test
  void an_over_long_password_is_refused_before_any_hashing() {
    assertThatThrownBy(() -> Passwords.checkPolicy("a@b.c", "x1y2".repeat(65)))
        .hasMessageContaining("at most 256 characters");
    assertThatCode(() -> Passwords.checkPolicy("a@b.c", "x1y2".repeat(64)))
        .doesNotThrowAnyException();
  }
}
