package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.List;
import org.aqmrg.ops.StoreCheck;
import org.aqmrg.ops.StoreStatus;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: every configured store answers;
 * 503 when one does not, so a load balancer stops sending traffic here. Where each store is (its
 * target) and what an operator could try (problem, hint: they name hosts and folders) are shown to
 * admins only; everyone else sees each store's role, whether it is up and how long it took.
 */
final class HealthRoutes {
  private final List<StoreCheck> checks;

  HealthRoutes(List<StoreCheck> checks) {
    this.checks = checks;
  }

  /** The answer of {@code /health/ready}. */
  record Readiness(String status, List<?> stores) {}

  /** A store as callers other than admins see it: nothing about where it is. */
  record PublicStatus(String role, boolean up, double latencyMs) {
    static PublicStatus of(StoreStatus status) {
      return new PublicStatus(status.role(), status.up(), status.latencyMs());
    }
  }

  void live(Context ctx) {
    ctx.json(java.util.Map.of("status", "up"));
  }

  void ready(Context ctx) {
    // Each check gives up after 2 s, so a probe waits at most 2 s per configured store.
    List<StoreStatus> stores = checks.stream().map(StoreCheck::check).toList();
    boolean up = stores.stream().allMatch(StoreStatus::up);
    boolean admin = Access.ADMIN.allows(Requests.principal(ctx));
    ctx.status(up ? 200 : 503)
        .json(
            new Readiness(
                up ? "up" : "down",
                admin ? stores : stores.stream().map(PublicStatus::of).toList()));
  }
}
