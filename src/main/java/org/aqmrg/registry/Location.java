package org.aqmrg.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.aqmrg.error.InvalidInputException;

/**
 * A row of {@code locations}: a monitoring site.
 *
 * @param country ISO 3166-1 alpha-2 code in capitals, e.g. {@code NG}
 * @param latitude WGS 84, decimal degrees, -90 to 90
 * @param longitude WGS 84, decimal degrees, -180 to 180
 * @param timezone IANA time-zone name, e.g. {@code Africa/Lagos}
 * @param metadata free-form attributes as a JSON object; may be null
 */
public record Location(
    UUID id,
    String name,
    String city,
    String country,
    Double latitude,
    Double longitude,
    String timezone,
    ObjectNode metadata,
    Instant createdAt,
    Instant updatedAt) {
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  /** A country filter or field in capitals; 400 naming {@code field} unless two letters. */
  public static String country(String value, String field) {
    String upper = value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    if (upper == null || !COUNTRY.matcher(upper).matches()) {
      throw InvalidInputException.field(
          field,
          "'"
              + field
              + "' must be an ISO 3166-1 alpha-2 country code such as NG, got "
              + (value == null ? "nothing" : "'" + value + "'"));
    }
    return upper;
  }

  /** This location with its fields checked and normalised; a 400 naming the first bad field. */
  Location checked() {
    return new Location(
        id,
        Checks.required(name, "name", 255),
        Checks.required(city, "city", 100),
        country(country, "country"),
        Checks.degrees(latitude, "latitude", 90),
        Checks.degrees(longitude, "longitude", 180),
        zone(timezone == null ? "UTC" : timezone),
        metadata,
        createdAt,
        updatedAt);
  }

  private static String zone(String value) {
    String name = Checks.required(value, "timezone", 64);
    try {
      ZoneId zone = ZoneId.of(name);
      if (zone instanceof ZoneOffset) {
        throw new DateTimeException("an offset, not a region");
      }
      return name;
    } catch (DateTimeException e) {
      throw InvalidInputException.field(
          "timezone",
          "field 'timezone' must be an IANA time-zone name such as Africa/Lagos or UTC, got '"
              + name
              + "'");
    }
  }
}
