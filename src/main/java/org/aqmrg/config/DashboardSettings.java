package org.aqmrg.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The dashboard served at {@code /}.
 *
 * @param tiles the map's tile URL template ({@code AQMRG_MAP_TILES}), with {@code {z}}, {@code {x}}
 *     and {@code {y}} and optionally {@code {s}} for a subdomain, as Leaflet takes it; empty
 *     ({@code none}): no tiles, the locations over a plain background
 * @param attribution the text shown on the map for the tiles ({@code AQMRG_MAP_ATTRIBUTION})
 */
public record DashboardSettings(Optional<String> tiles, String attribution) {
  /** OpenStreetMap's standard tiles: free for light use, with this attribution. */
  static final String DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  static final String DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors";

  static DashboardSettings read(Settings.Reader reader) {
    String raw = reader.string("AQMRG_MAP_TILES", DEFAULT_TILES);
    Optional<String> tiles = Optional.empty();
    if (!raw.equalsIgnoreCase("none")) {
      if (tileOrigin(raw).isPresent()) {
        tiles = Optional.of(raw);
      } else {
        reader.problem(
            ("AQMRG_MAP_TILES must be none or an http:// or https:// URL template with {z}, {x}"
                    + " and {y} (and optionally {s}), such as %s, got '%s'")
                .formatted(
                    DEFAULT_TILES, raw.contains("@") ? "<hidden: contains credentials>" : raw));
      }
    }
    String fallback = raw.equals(DEFAULT_TILES) ? DEFAULT_ATTRIBUTION : "";
    String attribution = reader.string("AQMRG_MAP_ATTRIBUTION", fallback);
    if (attribution.length() > 500) {
      reader.problem("AQMRG_MAP_ATTRIBUTION must have at most 500 characters");
    }
    return new DashboardSettings(tiles, attribution);
  }

  /**
   * The origin the tiles come from, as a Content-Security-Policy source ({@code
   * https://tile.example.org}, {@code https://*.tile.example.org} for a {@code {s}} subdomain), or
   * empty when {@code template} is not a tile URL template.
   */
  public static Optional<String> tileOrigin(String template) {
    int schemeEnd = template.indexOf("://");
    if (schemeEnd < 0) {
      return Optional.empty();
    }
    String scheme = template.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = template.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    if (!(scheme.equals("http") || scheme.equals("https")) || slash <= 0) {
      return Optional.empty();
    }
    String authority = rest.substring(0, slash);
    String path = rest.substring(slash);
    boolean subdomains = authority.startsWith("{s}.");
    String host = subdomains ? authority.substring(4) : authority;
    boolean named = host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?");
    boolean literal = host.matches("\\[[0-9a-fA-F:.]+](:\\d{1,5})?");
    boolean tiled = path.contains("{z}") && path.contains("{x}") && path.contains("{y}");
    // Characters that could break out of the policy header or the page's attribute.
    boolean plain = path.chars().noneMatch(c -> c <= ' ' || "\"'<>;,\\`".indexOf(c) >= 0);
    if (!(named || literal) || !tiled || !plain) {
      return Optional.empty();
    }
    return Optional.of(scheme + "://" + (subdomains ? "*." : "") + host.toLowerCase(Locale.ROOT));
  }
}
