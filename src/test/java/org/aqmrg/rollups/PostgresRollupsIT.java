package org.aqmrg.rollups;

import java.util.Map;
import org.aqmrg.testing.TestServers;

/** The rollups contract with the time series on PostgreSQL. */
class PostgresRollupsIT extends RollupsContract {
  @Override
  Map<String, String> env(String database) {
    return TestServers.platformEnv(database);
  }
}
