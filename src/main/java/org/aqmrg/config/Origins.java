package org.aqmrg.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Web origins ({@code scheme://host[:port]}) as browsers send them in the {@code Origin} header.
 */
final class Origins {
  private Origins() {}

  /**
   * The origin in the form a browser sends it (lower case, no default port, no trailing slash), or
   * empty when {@code text} is not an http or https origin with a host and nothing after it.
   */
  static Optional<String> normalise(String text) {
    String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    URI uri;
    try {
      uri = new URI(trimmed).parseServerAuthority();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawUserInfo() == null;
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
      return Optional.empty();
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String port = uri.getPort() < 0 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort();
    return Optional.of(scheme + "://" + host + port);
  }
}
