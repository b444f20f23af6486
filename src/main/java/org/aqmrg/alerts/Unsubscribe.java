package org.aqmrg.alerts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The link in every alert e-mail that takes its recipient off the alert without signing in: the
 * token is the hex HMAC-SHA256 of the lower-cased address with the alert's own random {@code
 * unsubscribe_key}, so it works for that address on that alert only and cannot be made without the
 * key.
 */
public final class Unsubscribe {
  public static final String PATH = "/api/v1/alerts/unsubscribe";

  private Unsubscribe() {}

  public static String token(String key, String email) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** True when {@code token} is the one for {@code email} (compared in constant time). */
  public static boolean matches(String key, String email, String token) {
    byte[] expected = token(key, email).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token == null ? new byte[0] : token.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  /** The link for {@code email}, when the platform knows the address people reach it at. */
  public static Optional<String> link(
      Optional<String> publicUrl, UUID alertId, String key, String email) {
    return publicUrl.map(
        base ->
            base
                + PATH
                + "?alert="
                + alertId
                + "&email="
                + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&token="
                + token(key, email));
  }
}
