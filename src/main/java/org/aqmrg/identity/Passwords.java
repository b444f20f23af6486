package org.aqmrg.identity;

import java.util.Locale;
import org.aqmrg.http.ApiException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashing with Argon2id (RFC 9106) in the PHC string format, and the password policy.
 *
 * <p>New hashes use OWASP's recommended minimum (19 MiB, 2 passes, 1 lane); a hash made with other
 * parameters (the seeds use 64 MiB, 3 passes) verifies with its own parameters.
 */
public final class Passwords {
  /** Shortest password accepted, in characters. */
  public static final int MIN_LENGTH = 12;

  /** Longest password accepted, in characters; bounds the work one login can cost. */
  public static final int MAX_LENGTH = 256;

  private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);

  /** A hash of a password that nobody has, to spend the same time on unknown e-mails. */
  private final String decoy = encoder.encode("decoy password that is never used");

  public String hash(String password) {
    return encoder.encode(password);
  }

  /** True when {@code password} matches {@code hash}; false for a malformed hash. */
  public boolean matches(String password, String hash) {
    return encoder.matches(password, hash);
  }

  /** Spends the time of one verification, so an unknown e-mail answers as slowly as a known one. */
  public void verifyDecoy(String password) {
    encoder.matches(password, decoy);
  }

  /** Refuses a password that breaks the policy, with a 400 naming the field {@code password}. */
  public static void checkPolicy(String email, String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      throw ApiException.invalid(
          "password", "the password must have at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) {
      throw ApiException.invalid(
          "password", "the password must have at most " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    String emailLower = email == null ? "" : email.toLowerCase(Locale.ROOT);
    String localPart =
        emailLower.contains("@") ? emailLower.substring(0, emailLower.indexOf('@')) : emailLower;
    if (!emailLower.isEmpty()
        && (lower.equals(emailLower) || (localPart.length() >= 4 && lower.contains(localPart)))) {
      throw ApiException.invalid("password", "the password must not contain the e-mail address");
    }
    if (password.chars().distinct().count() < 4) {
      throw ApiException.invalid(
          "password", "the password must use at least 4 different characters");
    }
  }
}
