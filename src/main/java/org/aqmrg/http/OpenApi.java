package org.aqmrg.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.0 description of every route, kept readable as YAML in
 * {@value #RESOURCE} beside this class, read once when the app is built and answered as JSON.
 * {@code OpenApiDocumentTest} holds it to the routes {@link WebApp} declares.
 */
final class OpenApi {
  static final String RESOURCE = "openapi.yaml";

  private final StaticAnswer document;

  private OpenApi(byte[] json) {
    this.document = StaticAnswer.of(json, "application/json", StaticAnswer.REVALIDATE);
  }

  /**
   * The document of the resource; fails start-up when the resource is missing, is not YAML or holds
   * a key twice.
   */
  static OpenApi load() {
    return new OpenApi(json(tree()));
  }

  /** The document as a tree, as the YAML resource gives it. */
  static JsonNode tree() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource org/aqmrg/http/" + RESOURCE + " is missing");
      }
      // A key given twice would silently drop the first (an operation, a response): refused.
      var yaml = new ObjectMapper(new YAMLFactory());
      yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      return yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read org/aqmrg/http/" + RESOURCE, e);
    }
  }

  private static byte[] json(JsonNode tree) {
    try {
      return new ObjectMapper().writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the OpenAPI document as JSON", e);
    }
  }

  /** The JSON as it is served. */
  byte[] bytes() {
    return document.bytes().clone();
  }

  void handle(Context ctx) {
    document.answer(ctx);
  }
}
