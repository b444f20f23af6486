package org.aqmrg.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import org.aqmrg.config.AlertSettings;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Delivers a notification by e-mail over SMTP ({@code AQMRG_SMTP_*}), as one plain-text UTF-8
 * message to the target address.
 *
 * <p>The payload of an e-mail notification is a JSON object:
 *
 * <pre>{@code
 * {"subject": "PM2.5 above 35 at Ikeja", "text": "…plain text…",
 *  "unsubscribe_url": "https://aq.example.org/api/v1/alerts/unsubscribe?…"}
 * }</pre>
 *
 * {@code subject} and {@code text} are required; {@code unsubscribe_url} is optional and, when
 * present, becomes the {@code List-Unsubscribe} header. The {@code Message-ID} is {@code <delivery
 * id@aqmrg>}, the same on every retry, so that a mail system that saw it already can drop a repeat.
 *
 * <p>An SMTP 5xx answer (a mailbox that does not exist, a message refused) fails at once; anything
 * else (server down, a timeout, a 4xx "try later", refused credentials the operator may fix) is
 * tried again. Without an SMTP server configured every e-mail fails at once, saying what to set.
 */
public final class Mailer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<AlertSettings.Smtp> smtp;
  private final Session session;

  /** {@code timeout} bounds connecting and each read and write on the connection. */
  public Mailer(Optional<AlertSettings.Smtp> smtp, Duration timeout) {
    this.smtp = smtp;
    this.session = Session.getInstance(properties(smtp, timeout));
  }

  /** The platform's timeout of 10 s. */
  public Mailer(Optional<AlertSettings.Smtp> smtp) {
    this(smtp, Duration.ofSeconds(10));
  }

  private static Properties properties(Optional<AlertSettings.Smtp> smtp, Duration timeout) {
    var properties = new Properties();
    String millis = String.valueOf(timeout.toMillis());
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    smtp.ifPresent(
        server -> {
          properties.put("mail.smtp.host", server.host());
          properties.put("mail.smtp.port", String.valueOf(server.port()));
          properties.put("mail.smtp.from", server.from());
          properties.put("mail.smtp.auth", String.valueOf(!server.user().isEmpty()));
          boolean tls = server.startTls() != AlertSettings.StartTls.OFF;
          properties.put("mail.smtp.starttls.enable", String.valueOf(tls));
          properties.put(
              "mail.smtp.starttls.required",
              String.valueOf(server.startTls() == AlertSettings.StartTls.REQUIRED));
          properties.put("mail.smtp.ssl.checkserveridentity", "true");
        });
    return properties;
  }

  /** One attempt; never throws for what the server or the network does. */
  public Attempt send(Outgoing email) {
    if (smtp.isEmpty()) {
      return Attempt.refused(
          null,
          "no SMTP server is configured; set AQMRG_SMTP_HOST (and AQMRG_SMTP_*) to send e-mail");
    }
    var server = smtp.get();
    MimeMessage message;
    try {
      message = message(email, server);
    } catch (IllegalArgumentException | MessagingException e) {
      return Attempt.refused(null, "the e-mail cannot be built: " + e.getMessage());
    }
    try {
      if (server.user().isEmpty()) {
        Transport.send(message);
      } else {
        Transport.send(message, server.user(), server.password().reveal());
      }
      return Attempt.delivered(null);
    } catch (AuthenticationFailedException e) {
      return Attempt.retry(
          null, "the SMTP server refused AQMRG_SMTP_USER and AQMRG_SMTP_PASSWORD: " + text(e));
    } catch (MessagingException e) {
      int code = replyCode(e);
      String error = "the SMTP server " + (code > 0 ? "answered " + code + ": " : "") + text(e);
      return code >= 500 ? Attempt.refused(null, error) : Attempt.retry(null, error);
    }
  }

  private MimeMessage message(Outgoing email, AlertSettings.Smtp server) throws MessagingException {
    JsonNode payload;
    try {
      payload = JSON.readTree(email.payload());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the payload is not JSON", e);
    }
    String subject = required(payload, "subject");
    String text = required(payload, "text");
    String messageId = "<" + email.deliveryId() + "@aqmrg>";
    var message =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    message.setFrom(new InternetAddress(server.from(), true));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.target(), true));
    message.setSubject(subject, "UTF-8");
    message.setText(text, "UTF-8");
    message.setSentDate(new Date());
    var unsubscribe = payload.path("unsubscribe_url");
    if (unsubscribe.isTextual() && !unsubscribe.asText().isBlank()) {
      message.setHeader("List-Unsubscribe", "<" + unsubscribe.asText() + ">");
    }
    return message;
  }

  private static String required(JsonNode payload, String field) {
    var value = payload.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("the payload has no " + field);
    }
    return value.asText();
  }

  /** The SMTP reply code behind a failure, or 0 when there is none (no answer at all). */
  private static int replyCode(Exception failure) {
    for (Throwable e = failure; e != null; e = next(e)) {
      if (e instanceof SMTPSendFailedException sent) {
        return sent.getReturnCode();
      }
      if (e instanceof SMTPAddressFailedException address) {
        return address.getReturnCode();
      }
    }
    return 0;
  }

  private static Throwable next(Throwable e) {
    if (e instanceof MessagingException messaging && messaging.getNextException() != null) {
      return messaging.getNextException();
    }
    return e.getCause() == e ? null : e.getCause();
  }

  private static String text(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.strip();
  }
}
