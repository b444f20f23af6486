package org.aqmrg.registry;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The registry's answers for the other features, from the {@code sensors} and {@code locations}
 * tables: which sensors a history request covers (a registered sensor of any status, a retired one
 * staying readable, or the sensors a location holds now), and what ingest needs to know of each
 * sensor. Indexed, parameterised queries; nothing is cached here, so a change shows at once.
 */
public final class RegistryLookup {
  private final Database database;

  public RegistryLookup(Database database) {
    this.database = database;
  }

  /** What ingest needs of a registered sensor; {@code location} is its location's name, if any. */
  public record Registered(String id, String status, String location, String manufacturer) {}

  /** True when the registry knows a sensor with this id. */
  public boolean sensorExists(String sensorId) {
    return database.withHandle(
        "looking up sensor " + sensorId,
        handle ->
            handle
                .createQuery("SELECT 1 FROM sensors WHERE id = ?")
                .bind(0, sensorId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
  }

  /**
   * The ids of the sensors at a location, in id order (possibly none), or empty when there is no
   * such location.
   */
  public Optional<List<String>> sensorsAt(UUID locationId) {
    String sql =
        "SELECT s.id FROM locations l LEFT JOIN sensors s ON s.location_id = l.id"
            + " WHERE l.id = ? ORDER BY s.id COLLATE \"C\"";
    List<Optional<String>> rows =
        database.withHandle(
            "looking up the sensors of location " + locationId,
            handle ->
                handle
                    .createQuery(sql)
                    .bind(0, locationId)
                    .map((row, ctx) -> Optional.ofNullable(row.getString(1)))
                    .list());
    return rows.isEmpty()
        ? Optional.empty()
        : Optional.of(rows.stream().flatMap(Optional::stream).toList());
  }

  /** Those of {@code ids} that are locations of the registry. */
  public Set<UUID> existingLocations(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    String[] asked = ids.stream().map(UUID::toString).distinct().toArray(String[]::new);
    List<UUID> found =
        database.withHandle(
            "looking up " + asked.length + " location(s)",
            handle ->
                handle
                    .createQuery("SELECT id FROM locations WHERE id = ANY(?::uuid[])")
                    .bind(0, asked)
                    .map((row, ctx) -> row.getObject(1, UUID.class))
                    .list());
    return Set.copyOf(found);
  }

  /** A location's zone ({@code timezone}); empty when there is no such location. */
  public Optional<ZoneId> locationZone(UUID locationId) {
    String sql = "SELECT timezone FROM locations WHERE id = ?";
    return database
        .withHandle(
            "looking up location " + locationId,
            handle -> handle.createQuery(sql).bind(0, locationId).mapTo(String.class).findOne())
        .map(RegistryLookup::zone);
  }

  /** The registered sensors among {@code ids}, with their status, location and manufacturer. */
  public List<Registered> registered(Collection<String> ids) {
    return perSensor(
        "reading the sensor registry",
        "s.id, s.status, l.name, s.manufacturer",
        ids,
        (row, ctx) ->
            new Registered(row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
  }

  /**
   * The {@code columns} of the sensors among {@code ids} ({@code s}) and their locations ({@code
   * l}), one row per sensor found.
   */
  private <T> List<T> perSensor(
      String what, String columns, Collection<String> ids, RowMapper<T> mapper) {
    String sql =
        "SELECT "
            + columns
            + " FROM sensors s LEFT JOIN locations l ON l.id = s.location_id WHERE s.id = ANY (?)";
    String[] wanted = ids.toArray(String[]::new);
    return database.withHandle(
        what, handle -> handle.createQuery(sql).bind(0, wanted).map(mapper).list());
  }

  /**
   * What the rollups need of a sensor: its reporting interval from the metadata key {@code
   * reporting_interval_s} (seconds, a positive number), if set, and its location's time zone (UTC
   * for a sensor without a location).
   */
  public record SensorFacts(String id, Optional<Duration> reportingInterval, ZoneId zone) {
    /** The zone of a sensor without a location: the IANA zone {@code UTC}. */
    public static final ZoneId UTC = ZoneId.of("UTC");

    /** The facts of a sensor the registry does not know: no interval, UTC. */
    public static SensorFacts unknown(String id) {
      return new SensorFacts(id, Optional.empty(), UTC);
    }
  }

  /** The facts of the registered sensors among {@code ids}, by id. */
  public Map<String, SensorFacts> facts(Collection<String> ids) {
    List<SensorFacts> rows =
        perSensor(
            "reading the sensors' reporting intervals and zones",
            "s.id, s.metadata ->> 'reporting_interval_s', l.timezone",
            ids,
            (row, ctx) ->
                new SensorFacts(
                    row.getString(1), interval(row.getString(2)), zone(row.getString(3))));
    var facts = new HashMap<String, SensorFacts>();
    rows.forEach(f -> facts.put(f.id(), f));
    return facts;
  }

  /** Every registered sensor's id, in id order. */
  public List<String> sensorIds() {
    return database.withHandle(
        "listing the sensor ids",
        handle ->
            handle
                .createQuery("SELECT id FROM sensors ORDER BY id COLLATE \"C\"")
                .mapTo(String.class)
                .list());
  }

  /** A positive number of seconds, else none: a malformed value is no interval. */
  private static Optional<Duration> interval(String seconds) {
    try {
      double value = seconds == null ? Double.NaN : Double.parseDouble(seconds);
      return value > 0 && value < 1e9
          ? Optional.of(Duration.ofNanos(Math.round(value * 1e9)))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static ZoneId zone(String name) {
    try {
      return name == null ? SensorFacts.UTC : ZoneId.of(name);
    } catch (DateTimeException e) {
      return SensorFacts.UTC; // the registry API checks zones; a bad one from SQL counts as UTC
    }
  }

  /**
   * Registers an unknown sensor as {@code pending} (unless it exists meanwhile), for networks that
   * let new sensors announce themselves; an admin reviews and activates it.
   */
  public void registerPending(String id, String manufacturer) {
    String sql =
        "INSERT INTO sensors (id, name, manufacturer, status, metadata) VALUES (?, ?, ?, 'pending',"
            + " '{\"registered_by\": \"ingest\"}'::jsonb) ON CONFLICT (id) DO NOTHING";
    database.useHandle(
        "registering sensor " + id,
        handle -> handle.createUpdate(sql).bind(0, id).bind(1, id).bind(2, manufacturer).execute());
  }
}
