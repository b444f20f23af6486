package org.aqmrg.http;

import java.util.Optional;
import org.aqmrg.config.DashboardSettings;

/**
 * The Content-Security-Policy of the dashboard's pages: scripts, styles and connections from this
 * origin only, so no inline script, inline event handler, {@code eval} or injected style runs;
 * images from here and from the map's tile server; no plug-ins, no framing, forms post here only.
 */
final class ContentSecurityPolicy {
  private ContentSecurityPolicy() {}

  /** The header's value for pages whose map takes tiles from {@code tileOrigin}, if any. */
  static String of(Optional<String> tileOrigin) {
    String images = "'self'" + tileOrigin.map(origin -> " " + origin).orElse("");
    return String.join(
        "; ",
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src " + images,
        "connect-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'");
  }

  /** The policy for the dashboard of these settings. */
  static String of(DashboardSettings settings) {
    return of(settings.tiles().flatMap(DashboardSettings::tileOrigin));
  }
}
