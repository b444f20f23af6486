package org.aqmrg.identity;

import java.util.Locale;
import org.aqmrg.error.InvalidInputException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashing with Argon2id (RFC 9106) in the PHC string format, and the password policy.
 *
 * <p>New hashes use OWASP's recommended minimum (19 MiB, 2 passes, 1 lane); a hash made with other
 * parameters (the seeds use 64 MiB, 3 passes) verifies with its own parameters, and one made with
 * less memory or fewer passes is replaced at the next successful login ({@link Users}).
 */
public final class Passwords {
  /** Shortest password accepted, in characters. */
  public static final int MIN_LENGTH = 12;

  /** Longest password accepted, in characters; bounds the work one login can cost. */
  public static final int MAX_LENGTH = 256;

  /** The parameters of new hashes. */
  public static final Argon2Parameters CURRENT = new Argon2Parameters(19_456, 2, 1);

  private final Argon2PasswordEncoder encoder = encoder(CURRENT);

  private static Argon2PasswordEncoder encoder(Argon2Parameters parameters) {
    return new Argon2PasswordEncoder(
        16, 32, parameters.lanes(), parameters.memoryKib(), parameters.passes());
  }

  public String hash(String password) {
    return encoder.encode(password);
  }

  /** True when {@code password} matches {@code hash}; false for a malformed hash. */
  public boolean matches(String password, String hash) {
    return encoder.matches(password, hash);
  }

  /**
   * True when {@code hash} was made with less memory or fewer passes than {@link #CURRENT}, so it
   * should be replaced by a new hash of the same password at the next successful login.
   */
  public boolean weakerThanCurrent(String hash) {
    return encoder.upgradeEncoding(hash);
  }

  /**
   * A hash of a password nobody has, made with {@code parameters}: the decoy for unknown e-mails.
   */
  String decoy(Argon2Parameters parameters) {
    return encoder(parameters).encode(Secrets.newSecret("decoy_"));
  }

  /**
   * Refuses a password that breaks the policy, with a 400 naming the field {@code password}. A
   * password that holds the whole e-mail address (in any case) is refused as such whatever its
   * length (up to {@link #MAX_LENGTH}), and so is one that holds the part before the {@code @} when
   * that part has at least 4 characters.
   */
  public static void checkPolicy(String email, String password) {
    if (password == null || password.isEmpty()) {
      throw InvalidInputException.field(
          "password", "the password must have at least " + MIN_LENGTH + " characters");
    }
    // First the bound on the work the other checks cost, then the e-mail before the minimum
    // length, so that a short password holding the address is told why it can never pass.
    if (password.length() > MAX_LENGTH) {
      throw InvalidInputException.field(
          "password", "the password must have at most " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    String emailLower = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    String localPart =
        emailLower.contains("@") ? emailLower.substring(0, emailLower.indexOf('@')) : emailLower;
    if (!emailLower.isEmpty()
        && (lower.contains(emailLower) || (localPart.length() >= 4 && lower.contains(localPart)))) {
      throw InvalidInputException.field(
          "password", "the password must not contain the e-mail address");
    }
    if (password.length() < MIN_LENGTH) {
      throw InvalidInputException.field(
          "password", "the password must have at least " + MIN_LENGTH + " characters");
    }
    if (password.chars().distinct().count() < 4) {
      throw InvalidInputException.field(
          "password", "the password must use at least 4 different characters");
    }
  }
}
