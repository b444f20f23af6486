package org.aqmrg.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.aqmrg.db.Database;
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

  /** SQLSTATE of a foreign key still referred to. */
  private static final String FOREIGN_KEY = "23503";

  private final Database database;
  private final Passwords passwords;
  private final DecoyHash decoy;

  public Users(Database database, Passwords passwords) {
    this(database, passwords, Clock.systemUTC());
  }

  /**
   * @param clock when the parameters of the stored hashes were last read, for the decoy
   */
  public Users(Database database, Passwords passwords, Clock clock) {
    this.database = database;
    this.passwords = passwords;
    this.decoy = new DecoyHash(database, passwords, clock);
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
    User created =
        database
            .withHandle(
                "creating a user",
                handle ->
                    handle
                        .createQuery(sql)
                        .bind(0, normalized)
                        .bind(1, hash)
                        .bind(2, role.value())
                        .map((rows, ctx) -> user(rows))
                        .findOne())
            .orElseThrow(
                () ->
                    ConflictException.on("email", "a user with e-mail " + normalized + " exists"));
    decoy.saw(hash);
    return created;
  }

  public Optional<User> find(UUID id) {
    return database.withHandle(
        "reading a user",
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM users WHERE id = ?")
                .bind(0, id)
                .map((rows, ctx) -> user(rows))
                .findOne());
  }

  private record Stored(User user, String hash) {}

  /**
   * The user with this e-mail and password; empty when either is wrong. Takes the same time for an
   * unknown e-mail as for a wrong password (see {@link DecoyHash}), so answers do not reveal which
   * accounts exist. A hash weaker than {@link Passwords#CURRENT} is replaced at a successful login.
   */
  public Optional<User> authenticate(String email, String password) {
    String sql = "SELECT " + COLUMNS + ", password_hash FROM users WHERE email = ?";
    Optional<Stored> found =
        database.withHandle(
            "reading a user",
            handle ->
                handle
                    .createQuery(sql)
                    .bind(0, email.trim().toLowerCase(Locale.ROOT))
                    .map((rows, ctx) -> new Stored(user(rows), rows.getString("password_hash")))
                    .findOne());
    if (found.isEmpty()) {
      decoy.verify(password);
      return Optional.empty();
    }
    User user = found.get().user();
    String hash = found.get().hash();
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
    String replacement = passwords.hash(password);
    database.useHandle(
        "replacing a weak password hash",
        handle ->
            handle
                .createUpdate(
                    "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?")
                .bind(0, replacement)
                .bind(1, id)
                .bind(2, old)
                .execute());
    decoy.changed();
  }

  /** Users ordered by e-mail, one page at a time. */
  public List<User> list(int limit, int offset) {
    String sql = "SELECT " + COLUMNS + " FROM users ORDER BY email LIMIT ? OFFSET ?";
    return database.withHandle(
        "listing users",
        handle ->
            handle
                .createQuery(sql)
                .bind(0, limit)
                .bind(1, offset)
                .map((rows, ctx) -> user(rows))
                .list());
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
    Supplier<RuntimeException> ownsAlerts =
        () ->
            ConflictException.on("id", "the user still owns alerts; delete or reassign them first");
    User deleted =
        database
            .withHandle(
                "deleting a user",
                java.util.Map.of(FOREIGN_KEY, ownsAlerts),
                handle ->
                    handle
                        .createQuery("DELETE FROM users WHERE id = ? RETURNING " + COLUMNS)
                        .bind(0, id)
                        .map((rows, ctx) -> user(rows))
                        .findOne())
            .orElseThrow(() -> NotFoundException.of("user", id.toString()));
    decoy.changed();
    return deleted;
  }

  private User updateOne(String sql, String value, UUID id) {
    return database
        .withHandle(
            "updating a user",
            handle ->
                handle
                    .createQuery(sql)
                    .bind(0, value)
                    .bind(1, id)
                    .map((rows, ctx) -> user(rows))
                    .findOne())
        .orElseThrow(() -> NotFoundException.of("user", id.toString()));
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
