package org.aqmrg.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Session and API token values: a kind prefix and 256 random bits in base64url, e.g. {@code
 * aqs_3q2-…} for a session and {@code aqt_…} for an API token. Only their SHA-256 is stored.
 */
public final class Secrets {
  public static final String SESSION_PREFIX = "aqs_";
  public static final String TOKEN_PREFIX = "aqt_";

  /** 32 random bytes are 43 base64url characters without padding. */
  private static final Pattern SHAPE = Pattern.compile("^aq[st]_[A-Za-z0-9_-]{43}$");

  private static final SecureRandom random = new SecureRandom();

  private Secrets() {}

  public static String newSecret(String prefix) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** True when {@code value} looks like a session or token value this platform issued. */
  public static boolean wellFormed(String value) {
    return value != null && SHAPE.matcher(value).matches();
  }

  /** SHA-256 of the value, in lowercase hex: the form in which secrets are stored. */
  public static String sha256(String value) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
