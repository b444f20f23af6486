package org.aqmrg.predictions;

import java.util.HashMap;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.BeforeAll;

/** The round trip on InfluxDB (the predictions bucket, and the table) with the cache in Redis. */
class InfluxPredictionsIT extends PredictionsRoundTrip {
  @BeforeAll
  static void startPlatform() {
    var env = new HashMap<String, String>();
    env.put("AQMRG_TIMESERIES", "influxdb");
    env.put("INFLUXDB_URL", TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
    env.put("INFLUXDB_DATABASE", "aqmrg_pred_" + Long.toHexString(System.nanoTime()));
    start(ApiServer.start("redis", env));
  }
}
