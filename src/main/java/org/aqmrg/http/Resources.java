package org.aqmrg.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The files the jar serves as they are: the API docs page, the dashboard and their WebJars. */
final class Resources {
  private Resources() {}

  /** A resource: absolute, or relative to this package. */
  static byte[] read(String name) {
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + name + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * The version of a WebJar, from its {@code pom.properties}, e.g. {@code
   * /META-INF/maven/org.webjars/swagger-ui/pom.properties}.
   */
  static String webjarVersion(String pomProperties) {
    var properties = new Properties();
    try (InputStream in = Resources.class.getResourceAsStream(pomProperties)) {
      if (in == null) {
        throw new IllegalStateException(
            "the WebJar of " + pomProperties + " is not on the class path");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pomProperties, e);
    }
    return properties.getProperty("version");
  }
}
