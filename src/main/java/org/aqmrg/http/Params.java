package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.registry.BoundingBox;
import org.aqmrg.registry.Location;

/** Query and path parameters of the read routes, checked; each failure a 400 naming it. */
final class Params {
  private Params() {}

  /** Refuses a query parameter the route does not know, so a misspelt filter never goes unseen. */
  static void allowOnly(Context ctx, List<String> known) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!known.contains(name)) {
        throw new ApiException(
            400,
            "invalid",
            "unknown query parameter '" + name + "'; allowed: " + String.join(", ", known),
            Map.of("field", name, "parameter", name));
      }
    }
  }

  /** A text parameter, trimmed; null when absent or blank. */
  static String text(Context ctx, String name, int max) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > max) {
      throw InvalidInputException.field(
          name, "query parameter '%s' has at most %d characters".formatted(name, max));
    }
    return value.strip();
  }

  /** A UUID query parameter; null when absent or blank. */
  /** {@code country=NG}: a two-letter country code in capitals, or null when absent. */
  static String country(Context ctx) {
    String country = text(ctx, "country", 10);
    return country == null ? null : Location.country(country, "country");
  }

  /** {@code bbox=minLon,minLat,maxLon,maxLat}, or null when absent. */
  static BoundingBox bbox(Context ctx) {
    String bbox = text(ctx, "bbox", 200);
    return bbox == null ? null : BoundingBox.parse("bbox", bbox);
  }

  static UUID uuidQuery(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? null : uuid(name, value.strip());
  }

  /** The UUID in the path parameter {@code name}. */
  static UUID uuidPath(Context ctx, String name) {
    return uuid(name, ctx.pathParam(name));
  }

  private static UUID uuid(String name, String value) {
    try {
      if (value.length() == 36) {
        return UUID.fromString(value);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw InvalidInputException.field(
        name, "'" + name + "' must be a UUID such as 22222222-2222-4222-8222-000000000001");
  }
}
