package org.aqmrg.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.aqmrg.db.Database;
import org.aqmrg.db.QueryText;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;
import org.jdbi.v3.core.Handle;

/**
 * The {@code sensors} table: list, read, create, change and retire sensors. Sensors are never
 * deleted: a retired one keeps its id and history. Each change tells the {@link RegistryListener}
 * once it is committed. Bad input is a 400 naming the field; an unknown id a 404; a taken id a 409.
 */
public final class Sensors {
  private static final String COLUMNS =
      "s.id, s.name, s.manufacturer, s.location_id, s.status, s.metadata::text AS metadata,"
          + " s.created_at, s.updated_at";

  /** A location id that names no location: the foreign key refuses it. */
  private static final Map<String, Supplier<? extends RuntimeException>> NO_LOCATION =
      Map.of(
          "23503",
          () ->
              InvalidInputException.field(
                  "location_id", "no location with this id; create it first"));

  private final Database database;
  private final Database reads;
  private final ObjectMapper json;
  private final RegistryListener listener;

  /**
   * @param reads for the lists and lookups of the API, which the replica may serve ({@link
   *     org.aqmrg.db.RelationalDatabase#reads()}); changes are made on {@code database}
   */
  public Sensors(Database database, Database reads, ObjectMapper json, RegistryListener listener) {
    this.database = database;
    this.reads = reads;
    this.json = json;
    this.listener = listener;
  }

  public Sensors(Database database, ObjectMapper json, RegistryListener listener) {
    this(database, database, json, listener);
  }

  /**
   * Filters of {@link #list}; a null filter matches everything. {@code city} and {@code
   * manufacturer} match without regard to case; {@code city}, {@code country} and {@code bbox} are
   * those of the sensor's location, so they leave out sensors without one.
   *
   * @param statuses the statuses to list; empty lists every status but {@code retired}
   */
  public record Query(
      String city,
      String country,
      Set<SensorStatus> statuses,
      String manufacturer,
      UUID locationId,
      BoundingBox bbox) {}

  /** Sensors matching the query, ordered by id, one page at a time. */
  public List<Sensor> list(Query query, int limit, int offset) {
    var sql =
        new QueryText(
            "SELECT " + COLUMNS + " FROM sensors s LEFT JOIN locations l ON l.id = s.location_id");
    if (query.statuses().isEmpty()) {
      sql.append(" WHERE s.status <> 'retired'");
    } else {
      sql.append(
          " WHERE s.status = ANY (?)",
          (Object) query.statuses().stream().map(SensorStatus::value).toArray(String[]::new));
    }
    sql.andIf("lower(s.manufacturer) = lower(?)", query.manufacturer())
        .andIf("s.location_id = ?", query.locationId());
    Locations.where(sql, "l", query.city(), query.country(), query.bbox());
    sql.append(" ORDER BY s.id LIMIT ? OFFSET ?", limit, offset);
    return reads.withHandle(
        "listing sensors", handle -> sql.on(handle).map((rows, ctx) -> sensor(rows)).list());
  }

  /** The sensor with this id, whatever its status. */
  public Optional<Sensor> find(String id) {
    return reads.withHandle("reading sensor " + id, handle -> find(handle, id, false));
  }

  /** The ids of the sensors at a location that are not retired, ordered. */
  public List<String> idsAt(UUID locationId) {
    String sql = "SELECT id FROM sensors WHERE location_id = ? AND status <> 'retired' ORDER BY id";
    return reads.withHandle(
        "reading the sensors of location " + locationId,
        handle -> handle.createQuery(sql).bind(0, locationId).mapTo(String.class).list());
  }

  /**
   * Registers a sensor; {@code draft}'s times are ignored. 400 for a bad field or a location that
   * does not exist, 409 when the id is taken (by a sensor of any status).
   */
  public Sensor create(Sensor draft) {
    String id = Sensor.newId(draft.id());
    Sensor sensor =
        new Sensor(
                id,
                draft.name(),
                draft.manufacturer(),
                draft.locationId(),
                draft.status() == null ? SensorStatus.ACTIVE : draft.status(),
                draft.metadata(),
                null,
                null)
            .checked();
    String sql =
        "INSERT INTO sensors AS s (id, name, manufacturer, location_id, status, metadata)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (id) DO NOTHING RETURNING "
            + COLUMNS;
    Sensor created =
        database
            .withHandle(
                "creating sensor " + id,
                NO_LOCATION,
                handle ->
                    bindFields(handle.createQuery(sql).bind(0, sensor.id()), sensor, 1)
                        .map((rows, ctx) -> sensor(rows))
                        .findOne())
            .orElseThrow(() -> ConflictException.on("id", "a sensor with id '" + id + "' exists"));
    listener.sensorChanged(id);
    return created;
  }

  /**
   * Changes a sensor in one transaction: {@code edit} gets the stored row (locked) and returns the
   * wanted one, whose id is kept. 404 when there is no such sensor, 400 for a bad field.
   */
  public Changed<Sensor> change(String id, UnaryOperator<Sensor> edit) {
    String sql =
        "UPDATE sensors AS s SET name = ?, manufacturer = ?, location_id = ?, status = ?,"
            + " metadata = ?::jsonb WHERE id = ? RETURNING "
            + COLUMNS;
    Changed<Sensor> changed =
        database.inTransaction(
            "changing sensor " + id,
            NO_LOCATION,
            handle -> {
              Sensor before =
                  find(handle, id, true).orElseThrow(() -> NotFoundException.of("sensor", id));
              Sensor wanted = edit.apply(before).checked();
              Sensor after =
                  bindFields(handle.createQuery(sql), wanted, 0)
                      .bind(5, id)
                      .map((rows, ctx) -> sensor(rows))
                      .one();
              return new Changed<>(before, after);
            });
    listener.sensorChanged(id);
    return changed;
  }

  /** Retires a sensor (idempotent): ingest refuses it from now on, its history stays. */
  public Changed<Sensor> retire(String id) {
    return change(
        id,
        s ->
            new Sensor(
                s.id(),
                s.name(),
                s.manufacturer(),
                s.locationId(),
                SensorStatus.RETIRED,
                s.metadata(),
                s.createdAt(),
                s.updatedAt()));
  }

  /** Binds name, manufacturer, location, status and metadata from position {@code first}. */
  private org.jdbi.v3.core.statement.Query bindFields(
      org.jdbi.v3.core.statement.Query statement, Sensor sensor, int first) {
    return statement
        .bind(first, sensor.name())
        .bind(first + 1, sensor.manufacturer())
        .bindByType(first + 2, sensor.locationId(), UUID.class)
        .bind(first + 3, sensor.status().value())
        .bind(first + 4, Rows.text(json, sensor.metadata()));
  }

  private Optional<Sensor> find(Handle handle, String id, boolean lock) {
    String sql =
        "SELECT " + COLUMNS + " FROM sensors s WHERE s.id = ?" + (lock ? " FOR UPDATE" : "");
    return handle.createQuery(sql).bind(0, id).map((rows, ctx) -> sensor(rows)).findOne();
  }

  private Sensor sensor(ResultSet rows) throws SQLException {
    return new Sensor(
        rows.getString("id"),
        rows.getString("name"),
        rows.getString("manufacturer"),
        rows.getObject("location_id", UUID.class),
        SensorStatus.parse(rows.getString("status")).orElseThrow(),
        Rows.object(json, rows, "metadata"),
        Rows.utc(rows, "created_at"),
        Rows.utc(rows, "updated_at"));
  }
}
