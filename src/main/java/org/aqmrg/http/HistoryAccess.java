package org.aqmrg.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.identity.Principal;

/**
 * Who may read which history: the one place for the rule finer than a route's {@link Access}. The
 * history routes are {@link Access#PUBLIC}, and anyone may read windows of at least {@link
 * #PUBLIC_MIN_WINDOW} as JSON; raw readings, shorter windows and CSV export need what {@link
 * Access#RESEARCHER} lets in (the researcher and admin roles, or a token with {@code read:all}). A
 * refusal is answered as the guard answers: 401 for a caller without credentials, else 403 and an
 * {@code auth.forbidden} audit entry.
 */
final class HistoryAccess {
  /** The finest windows a public caller may read. */
  static final Duration PUBLIC_MIN_WINDOW = Duration.ofHours(1);

  private HistoryAccess() {}

  /** What of the request needs more than public access, or null when nothing does. */
  static String restrictedPart(HistoryParams params) {
    if (params.every().isEmpty()) {
      return "every";
    }
    if (params.every().get().compareTo(PUBLIC_MIN_WINDOW) < 0) {
      return "every";
    }
    return params.format() == HistoryParams.Format.CSV ? "format" : null;
  }

  /** Refuses the request when its caller may not read what it asks for. */
  static void check(Context ctx, HistoryParams params, AuditLog audit) {
    check(
        ctx,
        restrictedPart(params),
        audit,
        "raw readings, windows shorter than 1h and CSV export need the researcher or admin role,"
            + " or a token with read:all; without them, ask for every=1h or longer as JSON");
  }

  /**
   * Refuses the request when {@code part} (what of it needs more than public access, or null for
   * nothing) is not for its caller; {@code message} says what would be allowed.
   */
  static void check(Context ctx, String part, AuditLog audit, String message) {
    Principal principal = Requests.principal(ctx);
    if (part == null || Access.RESEARCHER.allows(principal)) {
      return;
    }
    Map<String, Object> details = Map.of("parameter", part, "required", "researcher");
    if (principal.anonymous()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"aqmrg\"");
      throw new ApiException(401, "unauthorized", message, details);
    }
    Requests.audit(
        ctx,
        audit,
        "auth.forbidden",
        "route",
        ctx.method() + " " + Requests.template(ctx),
        Map.of("required", "researcher", "parameter", part));
    throw new ApiException(403, "forbidden", message, details);
  }
}
