package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /api/docs}: Swagger UI showing {@code /openapi.json}, served out of the jar. The page
 * and its initializer are this platform's own (no inline script, so a strict
 * Content-Security-Policy can forbid inline code); Swagger UI's script and style come from the
 * {@code org.webjars:swagger-ui} jar. Only the files named in {@link #ASSETS} are served: any other
 * name under {@code /api/docs/} is a 404, so nothing else of the class path can be reached through
 * it.
 */
final class ApiDocs {
  static final String PAGE = "/api/docs";
  static final String ASSET = "/api/docs/{file}";

  private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/";
  private static final String VERSION = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

  /** Bytes that change only with a new release of the platform: kept an hour. */
  private static final String KEEP = "public, max-age=3600";

  /** The files of {@code /api/docs/{file}}, and their content types. */
  static final Map<String, String> ASSETS =
      Map.of(
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "swagger-ui.css", "text/css; charset=utf-8",
          "index.css", "text/css; charset=utf-8",
          "favicon-32x32.png", "image/png",
          "initializer.js", "text/javascript; charset=utf-8");

  private final StaticAnswer page;
  private final Map<String, StaticAnswer> assets;

  private ApiDocs(StaticAnswer page, Map<String, StaticAnswer> assets) {
    this.page = page;
    this.assets = assets;
  }

  /** Reads the page and every asset; fails start-up when one is missing from the class path. */
  static ApiDocs load() {
    String webjar = WEBJAR + Resources.webjarVersion(VERSION) + "/";
    var page =
        StaticAnswer.of(
            Resources.read("api-docs.html"), "text/html; charset=utf-8", StaticAnswer.REVALIDATE);
    var assets = new java.util.HashMap<String, StaticAnswer>();
    ASSETS.forEach(
        (file, type) -> {
          byte[] bytes =
              file.equals("initializer.js")
                  ? Resources.read("api-docs.js")
                  : Resources.read(webjar + file);
          assets.put(file, StaticAnswer.of(bytes, type, KEEP));
        });
    return new ApiDocs(page, Map.copyOf(assets));
  }

  void page(Context ctx) {
    page.answer(ctx);
  }

  void asset(Context ctx) {
    StaticAnswer asset = assets.get(ctx.pathParam("file"));
    if (asset == null) {
      throw new ApiException(
          404,
          "not_found",
          "no route " + ctx.method() + " " + ctx.path(),
          Map.of("path", ctx.path()));
    }
    asset.answer(ctx);
  }
}
