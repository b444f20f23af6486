package org.aqmrg.rollups;

import java.util.HashMap;
import java.util.Map;
import org.aqmrg.testing.TestServers;

/** The rollups contract with the time series on the test InfluxDB. */
class InfluxRollupsIT extends RollupsContract {
  @Override
  Map<String, String> env(String database) {
    var env = new HashMap<>(TestServers.platformEnv(database));
    env.put("INFLUXDB_URL", TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
    env.put("INFLUXDB_DATABASE", database);
    return env;
  }
}
