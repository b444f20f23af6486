package org.aqmrg.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
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
 */
final class RouteTable {
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

  RouteTable(JavalinDefaultRoutingApi routes) {
    this.routes = routes;
  }

  void get(String path, Handler handler, Access access) {
    add(HandlerType.GET, path, handler, access);
    add(HandlerType.HEAD, path, handler, access);
  }

  void post(String path, Handler handler, Access access) {
    add(HandlerType.POST, path, handler, access);
  }

  void patch(String path, Handler handler, Access access) {
    add(HandlerType.PATCH, path, handler, access);
  }

  void delete(String path, Handler handler, Access access) {
    add(HandlerType.DELETE, path, handler, access);
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
