package org.aqmrg.predictions;

import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.BeforeAll;

/** The round trip with forecasts in PostgreSQL's predictions table and the cache in memory. */
class PostgresPredictionsIT extends PredictionsRoundTrip {
  @BeforeAll
  static void startPlatform() {
    start(ApiServer.start("memory", Map.of()));
  }
}
