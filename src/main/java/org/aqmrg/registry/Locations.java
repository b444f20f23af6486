package org.aqmrg.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.aqmrg.db.Database;
import org.aqmrg.db.QueryText;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.NotFoundException;
import org.jdbi.v3.core.Handle;

/**
 * The {@code locations} table: list, read, create, change and delete monitoring sites. Bad input is
 * a 400 naming the field, an unknown id a 404, and a second site of the same name, city and country
 * a 409. A location that sensors, alerts or predictions refer to is not deleted (409). Each change
 * tells the {@link RegistryListener} once it is committed.
 */
public final class Locations {
  private static final String COLUMNS =
      "id, name, city, country, latitude, longitude, timezone, metadata::text AS metadata,"
          + " created_at, updated_at";

  private static final String UNIQUE = "23505";
  private static final String FOREIGN_KEY = "23503";

  private final Database database;
  private final Database reads;
  private final ObjectMapper json;
  private final RegistryListener listener;

  /**
   * @param reads for the lists and lookups of the API, which the replica may serve ({@link
   *     org.aqmrg.db.RelationalDatabase#reads()}); changes are made on {@code database}
   */
  public Locations(
      Database database, Database reads, ObjectMapper json, RegistryListener listener) {
    this.database = database;
    this.reads = reads;
    this.json = json;
    this.listener = listener;
  }

  public Locations(Database database, ObjectMapper json, RegistryListener listener) {
    this(database, database, json, listener);
  }

  /**
   * Filters of {@link #list}; a null filter matches everything. {@code city} matches without regard
   * to case, {@code country} is an upper-case ISO code.
   */
  public record Query(String city, String country, BoundingBox bbox) {}

  /** Locations matching the query, ordered by country, city and name, one page at a time. */
  public List<Location> list(Query query, int limit, int offset) {
    var sql = new QueryText("SELECT " + COLUMNS + " FROM locations l WHERE true");
    where(sql, "l", query.city(), query.country(), query.bbox());
    sql.append(" ORDER BY country, city, name, id LIMIT ? OFFSET ?", limit, offset);
    return reads.withHandle(
        "listing locations", handle -> sql.on(handle).map((rows, ctx) -> location(rows)).list());
  }

  /** Appends the location filters on the table aliased {@code alias}, each value bound. */
  static void where(QueryText sql, String alias, String city, String country, BoundingBox bbox) {
    sql.andIf("lower(" + alias + ".city) = lower(?)", city).andIf(alias + ".country = ?", country);
    if (bbox != null) {
      sql.append(
          " AND " + alias + ".longitude BETWEEN ? AND ? AND " + alias + ".latitude BETWEEN ? AND ?",
          bbox.minLon(),
          bbox.maxLon(),
          bbox.minLat(),
          bbox.maxLat());
    }
  }

  public Optional<Location> find(UUID id) {
    return reads.withHandle("reading location " + id, handle -> find(handle, id, false));
  }

  /** Creates a location with a new id; {@code draft}'s id and times are ignored. */
  public Location create(Location draft) {
    Location location = draft.checked();
    String sql =
        "INSERT INTO locations (name, city, country, latitude, longitude, timezone, metadata)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING "
            + COLUMNS;
    return database.withHandle(
        "creating a location",
        taken(location),
        handle ->
            bindFields(handle.createQuery(sql), location).map((rows, ctx) -> location(rows)).one());
  }

  /**
   * Changes a location in one transaction: {@code edit} gets the stored row (locked) and returns
   * the wanted one, whose id is kept. 404 when there is no such location, 400 for a bad field, 409
   * when the new name, city and country are another location's.
   */
  public Changed<Location> change(UUID id, UnaryOperator<Location> edit) {
    String sql =
        "UPDATE locations SET name = ?, city = ?, country = ?, latitude = ?, longitude = ?,"
            + " timezone = ?, metadata = ?::jsonb WHERE id = ? RETURNING "
            + COLUMNS;
    var wanted = new AtomicReference<Location>();
    Changed<Location> changed =
        database.inTransaction(
            "changing location " + id,
            Map.of(UNIQUE, () -> taken(wanted.get()).get(UNIQUE).get()),
            handle -> {
              Location before =
                  find(handle, id, true)
                      .orElseThrow(() -> NotFoundException.of("location", id.toString()));
              wanted.set(edit.apply(before).checked());
              Location after =
                  bindFields(handle.createQuery(sql), wanted.get())
                      .bind(7, id)
                      .map((rows, ctx) -> location(rows))
                      .one();
              return new Changed<>(before, after);
            });
    listener.locationChanged(id);
    return changed;
  }

  /**
   * Deletes a location that nothing refers to. 404 when there is none; 409 while sensors (of any
   * status, retired ones included: they keep their place for their history), alerts or predictions
   * refer to it.
   */
  public Location delete(UUID id) {
    Supplier<RuntimeException> referred =
        () ->
            ConflictException.on(
                "id",
                "location "
                    + id
                    + " is still referred to by sensors, alerts or predictions; move or delete"
                    + " those first");
    Location deleted =
        database.withHandle(
            "deleting location " + id,
            Map.of(FOREIGN_KEY, referred),
            handle -> {
              int sensors =
                  handle
                      .createQuery("SELECT count(*) FROM sensors WHERE location_id = ?")
                      .bind(0, id)
                      .mapTo(Integer.class)
                      .one();
              if (sensors > 0) {
                throw new ConflictException(
                    "location "
                        + id
                        + " still has "
                        + sensors
                        + " sensor(s), retired ones included; move them to another location"
                        + " (PATCH /api/v1/sensors/{id} with location_id) before deleting it",
                    Map.of("field", "id", "sensors", sensors));
              }
              return handle
                  .createQuery("DELETE FROM locations WHERE id = ? RETURNING " + COLUMNS)
                  .bind(0, id)
                  .map((rows, ctx) -> location(rows))
                  .findOne()
                  .orElseThrow(() -> NotFoundException.of("location", id.toString()));
            });
    listener.locationChanged(id);
    return deleted;
  }

  private org.jdbi.v3.core.statement.Query bindFields(
      org.jdbi.v3.core.statement.Query statement, Location location) {
    return statement
        .bind(0, location.name())
        .bind(1, location.city())
        .bind(2, location.country())
        .bind(3, location.latitude())
        .bind(4, location.longitude())
        .bind(5, location.timezone())
        .bind(6, Rows.text(json, location.metadata()));
  }

  /** A second site of the same name, city and country: the unique key refuses it. */
  private static Map<String, Supplier<? extends RuntimeException>> taken(Location location) {
    return Map.of(
        UNIQUE,
        () ->
            ConflictException.on(
                "name",
                "a location named '%s' in %s, %s exists"
                    .formatted(location.name(), location.city(), location.country())));
  }

  private Optional<Location> find(Handle handle, UUID id, boolean lock) {
    String sql = "SELECT " + COLUMNS + " FROM locations WHERE id = ?" + (lock ? " FOR UPDATE" : "");
    return handle.createQuery(sql).bind(0, id).map((rows, ctx) -> location(rows)).findOne();
  }

  private Location location(ResultSet rows) throws SQLException {
    return new Location(
        rows.getObject("id", UUID.class),
        rows.getString("name"),
        rows.getString("city"),
        rows.getString("country").strip(),
        rows.getDouble("latitude"),
        rows.getDouble("longitude"),
        rows.getString("timezone"),
        Rows.object(json, rows, "metadata"),
        Rows.utc(rows, "created_at"),
        Rows.utc(rows, "updated_at"));
  }
}
