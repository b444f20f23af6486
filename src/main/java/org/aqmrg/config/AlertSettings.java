package org.aqmrg.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Alerts and their notifications.
 *
 * @param evaluate whether this instance evaluates alerts and sends their notifications ({@code
 *     AQMRG_ALERTS=on|off}); with several instances any number may, each transition is decided once
 * @param publicUrl the address people reach the platform at, for the links in e-mails ({@code
 *     AQMRG_PUBLIC_URL}); empty: e-mails say how to unsubscribe through the API instead
 * @param smtp where e-mail goes; empty when {@code AQMRG_SMTP_HOST} is not set (e-mail channels are
 *     then refused when an alert is created)
 * @param webhookAllowedNetworks networks a webhook may reach although they are loopback, link-local
 *     or private ({@code AQMRG_WEBHOOK_ALLOWED_NETWORKS}, CIDR blocks such as 10.1.0.0/16); empty
 *     by default, so no webhook reaches into the operator's network
 */
public record AlertSettings(
    boolean evaluate,
    Optional<String> publicUrl,
    Optional<Smtp> smtp,
    List<Network> webhookAllowedNetworks) {

  public AlertSettings {
    webhookAllowedNetworks = List.copyOf(webhookAllowedNetworks);
  }

  /**
   * An SMTP server.
   *
   * @param startTls {@code required}: refuse to send unless the server upgrades to TLS; {@code
   *     optional}: upgrade when offered; {@code off}: plain (a relay on the same host)
   * @param user empty for a server that takes mail without authentication
   */
  public record Smtp(
      String host, int port, StartTls startTls, String user, Secret password, String from) {}

  public enum StartTls {
    REQUIRED,
    OPTIONAL,
    OFF
  }

  /** A CIDR block: an address and how many of its leading bits count. */
  public record Network(InetAddress address, int prefix) {
    /** True when {@code candidate} lies in this block (both of the same address family). */
    public boolean contains(InetAddress candidate) {
      byte[] network = address.getAddress();
      byte[] other = candidate.getAddress();
      if (network.length != other.length) {
        return false;
      }
      int bits = prefix;
      for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((network[i] & mask) != (other[i] & mask)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return address.getHostAddress() + "/" + prefix;
    }
  }

  private enum OnOff {
    ON,
    OFF
  }

  static AlertSettings read(Settings.Reader reader) {
    boolean evaluate = reader.choice("AQMRG_ALERTS", OnOff.class, OnOff.ON) == OnOff.ON;
    var publicUrl =
        reader.optional("AQMRG_PUBLIC_URL").map(url -> reader.httpUrl("AQMRG_PUBLIC_URL", url));
    int port = reader.port("AQMRG_SMTP_PORT", 587);
    var startTls = reader.choice("AQMRG_SMTP_STARTTLS", StartTls.class, StartTls.REQUIRED);
    String user = reader.string("AQMRG_SMTP_USER", "");
    var password = Secret.of(reader.optional("AQMRG_SMTP_PASSWORD").orElse(""));
    var from = reader.optional("AQMRG_SMTP_FROM");
    var smtp =
        reader
            .optional("AQMRG_SMTP_HOST")
            .map(
                host ->
                    new Smtp(host, port, startTls, user, password, from.orElse("aqmrg@" + host)));
    if (smtp.isEmpty() && from.isPresent()) {
      reader.problem("AQMRG_SMTP_FROM is set but AQMRG_SMTP_HOST is not: set the SMTP server too");
    }
    var networks = networks(reader, "AQMRG_WEBHOOK_ALLOWED_NETWORKS");
    return new AlertSettings(evaluate, publicUrl, smtp, networks);
  }

  private static List<Network> networks(Settings.Reader reader, String name) {
    var networks = new ArrayList<Network>();
    var raw = reader.optional(name);
    if (raw.isEmpty()) {
      return networks;
    }
    for (String item : raw.get().split(",", -1)) {
      String block = item.trim();
      network(block)
          .ifPresentOrElse(
              networks::add,
              () ->
                  reader.problem(
                      ("%s must be a comma-separated list of CIDR blocks such as"
                              + " 10.1.0.0/16 or fd00::/8, got '%s'")
                          .formatted(name, block)));
    }
    return networks;
  }

  static Optional<Network> network(String block) {
    int slash = block.indexOf('/');
    if (slash < 1 || !block.substring(0, slash).toLowerCase(Locale.ROOT).matches("[0-9a-f:.]+")) {
      return Optional.empty();
    }
    try {
      var address = InetAddress.getByName(block.substring(0, slash)); // a literal: no lookup
      int prefix = Integer.parseInt(block.substring(slash + 1));
      if (prefix < 0 || prefix > address.getAddress().length * 8) {
        return Optional.empty();
      }
      return Optional.of(new Network(address, prefix));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
