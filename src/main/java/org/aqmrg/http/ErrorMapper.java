package org.aqmrg.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.ForbiddenException;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.error.PlatformException;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.error.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from exceptions to HTTP answers, for every route: the domain's {@link
 * PlatformException}s, the web layer's own {@link ApiException}s, Javalin's 404 and 405, and
 * anything unexpected (500 with a reference to the log, never a stack trace). Every answer is an
 * {@link ErrorBody}; docs/API.md lists the codes.
 */
final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  /** Seconds a client is asked to wait when a store is unavailable. */
  static final String RETRY_AFTER_SECONDS = "5";

  private ErrorMapper() {}

  static void register(RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(body(e)));
    // Logged where it happened; the connection is already closed: nothing is left to send.
    routes.exception(ReadingRoutes.AnswerCutOff.class, (e, ctx) -> {});
    routes.exception(PlatformException.class, ErrorMapper::platform);
    routes.exception(HttpResponseException.class, ErrorMapper::javalin);
    routes.exception(Exception.class, ErrorMapper::unexpected);
  }

  /** The status of a domain exception: the same for the same fault on every route. */
  static int status(PlatformException e) {
    if (e instanceof NotFoundException) {
      return 404;
    } else if (e instanceof InvalidInputException) {
      return 400;
    } else if (e instanceof ConflictException) {
      return 409;
    } else if (e instanceof ForbiddenException) {
      return 403;
    } else if (e instanceof StoreRefusedException) {
      return 500;
    }
    return 503; // StoreUnavailableException, the last kind the sealed hierarchy permits
  }

  /** The error code of a domain exception, as docs/API.md lists it. */
  static String code(PlatformException e) {
    if (e instanceof NotFoundException) {
      return "not_found";
    } else if (e instanceof InvalidInputException) {
      return "invalid";
    } else if (e instanceof ConflictException) {
      return "conflict";
    } else if (e instanceof ForbiddenException) {
      return "forbidden";
    } else if (e instanceof StoreRefusedException) {
      return "store_refused";
    }
    return "unavailable";
  }

  private static void platform(PlatformException e, Context ctx) {
    String message = e.getMessage();
    if (e instanceof StoreRefusedException refused) {
      log.error("{} {}: {}", ctx.method(), ctx.path(), refused.getMessage());
      message =
          "the "
              + describe(refused)
              + " refused this request; nothing of it is acknowledged, and sending it again will"
              + " not help until an operator fixes the store (the server log has the store's"
              + " answer; ./aqmrg doctor checks the store)";
    } else if (e instanceof StoreUnavailableException unavailable) {
      log.warn("{} {}: {}", ctx.method(), ctx.path(), unavailable.getMessage());
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
      message =
          "the "
              + describe(unavailable)
              + " cannot answer just now; nothing of this request was stored; try again shortly";
    }
    ctx.status(status(e)).json(new ErrorBody(code(e), message, e.details()));
  }

  /** The store as a person names it; the details name it as a program does. */
  private static String describe(StoreUnavailableException e) {
    return switch (e.store()) {
      case RELATIONAL -> "relational database";
      case TIMESERIES -> "time-series store";
      case CACHE -> "session and cache store";
    };
  }

  private static void javalin(HttpResponseException e, Context ctx) {
    var body =
        switch (e.getStatus()) {
          case 404 ->
              new ErrorBody(
                  "not_found",
                  "no route " + ctx.method() + " " + ctx.path(),
                  Map.of("path", ctx.path()));
          case 405 -> methodNotAllowed(ctx, e);
          default -> new ErrorBody(StatusCodes.of(e.getStatus()), e.getMessage(), Map.of());
        };
    ctx.status(e.getStatus()).json(body);
  }

  private static ErrorBody methodNotAllowed(Context ctx, HttpResponseException e) {
    String allowed = e.getDetails().values().stream().findFirst().orElse("");
    ctx.header("Allow", allowed);
    return new ErrorBody(
        "method_not_allowed",
        ctx.method() + " is not allowed on " + ctx.path() + "; it takes " + allowed,
        Map.of(
            "method",
            ctx.method().name(),
            "allowed",
            allowed.isEmpty() ? List.of() : List.of(allowed.split(", "))));
  }

  private static void unexpected(Exception e, Context ctx) {
    String reference = UUID.randomUUID().toString();
    log.error("Unhandled error {} on {} {}", reference, ctx.method(), ctx.path(), e);
    ctx.status(500)
        .json(
            new ErrorBody(
                "internal",
                "internal error; the server log has the details under this reference",
                Map.of("reference", reference)));
  }

  private static ErrorBody body(ApiException e) {
    return new ErrorBody(e.code(), e.getMessage(), e.details());
  }
}
