package org.aqmrg.registry;

import java.util.Map;
import java.util.regex.Pattern;
import org.aqmrg.error.InvalidInputException;

/**
 * A box of WGS 84 coordinates in decimal degrees, bounds included. It cannot cross the
 * antimeridian: {@code minLon} is always less than {@code maxLon}.
 */
public record BoundingBox(double minLon, double minLat, double maxLon, double maxLat) {
  private static final String[] NAMES = {"minLon", "minLat", "maxLon", "maxLat"};
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

  /**
   * Reads {@code minLon,minLat,maxLon,maxLat}, as in OGC and GeoJSON. Anything else is a 400 naming
   * {@code parameter} and what is wrong: not four numbers, a value out of range, or a minimum not
   * below its maximum.
   */
  public static BoundingBox parse(String parameter, String raw) {
    String[] parts = raw.split(",", -1);
    if (parts.length != 4) {
      throw invalid(
          parameter,
          "'%s' must be minLon,minLat,maxLon,maxLat: four numbers in decimal degrees, got '%s'"
              .formatted(parameter, raw));
    }
    double[] values = new double[4];
    for (int i = 0; i < 4; i++) {
      values[i] = number(parameter, NAMES[i], parts[i].trim());
      double limit = i % 2 == 0 ? 180 : 90;
      if (values[i] < -limit || values[i] > limit) {
        throw invalid(
            parameter,
            "%s of '%s' must be from %d to %d, got %s"
                .formatted(NAMES[i], parameter, (int) -limit, (int) limit, parts[i].trim()));
      }
    }
    var box = new BoundingBox(values[0], values[1], values[2], values[3]);
    if (!(box.minLon < box.maxLon)) {
      throw invalid(
          parameter,
          "minLon of '%s' must be less than maxLon (a box across the antimeridian is not"
                  .formatted(parameter)
              + " supported), got "
              + parts[0].trim()
              + " and "
              + parts[2].trim());
    }
    if (!(box.minLat < box.maxLat)) {
      throw invalid(
          parameter,
          "minLat of '%s' must be less than maxLat, got %s and %s"
              .formatted(parameter, parts[1].trim(), parts[3].trim()));
    }
    return box;
  }

  private static double number(String parameter, String name, String text) {
    if (text.length() > 40 || !DECIMAL.matcher(text).matches()) {
      throw invalid(
          parameter,
          "%s of '%s' must be a number in decimal degrees, got '%s'"
              .formatted(name, parameter, text));
    }
    return Double.parseDouble(text);
  }

  private static InvalidInputException invalid(String parameter, String message) {
    return new InvalidInputException(message, Map.of("field", parameter, "parameter", parameter));
  }
}
