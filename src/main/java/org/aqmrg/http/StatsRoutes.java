package org.aqmrg.http;

import io.javalin.http.Context;
import org.aqmrg.ops.StatsCollector;

/**
 * {@code GET /api/v1/admin/stats}: the seed's Monitoring section in one answer, as {@code ./aqmrg
 * stats --json} prints it. A store that cannot be read is reported in its part, so the answer is
 * 200 as long as the platform can answer at all.
 */
final class StatsRoutes {
  private final StatsCollector stats;

  StatsRoutes(StatsCollector stats) {
    this.stats = stats;
  }

  void get(Context ctx) {
    ctx.header("Cache-Control", "no-store").json(stats.collect());
  }
}
