package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.aqmrg.db.ReplicaStatus;
import org.aqmrg.error.Store;
import org.aqmrg.ops.StoreCheck;
import org.aqmrg.ops.StoreStatus;
import org.aqmrg.spool.SpoolStatus;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: every configured store answers;
 * 503 when one does not, so a load balancer stops sending traffic here. Where each store is (its
 * target) and what an operator could try (problem, hint: they name hosts and folders) are shown to
 * admins only; everyone else sees each store's role, whether it is up and how long it took.
 *
 * <p>With the write-ahead spool on, the answer shows what it holds; while only the time-series
 * store is down and the spool has room, the instance still takes writes, so it answers 200 with
 * status {@code degraded}: every instance is in the same state, and sending traffic elsewhere would
 * help nobody.
 */
final class HealthRoutes {
  private final List<StoreCheck> checks;
  private final Supplier<Optional<SpoolStatus>> spool;
  private final Supplier<Optional<ReplicaStatus>> replica;

  HealthRoutes(
      List<StoreCheck> checks,
      Supplier<Optional<SpoolStatus>> spool,
      Supplier<Optional<ReplicaStatus>> replica) {
    this.replica = replica;
    this.checks = checks;
    this.spool = spool;
  }

  /** The answer of {@code /health/ready}; {@code spool} is absent when the spool is off. */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Readiness(String status, List<?> stores, Spool spool, Replica replica) {}

  /**
   * The streaming replica, when one is configured: whether reads use it and how far behind it is;
   * for admins also where it is, why reads do not use it, and how many reads each server took. It
   * does not decide readiness: without it the primary serves every read.
   */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Replica(
      boolean inUse,
      Double lagSeconds,
      String target,
      String problem,
      Long readsOnReplica,
      Long readsOnPrimary) {
    static Replica of(ReplicaStatus status, boolean admin) {
      return admin
          ? new Replica(
              status.inUse(),
              status.lagSeconds(),
              status.target(),
              status.problem(),
              status.readsOnReplica(),
              status.readsOnPrimary())
          : new Replica(status.inUse(), status.lagSeconds(), null, null, null, null);
    }
  }

  /** A store as callers other than admins see it: nothing about where it is. */
  record PublicStatus(String role, boolean up, double latencyMs) {
    static PublicStatus of(StoreStatus status) {
      return new PublicStatus(status.role(), status.up(), status.latencyMs());
    }
  }

  /** The spool in the answer; {@code problem} (why deliveries fail) for admins only. */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Spool(
      boolean accepting,
      boolean delivering,
      long bytes,
      long readings,
      double oldestAgeSeconds,
      long maxBytes,
      String problem) {
    static Spool of(SpoolStatus status, boolean admin) {
      return new Spool(
          status.accepting(),
          status.problem() == null,
          status.bytes(),
          status.readings(),
          status.oldestAgeSeconds(),
          status.maxBytes(),
          admin ? status.problem() : null);
    }
  }

  void live(Context ctx) {
    ctx.json(java.util.Map.of("status", "up"));
  }

  void ready(Context ctx) {
    // Each check gives up after 2 s, so a probe waits at most 2 s per configured store.
    List<StoreStatus> stores = checks.stream().map(StoreCheck::check).toList();
    boolean up = stores.stream().allMatch(StoreStatus::up);
    Optional<SpoolStatus> spooled = spool.get();
    boolean degraded =
        !up
            && spooled.map(SpoolStatus::accepting).orElse(false)
            && stores.stream().allMatch(s -> s.up() || s.role().equals(Store.TIMESERIES.label()));
    boolean admin = Access.ADMIN.allows(Requests.principal(ctx));
    ctx.status(up || degraded ? 200 : 503)
        .json(
            new Readiness(
                up ? "up" : degraded ? "degraded" : "down",
                admin ? stores : stores.stream().map(PublicStatus::of).toList(),
                spooled.map(s -> Spool.of(s, admin)).orElse(null),
                replica.get().map(r -> Replica.of(r, admin)).orElse(null)));
  }
}
