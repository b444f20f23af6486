package org.aqmrg.http;

import io.javalin.Javalin;
import io.javalin.config.Key;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Declares the routes as HTTP asks: every {@code GET} route also answers {@code HEAD} (the same
 * handler, guard and rate limit; Jetty sends the status and headers without the body), and every
 * path answers {@code OPTIONS} with {@code Allow} naming the methods it takes. A path asked with
 * another method gets 405 with the same {@code Allow} (see {@link WebApp}).
 *
 * <p>It keeps the routes as declared, each with its rule ({@link #declared}), so that the OpenAPI
 * document can be checked against them.
 */
final class RouteTable {
  /** A route as {@link WebApp} declares it; HEAD and OPTIONS, which follow from them, are not. */
  record Route(String method, String path, Access access) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Where {@link WebApp} keeps {@link #routes()} in the app's data. */
  static final Key<List<Route>> KEY = new Key<>("aqmrg.routes");

  /** The order methods are listed in {@code Allow}: Javalin's, which lists them for a 405. */
  private static final List<HandlerType> ORDER =
      List.of(
          HandlerType.GET,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE,
          HandlerType.HEAD,
          HandlerType.OPTIONS);

  private final JavalinDefaultRoutingApi routes;
  private final Map<String, TreeSet<Integer>> methods = new LinkedHashMap<>();
  private final List<Route> declared = new ArrayList<>();

  RouteTable(JavalinDefaultRoutingApi routes) {
    this.routes = routes;
  }

  void get(String path, Handler handler, Access access) {
    declared.add(new Route("GET", path, access));
    add(HandlerType.GET, path, handler, access);
    add(HandlerType.HEAD, path, handler, access);
  }

  void post(String path, Handler handler, Access access) {
    declared.add(new Route("POST", path, access));
    add(HandlerType.POST, path, handler, access);
  }

  void patch(String path, Handler handler, Access access) {
    declared.add(new Route("PATCH", path, access));
    add(HandlerType.PATCH, path, handler, access);
  }

  void delete(String path, Handler handler, Access access) {
    declared.add(new Route("DELETE", path, access));
    add(HandlerType.DELETE, path, handler, access);
  }

  /** The routes declared so far, in their order. */
  List<Route> routes() {
    return List.copyOf(declared);
  }

  /** The routes {@code app} was built with (by {@link WebApp#create}). */
  static List<Route> declared(Javalin app) {
    return app.unsafe.appDataManager.get(KEY);
  }

  /** Adds the {@code OPTIONS} route of every path declared so far. */
  void addOptions() {
    for (var entry : Map.copyOf(methods).entrySet()) {
      entry.getValue().add(ORDER.indexOf(HandlerType.OPTIONS));
      String allow = allow(entry.getValue());
      routes.options(entry.getKey(), ctx -> ctx.header("Allow", allow).status(204), Access.PUBLIC);
    }
  }

  private void add(HandlerType method, String path, Handler handler, Access access) {
    routes.addHttpHandler(method, path, handler, access);
    methods.computeIfAbsent(path, p -> new TreeSet<>()).add(ORDER.indexOf(method));
  }

  private static String allow(TreeSet<Integer> methods) {
    return methods.stream().map(i -> ORDER.get(i).name()).collect(Collectors.joining(", "));
  }
}
