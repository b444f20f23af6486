package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.notify.WebhookTargets;

/**
 * Reads and checks {@code notification_channels}: an object of at most {@value #MAX_EACH} webhooks
 * ({@code {"url": …}}, an {@code id} beside it is taken and ignored: webhooks are matched by URL)
 * and at most {@value #MAX_EACH} e-mail addresses. Each URL is checked for its form and, by
 * resolving its host, that it reaches no internal address; each address strictly, and only when an
 * SMTP server is configured. Refusals name the field, e.g. {@code
 * notification_channels.webhooks[0].url}.
 */
public final class ChannelChecks {
  public static final int MAX_EACH = 10;

  /** The longest e-mail address SMTP carries (RFC 5321's path limit less its brackets). */
  static final int MAX_EMAIL_LENGTH = 254;

  private static final String FIELD = AlertDraft.CHANNELS;

  private final WebhookTargets targets;
  private final boolean smtpConfigured;

  /** The channels asked for: webhook URLs and e-mail addresses, in the order given. */
  public record Requested(List<String> urls, List<String> emails) {}

  public ChannelChecks(WebhookTargets targets, boolean smtpConfigured) {
    this.targets = targets;
    this.smtpConfigured = smtpConfigured;
  }

  /** The channels of {@code node}; null or missing means none. */
  public Requested check(JsonNode node) {
    if (node == null || node.isNull()) {
      return new Requested(List.of(), List.of());
    }
    if (!node.isObject()) {
      throw refuse(FIELD, FIELD + " must be an object: {\"webhooks\": [...], \"emails\": [...]}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("webhooks") && !name.equals("emails")) {
        throw refuse(FIELD + "." + name, "unknown channel '" + name + "': use webhooks and emails");
      }
    }
    return new Requested(urls(node.get("webhooks")), emails(node.get("emails")));
  }

  private List<String> urls(JsonNode webhooks) {
    String field = FIELD + ".webhooks";
    var urls = new ArrayList<String>();
    for (int i = 0; i < size(webhooks, field); i++) {
      String item = field + "[" + i + "]";
      JsonNode webhook = webhooks.get(i);
      if (!webhook.isObject()) {
        throw refuse(item, item + " must be an object: {\"url\": \"https://…\"}");
      }
      for (Iterator<String> names = webhook.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("url") && !name.equals("id")) {
          throw refuse(item + "." + name, "unknown field '" + name + "' of a webhook: give url");
        }
      }
      String urlField = item + ".url";
      JsonNode url = webhook.get("url");
      if (url != null && !url.isNull() && !url.isTextual()) {
        throw refuse(urlField, urlField + " must be a string");
      }
      String text = url == null || url.isNull() ? null : url.textValue().strip();
      targets.check(urlField, targets.parse(urlField, text));
      if (urls.contains(text)) {
        throw refuse(urlField, urlField + " repeats an earlier webhook");
      }
      urls.add(text);
    }
    return urls;
  }

  private List<String> emails(JsonNode emails) {
    String field = FIELD + ".emails";
    int count = size(emails, field);
    if (count > 0 && !smtpConfigured) {
      throw refuse(
          field,
          "e-mail cannot be sent: no SMTP server is configured; the operator sets"
              + " AQMRG_SMTP_HOST (and AQMRG_SMTP_PORT, AQMRG_SMTP_USER, AQMRG_SMTP_PASSWORD)");
    }
    var addresses = new ArrayList<String>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String item = field + "[" + i + "]";
      JsonNode node = emails.get(i);
      if (!node.isTextual()) {
        throw refuse(item, item + " must be a string: an e-mail address");
      }
      String address = address(item, node.textValue().strip());
      if (!seen.add(address.toLowerCase(Locale.ROOT))) {
        throw refuse(item, item + " repeats an earlier address");
      }
      addresses.add(address);
    }
    return addresses;
  }

  /** One bare address ({@code someone@example.org}), without a display name or a group. */
  static String address(String field, String text) {
    if (text.isEmpty() || text.length() > MAX_EMAIL_LENGTH) {
      throw refuse(field, field + " must be an e-mail address of 3 to 254 characters");
    }
    try {
      var parsed = new InternetAddress(text, true);
      parsed.validate();
      if (!parsed.getAddress().equals(text) || parsed.isGroup() || text.indexOf('@') < 1) {
        throw new AddressException("not a bare address", text);
      }
      return text;
    } catch (AddressException e) {
      throw refuse(field, field + " is not an e-mail address such as someone@example.org");
    }
  }

  private static int size(JsonNode list, String field) {
    if (list == null || list.isNull()) {
      return 0;
    }
    if (!list.isArray()) {
      throw refuse(field, field + " must be an array");
    }
    if (list.size() > MAX_EACH) {
      throw refuse(
          field, field + " has " + list.size() + " entries; at most " + MAX_EACH + " are allowed");
    }
    return list.size();
  }

  private static InvalidInputException refuse(String field, String message) {
    return InvalidInputException.field(field, message);
  }
}
