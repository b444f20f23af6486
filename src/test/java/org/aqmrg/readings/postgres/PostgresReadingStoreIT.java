package org.aqmrg.readings.postgres;

import org.aqmrg.db.Migrations;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.ReadingStoreContract;
import org.aqmrg.testing.TestServers;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresReadingStoreIT extends ReadingStoreContract {
  private static String database;

  @Override
  protected ReadingStore newStore() {
    if (database == null) {
      database = TestServers.createDatabase("readings");
    }
    var dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {TestServers.pgHost()});
    dataSource.setPortNumbers(new int[] {TestServers.pgPort()});
    dataSource.setDatabaseName(database);
    dataSource.setUser(TestServers.pgUser());
    dataSource.setPassword(TestServers.pgPassword());
    new Migrations(dataSource).migrate();
    return new PostgresReadingStore(dataSource, "PostgreSQL test database " + database);
  }
}
