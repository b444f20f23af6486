package org.aqmrg.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.aqmrg.config.DashboardSettings;

/**
 * The dashboard: {@code GET /} is its page, {@code GET /dashboard/{file}} its scripts, styles and
 * libraries, all read from the jar at start. The page and its ES modules (in {@code
 * http/dashboard/} beside this class) talk to the public JSON API only; Leaflet and uPlot come from
 * their WebJars. Only the files named in {@link #APP} and {@link #LIBRARIES} are served: any other
 * name is a 404. Every answer carries the {@link ContentSecurityPolicy}.
 */
final class DashboardRoutes {
  static final String PAGE = "/";
  static final String ASSET = "/dashboard/{file}";

  /** The dashboard's own files, kept by browsers but checked again before each use. */
  static final Map<String, String> APP =
      Map.ofEntries(
          Map.entry("app.js", "text/javascript; charset=utf-8"),
          Map.entry("api.js", "text/javascript; charset=utf-8"),
          Map.entry("aqi.js", "text/javascript; charset=utf-8"),
          Map.entry("format.js", "text/javascript; charset=utf-8"),
          Map.entry("map.js", "text/javascript; charset=utf-8"),
          Map.entry("location.js", "text/javascript; charset=utf-8"),
          Map.entry("chart.js", "text/javascript; charset=utf-8"),
          Map.entry("account.js", "text/javascript; charset=utf-8"),
          Map.entry("alerts.js", "text/javascript; charset=utf-8"),
          Map.entry("admin.js", "text/javascript; charset=utf-8"),
          Map.entry("registry.js", "text/javascript; charset=utf-8"),
          Map.entry("dashboard.css", "text/css; charset=utf-8"),
          Map.entry("icon.svg", "image/svg+xml"));

  /** The libraries, as {@code served name -> WebJar, path in it, content type}. */
  static final Map<String, String[]> LIBRARIES =
      Map.of(
          "leaflet.js",
          new String[] {"leaflet", "dist/leaflet.js", "text/javascript; charset=utf-8"},
          "leaflet.css",
          new String[] {"leaflet", "dist/leaflet.css", "text/css; charset=utf-8"},
          "uPlot.esm.js",
          new String[] {"uplot", "dist/uPlot.esm.js", "text/javascript; charset=utf-8"},
          "uPlot.min.css",
          new String[] {"uplot", "dist/uPlot.min.css", "text/css; charset=utf-8"});

  /** Library bytes change only with a new release of the platform: kept an hour. */
  private static final String KEEP = "public, max-age=3600";

  private final String policy;
  private final StaticAnswer page;
  private final Map<String, StaticAnswer> assets;

  private DashboardRoutes(String policy, StaticAnswer page, Map<String, StaticAnswer> assets) {
    this.policy = policy;
    this.page = page;
    this.assets = assets;
  }

  /** Reads the page and every file; fails start-up when one is missing from the class path. */
  static DashboardRoutes load(DashboardSettings settings) {
    String html = new String(Resources.read("dashboard/index.html"), StandardCharsets.UTF_8);
    String rendered =
        html.replace("{{tiles}}", Html.attribute(settings.tiles().orElse("")))
            .replace("{{attribution}}", Html.attribute(settings.attribution()));
    var page =
        StaticAnswer.of(
            rendered.getBytes(StandardCharsets.UTF_8),
            "text/html; charset=utf-8",
            StaticAnswer.REVALIDATE);
    var assets = new HashMap<String, StaticAnswer>();
    APP.forEach(
        (file, type) ->
            assets.put(
                file,
                StaticAnswer.of(
                    Resources.read("dashboard/" + file), type, StaticAnswer.REVALIDATE)));
    LIBRARIES.forEach(
        (file, where) -> {
          String path =
              "/META-INF/resources/webjars/"
                  + where[0]
                  + "/"
                  + Resources.webjarVersion(
                      "/META-INF/maven/org.webjars.npm/" + where[0] + "/pom.properties")
                  + "/";
          assets.put(file, StaticAnswer.of(Resources.read(path + where[1]), where[2], KEEP));
        });
    return new DashboardRoutes(ContentSecurityPolicy.of(settings), page, Map.copyOf(assets));
  }

  /** Declares the dashboard's routes, open to anyone. */
  void register(RouteTable table) {
    table.get(PAGE, this::page, Access.PUBLIC);
    table.get(ASSET, this::asset, Access.PUBLIC);
  }

  void page(Context ctx) {
    secure(ctx);
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
    secure(ctx);
    asset.answer(ctx);
  }

  private void secure(Context ctx) {
    ctx.header("Content-Security-Policy", policy);
    ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
    ctx.header("X-Frame-Options", "DENY");
  }
}
