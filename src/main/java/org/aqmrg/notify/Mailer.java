package org.aqmrg.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import org.aqmrg.config.AlertSettings;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends an alert notification as a plain-text e-mail over SMTP (Jakarta Mail). The delivery's id is
 * the {@code Message-ID}, the same on every retry, so a mail system that drops repeats does; a
 * {@code List-Unsubscribe} header carries the recipient's link when there is one. The payload is
 * {@code {"subject": "…", "text": "…", "unsubscribe_url": "…" (optional)}}.
 */
public final class Mailer {
  static final int TIMEOUT_MS = 10_000;

  private final AlertSettings.Smtp smtp;
  private final Session session;

  public Mailer(AlertSettings.Smtp smtp) {
    this.smtp = smtp;
    var properties = new Properties();
    properties.put("mail.smtp.host", smtp.host());
    properties.put("mail.smtp.port", String.valueOf(smtp.port()));
    properties.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MS));
    properties.put("mail.smtp.timeout", String.valueOf(TIMEOUT_MS));
    properties.put("mail.smtp.writetimeout", String.valueOf(TIMEOUT_MS));
    properties.put(
        "mail.smtp.starttls.enable", String.valueOf(smtp.startTls() != AlertSettings.StartTls.OFF));
    properties.put(
        "mail.smtp.starttls.required",
        String.valueOf(smtp.startTls() == AlertSettings.StartTls.REQUIRED));
    properties.put("mail.smtp.ssl.checkserveridentity", "true");
    boolean auth = !smtp.user().isEmpty();
    properties.put("mail.smtp.auth", String.valueOf(auth));
    this.session =
        auth
            ? Session.getInstance(
                properties,
                new Authenticator() {
                  @Override
                  protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.user(), smtp.password().reveal());
                  }
                })
            : Session.getInstance(properties);
  }

  /** What e-mail a delivery carries. */
  public record Mail(String subject, String text, String unsubscribeUrl) {}

  /**
   * One attempt: a permanent refusal by the server (5xx, a bad address) fails for good; anything
   * else (no connection, 4xx) is tried again.
   */
  public Attempt send(UUID deliveryId, String to, Mail mail) {
    try {
      var message = new IdentifiedMessage(session, "<" + deliveryId + "@aqmrg>");
      message.setFrom(new InternetAddress(smtp.from()));
      message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
      message.setSubject(mail.subject(), "UTF-8");
      message.setText(mail.text(), "UTF-8");
      message.setSentDate(new Date());
      if (mail.unsubscribeUrl() != null) {
        message.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
      }
      Transport.send(message);
      return Attempt.delivered(null);
    } catch (SMTPSendFailedException e) {
      int code = e.getReturnCode();
      String error = "the mail server refused it: " + e.getMessage().strip();
      return code >= 500 ? Attempt.refused(null, error) : Attempt.retry(null, error);
    } catch (SendFailedException e) {
      return Attempt.refused(null, "the mail server refused the address: " + e.getMessage());
    } catch (MessagingException e) {
      return Attempt.retry(
          null, "could not send through " + smtp.host() + ":" + smtp.port() + ": " + e);
    }
  }

  /** A message whose Message-ID is ours, not one Jakarta Mail makes up at each send. */
  private static final class IdentifiedMessage extends MimeMessage {
    private final String id;

    IdentifiedMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
