package org.aqmrg.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.aqmrg.db.SqlParameters;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;

/**
 * The {@code sensors} table: list, read, create, change and retire sensors. Sensors are never
 * deleted: a retired one keeps its id and history. Each change tells the {@link RegistryListener}
 * once it is committed. Bad input is a 400 naming the field; an unknown id a 404; a taken id a 409.
 */
public final class Sensors {
  private static final String COLUMNS =
      "s.id, s.name, s.manufacturer, s.location_id, s.status, s.metadata::text AS metadata,"
          + " s.created_at, s.updated_at";

  private final DataSource dataSource;
  private final ObjectMapper json;
  private final RegistryListener listener;

  public Sensors(DataSource dataSource, ObjectMapper json, RegistryListener listener) {
    this.dataSource = dataSource;
    this.json = json;
    this.listener = listener;
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
        new StringBuilder(
            "SELECT " + COLUMNS + " FROM sensors s LEFT JOIN locations l ON l.id = s.location_id");
    var values = new ArrayList<Object>();
    if (query.statuses().isEmpty()) {
      sql.append(" WHERE s.status <> 'retired'");
    } else {
      sql.append(" WHERE s.status = ANY (?)");
      values.add(query.statuses().stream().map(SensorStatus::value).toArray(String[]::new));
    }
    if (query.manufacturer() != null) {
      sql.append(" AND lower(s.manufacturer) = lower(?)");
      values.add(query.manufacturer());
    }
    if (query.locationId() != null) {
      sql.append(" AND s.location_id = ?");
      values.add(query.locationId());
    }
    Locations.where(sql, values, "l", query.city(), query.country(), query.bbox());
    sql.append(" ORDER BY s.id LIMIT ? OFFSET ?");
    values.add(limit);
    values.add(offset);
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql.toString())) {
      SqlParameters.bind(select, values);
      var sensors = new ArrayList<Sensor>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          sensors.add(sensor(rows));
        }
      }
      return sensors;
    } catch (SQLException e) {
      throw new IllegalStateException("listing sensors failed", e);
    }
  }

  /** The sensor with this id, whatever its status. */
  public Optional<Sensor> find(String id) {
    try (var connection = dataSource.getConnection()) {
      return find(connection, id, false);
    } catch (SQLException e) {
      throw new IllegalStateException("reading sensor " + id + " failed", e);
    }
  }

  /** The ids of the sensors at a location that are not retired, ordered. */
  public List<String> idsAt(UUID locationId) {
    String sql = "SELECT id FROM sensors WHERE location_id = ? AND status <> 'retired' ORDER BY id";
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setObject(1, locationId);
      var ids = new ArrayList<String>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "reading the sensors of location " + locationId + " failed", e);
    }
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
    try (var connection = dataSource.getConnection();
        var insert = connection.prepareStatement(sql)) {
      insert.setString(1, sensor.id());
      bindFields(insert, sensor, 2);
      try (var rows = insert.executeQuery()) {
        if (!rows.next()) {
          throw ConflictException.on("id", "a sensor with id '" + id + "' exists");
        }
        Sensor created = sensor(rows);
        listener.sensorChanged(id);
        return created;
      }
    } catch (SQLException e) {
      throw failure(e, "creating sensor " + id + " failed");
    }
  }

  /**
   * Changes a sensor in one transaction: {@code edit} gets the stored row (locked) and returns the
   * wanted one, whose id is kept. 404 when there is no such sensor, 400 for a bad field.
   */
  public Changed<Sensor> change(String id, UnaryOperator<Sensor> edit) {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Sensor before =
            find(connection, id, true).orElseThrow(() -> NotFoundException.of("sensor", id));
        Sensor wanted = edit.apply(before).checked();
        String sql =
            "UPDATE sensors AS s SET name = ?, manufacturer = ?, location_id = ?, status = ?,"
                + " metadata = ?::jsonb WHERE id = ? RETURNING "
                + COLUMNS;
        Sensor after;
        try (var update = connection.prepareStatement(sql)) {
          int next = bindFields(update, wanted, 1);
          update.setString(next, id);
          try (var rows = update.executeQuery()) {
            rows.next();
            after = sensor(rows);
          }
        }
        connection.commit();
        listener.sensorChanged(id);
        return new Changed<>(before, after);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e, "changing sensor " + id + " failed");
    }
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

  /** Binds name, manufacturer, location, status and metadata from {@code first}; the next index. */
  private int bindFields(java.sql.PreparedStatement statement, Sensor sensor, int first)
      throws SQLException {
    statement.setString(first, sensor.name());
    statement.setString(first + 1, sensor.manufacturer());
    statement.setObject(first + 2, sensor.locationId());
    statement.setString(first + 3, sensor.status().value());
    statement.setString(first + 4, Rows.text(json, sensor.metadata()));
    return first + 5;
  }

  private static RuntimeException failure(SQLException e, String what) {
    if ("23503".equals(e.getSQLState())) {
      return InvalidInputException.field(
          "location_id", "no location with this id; create it first");
    }
    return new IllegalStateException(what, e);
  }

  private Optional<Sensor> find(Connection connection, String id, boolean lock)
      throws SQLException {
    String sql =
        "SELECT " + COLUMNS + " FROM sensors s WHERE s.id = ?" + (lock ? " FOR UPDATE" : "");
    try (var select = connection.prepareStatement(sql)) {
      select.setString(1, id);
      try (var rows = select.executeQuery()) {
        return rows.next() ? Optional.of(sensor(rows)) : Optional.empty();
      }
    }
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
