package org.aqmrg.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Backups.
 *
 * @param directory where {@code ./aqmrg backup} without a folder and the scheduled backups write
 *     ({@code AQMRG_BACKUP_DIR}, default {@code backups/} in the data folder)
 * @param schedule when {@code serve} backs up by itself ({@code AQMRG_BACKUP_SCHEDULE}, five-field
 *     cron in UTC such as {@code 0 2 * * *}); empty: never
 * @param keep how many complete backups the schedule keeps in {@code directory}, the oldest deleted
 *     first ({@code AQMRG_BACKUP_KEEP})
 * @param influxAddress InfluxDB's backup and restore service, {@code host:port} ({@code
 *     AQMRG_INFLUXDB_BACKUP_ADDRESS}, default the host of {@code INFLUXDB_URL} on port 8088)
 */
public record BackupSettings(
    Path directory, Optional<Cron> schedule, int keep, Optional<String> influxAddress) {

  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  static BackupSettings read(Settings.Reader reader, Path dataDir, Optional<String> influxUrl) {
    var directory =
        reader.optional("AQMRG_BACKUP_DIR").map(Path::of).orElse(dataDir.resolve("backups"));
    var schedule = reader.optional("AQMRG_BACKUP_SCHEDULE").flatMap(text -> cron(reader, text));
    int keep = reader.integer("AQMRG_BACKUP_KEEP", 7, 1, 10_000);
    var address =
        reader
            .optional("AQMRG_INFLUXDB_BACKUP_ADDRESS")
            .or(() -> influxUrl.map(url -> URI.create(url).getHost() + ":8088"));
    address
        .filter(value -> !value.matches("[^\\s:/]+:\\d{1,5}"))
        .ifPresent(
            value ->
                reader.problem(
                    "AQMRG_INFLUXDB_BACKUP_ADDRESS must be host:port (InfluxDB's"
                        + " bind-address, by default port 8088), got '"
                        + value
                        + "'"));
    return new BackupSettings(directory, schedule, keep, address);
  }

  private static Optional<Cron> cron(Settings.Reader reader, String text) {
    try {
      return Optional.of(CRON.parse(text).validate());
    } catch (IllegalArgumentException e) {
      reader.problem(
          "AQMRG_BACKUP_SCHEDULE must be a cron expression of five fields (minute hour"
              + " day-of-month month day-of-week, in UTC), e.g. '0 2 * * *' for 02:00 every"
              + " day; got '"
              + text
              + "': "
              + e.getMessage());
      return Optional.empty();
    }
  }
}
