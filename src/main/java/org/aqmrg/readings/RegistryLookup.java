package org.aqmrg.readings;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * Which sensors a history request covers, from the registry's {@code sensors} and {@code locations}
 * tables: a registered sensor (of any status: a retired sensor stays readable), or the sensors a
 * location holds now. Two indexed, parameterised queries; nothing is cached, so a change in the
 * registry shows at once.
 */
public final class RegistryLookup {
  private final DataSource dataSource;

  public RegistryLookup(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** True when the registry knows a sensor with this id. */
  public boolean sensorExists(String sensorId) {
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement("SELECT 1 FROM sensors WHERE id = ?")) {
      select.setString(1, sensorId);
      try (var rows = select.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          Store.RELATIONAL, "looking up sensor " + sensorId + " failed", e);
    }
  }

  /**
   * The ids of the sensors at a location, in id order (possibly none), or empty when there is no
   * such location.
   */
  public Optional<List<String>> sensorsAt(UUID locationId) {
    String sql =
        "SELECT s.id FROM locations l LEFT JOIN sensors s ON s.location_id = l.id"
            + " WHERE l.id = ? ORDER BY s.id COLLATE \"C\"";
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setObject(1, locationId);
      try (var rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        var ids = new ArrayList<String>();
        do {
          String id = rows.getString(1);
          if (id != null) {
            ids.add(id);
          }
        } while (rows.next());
        return Optional.of(ids);
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          Store.RELATIONAL, "looking up the sensors of location " + locationId + " failed", e);
    }
  }
}
