package org.aqmrg.identity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;

/**
 * The {@code users} table: accounts, their roles and password hashes. Passwords arrive in clear
 * text only to be checked against the policy and hashed; they are never stored or logged.
 */
public final class Users {
  /** Longest e-mail address accepted, as in {@code users.email}. */
  public static final int MAX_EMAIL_LENGTH = 255;

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final String COLUMNS = "id, email, role, created_at, updated_at";

  private final DataSource dataSource;
  private final Passwords passwords;
  private final DecoyHash decoy;

  public Users(DataSource dataSource, Passwords passwords) {
    this(dataSource, passwords, Clock.systemUTC());
  }

  /**
   * @param clock when the parameters of the stored hashes were last read, for the decoy
   */
  public Users(DataSource dataSource, Passwords passwords, Clock clock) {
    this.dataSource = dataSource;
    this.passwords = passwords;
    this.decoy = new DecoyHash(dataSource, passwords, clock);
  }

  /** The e-mail as stored: trimmed and lowercase; 400 naming {@code email} when malformed. */
  public static String normalizeEmail(String email) {
    if (email == null || email.isBlank()) {
      throw InvalidInputException.field("email", "the e-mail address is missing");
    }
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    if (normalized.length() > MAX_EMAIL_LENGTH) {
      throw InvalidInputException.field(
          "email", "the e-mail address must have at most " + MAX_EMAIL_LENGTH + " characters");
    }
    if (!EMAIL.matcher(normalized).matches()) {
      throw InvalidInputException.field("email", "'" + normalized + "' is not an e-mail address");
    }
    return normalized;
  }

  /** Creates a user; 400 for a bad e-mail or password, 409 when the e-mail is taken. */
  public User create(String email, String password, Role role) {
    String normalized = normalizeEmail(email);
    Passwords.checkPolicy(normalized, password);
    String hash = passwords.hash(password);
    String sql =
        "INSERT INTO users (email, password_hash, role) VALUES (?, ?, ?)"
            + " ON CONFLICT (email) DO NOTHING RETURNING "
            + COLUMNS;
    try (var connection = dataSource.getConnection();
        var insert = connection.prepareStatement(sql)) {
      insert.setString(1, normalized);
      insert.setString(2, hash);
      insert.setString(3, role.value());
      try (var rows = insert.executeQuery()) {
        if (!rows.next()) {
          throw ConflictException.on("email", "a user with e-mail " + normalized + " exists");
        }
        decoy.saw(hash);
        return user(rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("creating a user failed", e);
    }
  }

  public Optional<User> find(UUID id) {
    return queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
  }

  /**
   * The user with this e-mail and password; empty when either is wrong. Takes the same time for an
   * unknown e-mail as for a wrong password (see {@link DecoyHash}), so answers do not reveal which
   * accounts exist. A hash weaker than {@link Passwords#CURRENT} is replaced at a successful login.
   */
  public Optional<User> authenticate(String email, String password) {
    String sql = "SELECT " + COLUMNS + ", password_hash FROM users WHERE email = ?";
    User user;
    String hash;
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setString(1, email.trim().toLowerCase(Locale.ROOT));
      try (var rows = select.executeQuery()) {
        if (!rows.next()) {
          decoy.verify(password);
          return Optional.empty();
        }
        user = user(rows);
        hash = rows.getString("password_hash");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading a user failed", e);
    }
    decoy.saw(hash);
    if (!passwords.matches(password, hash)) {
      return Optional.empty();
    }
    if (passwords.weakerThanCurrent(hash)) {
      rehash(user.id(), hash, password);
    }
    return Optional.of(user);
  }

  /** The parameters unknown e-mails are checked with: those of the strongest stored hash. */
  Argon2Parameters decoyParameters() {
    return decoy.parameters();
  }

  /** Replaces {@code old} with a hash of the current parameters, unless it changed meanwhile. */
  private void rehash(UUID id, String old, String password) {
    String sql = "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?";
    try (var connection = dataSource.getConnection();
        var update = connection.prepareStatement(sql)) {
      update.setString(1, passwords.hash(password));
      update.setObject(2, id);
      update.setString(3, old);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("replacing a weak password hash failed", e);
    }
    decoy.changed();
  }

  /** Users ordered by e-mail, one page at a time. */
  public List<User> list(int limit, int offset) {
    String sql = "SELECT " + COLUMNS + " FROM users ORDER BY email LIMIT ? OFFSET ?";
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setInt(1, limit);
      select.setInt(2, offset);
      var users = new ArrayList<User>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          users.add(user(rows));
        }
      }
      return users;
    } catch (SQLException e) {
      throw new IllegalStateException("listing users failed", e);
    }
  }

  /** Changes the role; 404 when there is no such user. */
  public User changeRole(UUID id, Role role) {
    return updateOne(
        "UPDATE users SET role = ? WHERE id = ? RETURNING " + COLUMNS, role.value(), id);
  }

  /** Sets a new password after checking the policy; 404 when there is no such user. */
  public User changePassword(UUID id, String password) {
    User user = find(id).orElseThrow(() -> NotFoundException.of("user", id.toString()));
    Passwords.checkPolicy(user.email(), password);
    User changed =
        updateOne(
            "UPDATE users SET password_hash = ? WHERE id = ? RETURNING " + COLUMNS,
            passwords.hash(password),
            id);
    decoy.changed();
    return changed;
  }

  /** Deletes the user; 404 when there is none, 409 while alerts still belong to them. */
  public User delete(UUID id) {
    try (var connection = dataSource.getConnection();
        var delete =
            connection.prepareStatement("DELETE FROM users WHERE id = ? RETURNING " + COLUMNS)) {
      delete.setObject(1, id);
      try (var rows = delete.executeQuery()) {
        if (!rows.next()) {
          throw NotFoundException.of("user", id.toString());
        }
        decoy.changed();
        return user(rows);
      }
    } catch (SQLException e) {
      if ("23503".equals(e.getSQLState())) {
        throw ConflictException.on(
            "id", "the user still owns alerts; delete or reassign them first");
      }
      throw new IllegalStateException("deleting a user failed", e);
    }
  }

  private User updateOne(String sql, String value, UUID id) {
    try (var connection = dataSource.getConnection();
        var update = connection.prepareStatement(sql)) {
      update.setString(1, value);
      update.setObject(2, id);
      try (var rows = update.executeQuery()) {
        if (!rows.next()) {
          throw NotFoundException.of("user", id.toString());
        }
        return user(rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("updating a user failed", e);
    }
  }

  private Optional<User> queryOne(String sql, UUID id) {
    try (Connection connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setObject(1, id);
      try (var rows = select.executeQuery()) {
        return rows.next() ? Optional.of(user(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading a user failed", e);
    }
  }

  private static User user(ResultSet rows) throws SQLException {
    return new User(
        rows.getObject("id", UUID.class),
        rows.getString("email"),
        Role.parse(rows.getString("role")).orElse(Role.PUBLIC),
        utc(rows, "created_at"),
        utc(rows, "updated_at"));
  }

  /** The seed's TIMESTAMP columns hold UTC wall-clock times (the pool sets TimeZone=UTC). */
  private static Instant utc(ResultSet rows, String column) throws SQLException {
    LocalDateTime time = rows.getObject(column, LocalDateTime.class);
    return time == null ? null : time.toInstant(ZoneOffset.UTC);
  }
}
