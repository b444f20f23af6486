package org.aqmrg.identity;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Password hashes in the {@code users} table: the decoy for unknown e-mails, and rehashing. */
class UsersIT {
  private static final String PASSWORD = "a long passphrase 42";

  /** The dev seed's hash of {@code lagos-air-dev}: 64 MiB, 3 passes. */
  private static final String SEED_HASH =
      "$argon2id$v=19$m=65536,t=3,p=1$Y3FsQ2xQL2pWaXU5YWN1WnBadGxrQT09"
          + "$GTRaNhu+6eHG9HTxmiKwpKTBvj8YEaNIKS1gluCmFXM";

  private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };
  private final Passwords passwords = new Passwords();
  private String databaseName;
  private RelationalDatabase database;
  private Users users;

  @BeforeEach
  void start() {
    databaseName = TestServers.createDatabase("users");
    database = RelationalDatabase.open(Settings.from(TestServers.platformEnv(databaseName)));
    new Migrations(database.dataSource()).migrate();
    users = new Users(database.sql(), passwords, clock);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  /** Stores a user as another process or a seed would: straight into the table. */
  private void insert(String email, String hash) throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO users (email, password_hash, role) VALUES (?, ?, 'public')")) {
      insert.setString(1, email);
      insert.setString(2, hash);
      insert.executeUpdate();
    }
  }

  private String storedHash(String email) throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var select =
            connection.prepareStatement("SELECT password_hash FROM users WHERE email = ?")) {
      select.setString(1, email);
      try (var rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  private static String hashWith(int memoryKib, int passes, String password) {
    return new Argon2PasswordEncoder(16, 32, 1, memoryKib, passes).encode(password);
  }

  @Test
  void a_hash_weaker_than_the_current_parameters_is_rehashed_at_the_next_successful_login()
      throws Exception {
    String weak = hashWith(4_096, 1, PASSWORD);
    insert("weak@test.dev", weak);
    insert("seeded@test.dev", SEED_HASH);

    assertThat(users.authenticate("weak@test.dev", "not the password")).isEmpty();
    assertThat(storedHash("weak@test.dev")).as("a failed login changes nothing").isEqualTo(weak);

    assertThat(users.authenticate("weak@test.dev", PASSWORD)).isPresent();
    String rehashed = storedHash("weak@test.dev");
    assertThat(rehashed).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(passwords.matches(PASSWORD, rehashed)).isTrue();
    assertThat(users.authenticate("weak@test.dev", PASSWORD)).isPresent();

    assertThat(users.authenticate("seeded@test.dev", "lagos-air-dev")).isPresent();
    assertThat(storedHash("seeded@test.dev")).as("a stronger hash is kept").isEqualTo(SEED_HASH);
  }

  @Test
  void unknown_emails_are_checked_with_the_strongest_stored_parameters_as_they_change()
      throws Exception {
    assertThat(users.authenticate("nobody@test.dev", PASSWORD)).isEmpty();
    assertThat(users.decoyParameters()).as("no hash stored").isEqualTo(Passwords.CURRENT);

    users.create("current@test.dev", PASSWORD, Role.PUBLIC);
    insert("weak@test.dev", hashWith(4_096, 1, PASSWORD));
    insert("seeded@test.dev", SEED_HASH); // by another process: seen at the next refresh
    millis.addAndGet(DecoyHash.REFRESH.toMillis());
    assertThat(users.authenticate("nobody@test.dev", PASSWORD)).isEmpty();
    assertThat(users.decoyParameters()).isEqualTo(new Argon2Parameters(65_536, 3, 1));

    var seeded = users.authenticate("seeded@test.dev", "lagos-air-dev").orElseThrow();
    users.delete(seeded.id());
    assertThat(users.authenticate("nobody@test.dev", PASSWORD)).isEmpty();
    assertThat(users.decoyParameters())
        .as("the strongest left once this process deleted the strongest")
        .isEqualTo(Passwords.CURRENT);

    insert("stronger@test.dev", hashWith(32_768, 3, PASSWORD));
    assertThat(users.authenticate("stronger@test.dev", "not the password")).isEmpty();
    assertThat(users.decoyParameters())
        .as("a login that read a stronger hash raises the decoy at once")
        .isEqualTo(new Argon2Parameters(32_768, 3, 1));
  }

  @Test
  void users_create_refuses_a_password_that_holds_the_whole_email_address() {
    var result =
        Cli.runWithInput(
            TestServers.platformEnv(databaseName),
            "my ab@x.io secret\n",
            "users",
            "create",
            "--email",
            "ab@x.io");

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.output()).contains("the password must not contain the e-mail address");
  }

  @Test
  void the_api_refuses_a_short_password_that_is_the_email_address_for_that_reason() {
    try (var api = ApiServer.start("memory", Map.of())) {
      api.user("admin@test.dev", Role.ADMIN);
      String admin = api.login("admin@test.dev");

      var response =
          api.send(
              "POST",
              "/api/v1/users",
              "{\"email\":\"ab@x.io\",\"password\":\"AB@X.IO\",\"role\":\"public\"}",
              "Authorization",
              bearer(admin));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      var body = json(response);
      assertThat(body.get("code").asText()).isEqualTo("invalid");
      assertThat(body.get("details").get("field").asText()).isEqualTo("password");
      assertThat(body.get("message").asText())
          .isEqualTo("the password must not contain the e-mail address");
    }
  }
}
