package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.aqmrg.db.Database;
import org.aqmrg.error.ForbiddenException;

/**
 * The unsubscribe links of alert e-mails: {@code token} is the hex HMAC-SHA256 of the recipient's
 * address in lower case, keyed with the alert's {@code unsubscribe_key}, so a link removes one
 * address from one alert and cannot be made for another without the key.
 */
public final class Unsubscribe {
  private final Database database;
  private final ObjectMapper json;
  private final AlertListener listener;

  public Unsubscribe(Database database, ObjectMapper json, AlertListener listener) {
    this.database = database;
    this.json = json;
    this.listener = listener;
  }

  /** The token of {@code email}'s link for an alert whose unsubscribe key is {@code key}. */
  /** The link for {@code email}, when the platform knows the address people reach it at. */
  public static java.util.Optional<String> link(
      java.util.Optional<String> publicUrl, UUID alertId, String key, String email) {
    return publicUrl.map(
        base ->
            base
                + "/api/v1/alerts/unsubscribe?alert="
                + alertId
                + "&email="
                + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8)
                + "&token="
                + token(key, email));
  }

  public static String token(String key, String email) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** True when {@code token} is {@code email}'s, compared in constant time. */
  static boolean valid(String key, String email, String token) {
    byte[] expected = token(key, email).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  /**
   * Removes {@code email} (in any case) from the alert's e-mails; true when it was there, false
   * when it was gone already. An unknown alert and a wrong token are refused alike (403), so that
   * the answer tells nothing without a valid link.
   */
  public boolean remove(UUID alertId, String email, String token) {
    boolean removed =
        database.inTransaction(
            "unsubscribing from alert " + alertId,
            handle -> {
              var row =
                  handle
                      .createQuery(
                          "SELECT unsubscribe_key, notification_channels FROM alerts"
                              + " WHERE id = ? FOR UPDATE")
                      .bind(0, alertId)
                      .map(
                          (rows, context) ->
                              Map.entry(
                                  rows.getString("unsubscribe_key"),
                                  AlertRows.channels(
                                      rows.getString("notification_channels"), json)))
                      .findOne();
              if (row.isEmpty() || !valid(row.get().getKey(), email, token)) {
                throw new ForbiddenException(
                    "this unsubscribe link is not valid: use the link of the e-mail as it came",
                    Map.of("parameter", "token"));
              }
              Channels channels = row.get().getValue();
              List<String> kept =
                  channels.emails().stream().filter(e -> !e.equalsIgnoreCase(email)).toList();
              if (kept.size() == channels.emails().size()) {
                return false;
              }
              handle
                  .createUpdate("UPDATE alerts SET notification_channels = ?::jsonb WHERE id = ?")
                  .bind(0, AlertRows.channelsJson(new Channels(channels.webhooks(), kept), json))
                  .bind(1, alertId)
                  .execute();
              return true;
            });
    if (removed) {
      listener.changed(alertId);
    }
    return removed;
  }
}
