package org.aqmrg.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.aqmrg.db.SqlParameters;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.NotFoundException;

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

  private final DataSource dataSource;
  private final ObjectMapper json;
  private final RegistryListener listener;

  public Locations(DataSource dataSource, ObjectMapper json, RegistryListener listener) {
    this.dataSource = dataSource;
    this.json = json;
    this.listener = listener;
  }

  /**
   * Filters of {@link #list}; a null filter matches everything. {@code city} matches without regard
   * to case, {@code country} is an upper-case ISO code.
   */
  public record Query(String city, String country, BoundingBox bbox) {}

  /** Locations matching the query, ordered by country, city and name, one page at a time. */
  public List<Location> list(Query query, int limit, int offset) {
    var sql = new StringBuilder("SELECT " + COLUMNS + " FROM locations l WHERE true");
    var values = new ArrayList<Object>();
    where(sql, values, "l", query.city(), query.country(), query.bbox());
    sql.append(" ORDER BY country, city, name, id LIMIT ? OFFSET ?");
    values.add(limit);
    values.add(offset);
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql.toString())) {
      SqlParameters.bind(select, values);
      var locations = new ArrayList<Location>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          locations.add(location(rows));
        }
      }
      return locations;
    } catch (SQLException e) {
      throw new IllegalStateException("listing locations failed", e);
    }
  }

  /** Appends the location filters on the table aliased {@code alias}, each value bound. */
  static void where(
      StringBuilder sql,
      List<Object> values,
      String alias,
      String city,
      String country,
      BoundingBox bbox) {
    if (city != null) {
      sql.append(" AND lower(").append(alias).append(".city) = lower(?)");
      values.add(city);
    }
    if (country != null) {
      sql.append(" AND ").append(alias).append(".country = ?");
      values.add(country);
    }
    if (bbox != null) {
      sql.append(" AND ").append(alias).append(".longitude BETWEEN ? AND ?");
      sql.append(" AND ").append(alias).append(".latitude BETWEEN ? AND ?");
      values.addAll(List.of(bbox.minLon(), bbox.maxLon(), bbox.minLat(), bbox.maxLat()));
    }
  }

  public Optional<Location> find(UUID id) {
    try (var connection = dataSource.getConnection()) {
      return find(connection, id, false);
    } catch (SQLException e) {
      throw new IllegalStateException("reading location " + id + " failed", e);
    }
  }

  /** Creates a location with a new id; {@code draft}'s id and times are ignored. */
  public Location create(Location draft) {
    Location location = draft.checked();
    String sql =
        "INSERT INTO locations (name, city, country, latitude, longitude, timezone, metadata)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING "
            + COLUMNS;
    try (var connection = dataSource.getConnection();
        var insert = connection.prepareStatement(sql)) {
      bindFields(insert, location);
      try (var rows = insert.executeQuery()) {
        rows.next();
        return location(rows);
      }
    } catch (SQLException e) {
      throw failure(e, location, "creating a location failed");
    }
  }

  /**
   * Changes a location in one transaction: {@code edit} gets the stored row (locked) and returns
   * the wanted one, whose id is kept. 404 when there is no such location, 400 for a bad field, 409
   * when the new name, city and country are another location's.
   */
  public Changed<Location> change(UUID id, UnaryOperator<Location> edit) {
    Location wanted = null;
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Location before =
            find(connection, id, true)
                .orElseThrow(() -> NotFoundException.of("location", id.toString()));
        wanted = edit.apply(before).checked();
        String sql =
            "UPDATE locations SET name = ?, city = ?, country = ?, latitude = ?, longitude = ?,"
                + " timezone = ?, metadata = ?::jsonb WHERE id = ? RETURNING "
                + COLUMNS;
        Location after;
        try (var update = connection.prepareStatement(sql)) {
          bindFields(update, wanted);
          update.setObject(8, id);
          try (var rows = update.executeQuery()) {
            rows.next();
            after = location(rows);
          }
        }
        connection.commit();
        listener.locationChanged(id);
        return new Changed<>(before, after);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e, wanted, "changing location " + id + " failed");
    }
  }

  /**
   * Deletes a location that nothing refers to. 404 when there is none; 409 while sensors (of any
   * status, retired ones included: they keep their place for their history), alerts or predictions
   * refer to it.
   */
  public Location delete(UUID id) {
    try (var connection = dataSource.getConnection()) {
      int sensors = count(connection, "SELECT count(*) FROM sensors WHERE location_id = ?", id);
      if (sensors > 0) {
        throw new ConflictException(
            "location "
                + id
                + " still has "
                + sensors
                + " sensor(s), retired ones included; move them to another location (PATCH"
                + " /api/v1/sensors/{id} with location_id) before deleting it",
            Map.of("field", "id", "sensors", sensors));
      }
      try (var delete =
          connection.prepareStatement("DELETE FROM locations WHERE id = ? RETURNING " + COLUMNS)) {
        delete.setObject(1, id);
        try (var rows = delete.executeQuery()) {
          if (!rows.next()) {
            throw NotFoundException.of("location", id.toString());
          }
          Location deleted = location(rows);
          listener.locationChanged(id);
          return deleted;
        }
      }
    } catch (SQLException e) {
      if ("23503".equals(e.getSQLState())) {
        throw ConflictException.on(
            "id",
            "location "
                + id
                + " is still referred to by sensors, alerts or predictions; move or delete those"
                + " first");
      }
      throw new IllegalStateException("deleting location " + id + " failed", e);
    }
  }

  private static int count(Connection connection, String sql, UUID id) throws SQLException {
    try (var select = connection.prepareStatement(sql)) {
      select.setObject(1, id);
      try (var rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private void bindFields(PreparedStatement statement, Location location) throws SQLException {
    statement.setString(1, location.name());
    statement.setString(2, location.city());
    statement.setString(3, location.country());
    statement.setDouble(4, location.latitude());
    statement.setDouble(5, location.longitude());
    statement.setString(6, location.timezone());
    statement.setString(7, Rows.text(json, location.metadata()));
  }

  private static RuntimeException failure(SQLException e, Location location, String what) {
    if ("23505".equals(e.getSQLState()) && location != null) {
      return ConflictException.on(
          "name",
          "a location named '%s' in %s, %s exists"
              .formatted(location.name(), location.city(), location.country()));
    }
    return new IllegalStateException(what, e);
  }

  private Optional<Location> find(Connection connection, UUID id, boolean lock)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM locations WHERE id = ?" + (lock ? " FOR UPDATE" : "");
    try (var select = connection.prepareStatement(sql)) {
      select.setObject(1, id);
      try (var rows = select.executeQuery()) {
        return rows.next() ? Optional.of(location(rows)) : Optional.empty();
      }
    }
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
