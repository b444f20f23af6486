package org.aqmrg.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.aqmrg.config.AlertSettings.Network;
import org.aqmrg.error.InvalidInputException;

/**
 * Where a webhook may point: an absolute {@code http} or {@code https} URL whose host resolves only
 * to public addresses. Loopback, link-local (cloud metadata services among them), private,
 * carrier-grade NAT, unique-local, multicast and unspecified addresses are refused unless they lie
 * in a network the operator allowed ({@code AQMRG_WEBHOOK_ALLOWED_NETWORKS}), so that a webhook is
 * never a way into the operator's network. Checked when an alert is saved and again before every
 * delivery, since what a name resolves to can change.
 */
public final class WebhookTargets {
  /** Longest URL taken. */
  public static final int MAX_URL_LENGTH = 2_048;

  /** Name resolution; {@link InetAddress#getAllByName} in the platform. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final Network CARRIER_GRADE_NAT = network(new byte[] {100, 64, 0, 0}, 10);
  private static final Network THIS_NETWORK = network(new byte[] {0, 0, 0, 0}, 8);
  private static final Network BENCHMARKING = network(new byte[] {(byte) 198, 18, 0, 0}, 15);
  private static final Network PROTOCOL_ASSIGNMENTS = network(new byte[] {(byte) 192, 0, 0, 0}, 24);

  private final List<Network> allowed;
  private final Resolver resolver;

  public WebhookTargets(List<Network> allowed) {
    this(allowed, InetAddress::getAllByName);
  }

  public WebhookTargets(List<Network> allowed, Resolver resolver) {
    this.allowed = List.copyOf(allowed);
    this.resolver = resolver;
  }

  /**
   * The URL, checked for its form only: absolute, http or https, a host, no credentials, no
   * fragment, at most {@link #MAX_URL_LENGTH} characters. {@code field} names it in the refusal.
   */
  public URI parse(String field, String url) {
    if (url == null || url.isBlank()) {
      throw InvalidInputException.field(field, field + " is required: an https:// URL");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw InvalidInputException.field(
          field, field + " is longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw InvalidInputException.field(field, field + " is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw InvalidInputException.field(field, field + " must be an https:// or http:// URL");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw InvalidInputException.field(
          field, field + " must name a host and carry no credentials and no #fragment");
    }
    return uri;
  }

  /**
   * The addresses the URL's host resolves to, every one of them public or allowed; else a refusal
   * naming {@code field} and what was wrong.
   */
  public List<InetAddress> check(String field, URI url) {
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw InvalidInputException.field(
          field, field + ": the host " + url.getHost() + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (internal(address) && allowed.stream().noneMatch(n -> n.contains(address))) {
        throw InvalidInputException.field(
            field,
            field
                + ": "
                + url.getHost()
                + " resolves to "
                + address.getHostAddress()
                + ", a loopback, link-local or private address; webhooks may reach only public"
                + " addresses unless the operator allows the network in"
                + " AQMRG_WEBHOOK_ALLOWED_NETWORKS");
      }
    }
    return List.of(addresses);
  }

  /** True for an address inside the operator's (or any) private network. */
  static boolean internal(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] bytes = v6.getAddress();
      if (mappedIpv4(bytes)) {
        try {
          byte[] v4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
          return internal(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
          return true;
        }
      }
      boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc; // fc00::/7
      return uniqueLocal || common(address);
    }
    if (address instanceof Inet4Address) {
      return common(address)
          || CARRIER_GRADE_NAT.contains(address)
          || THIS_NETWORK.contains(address)
          || BENCHMARKING.contains(address)
          || PROTOCOL_ASSIGNMENTS.contains(address)
          || (address.getAddress()[0] & 0xff) >= 240; // reserved and broadcast
    }
    return true;
  }

  private static boolean common(InetAddress address) {
    return address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress();
  }

  private static boolean mappedIpv4(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
  }

  private static Network network(byte[] address, int prefix) {
    try {
      return new Network(InetAddress.getByAddress(address), prefix);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
