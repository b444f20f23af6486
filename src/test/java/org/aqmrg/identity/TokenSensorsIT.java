package org.aqmrg.identity;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A token can be limited only to sensors the registry knows, through the API and the CLI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenSensorsIT {
  private ApiServer api;
  private String admin;

  @BeforeAll
  void start() throws SQLException {
    api = ApiServer.start("memory", Map.of());
    api.user("admin@tokens.test", Role.ADMIN);
    admin = api.login("admin@tokens.test");
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO sensors (id, name, status) VALUES ('T-1', 'one', 'active'),"
              + " ('T-OLD', 'retired', 'retired')");
    }
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private int tokenCount() {
    return api.platform().web().tokens().list().size();
  }

  private String body(String sensors) {
    return "{\"name\":\"gw\",\"scopes\":[\"write:readings\"],\"sensor_ids\":[" + sensors + "]}";
  }

  @Test
  void POST_tokens_with_unknown_sensors_is_a_400_naming_each_and_creates_nothing() {
    int before = tokenCount();

    var response =
        api.send(
            "POST",
            "/api/v1/tokens",
            body("\"NOPE-1\",\"T-1\",\"NOPE-2\""),
            "Authorization",
            bearer(admin));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    var error = json(response);
    assertThat(error.get("code").asText()).isEqualTo("invalid");
    assertThat(error.get("details").get("field").asText()).isEqualTo("sensor_ids");
    assertThat(error.get("details").get("unknown").toString()).isEqualTo("[\"NOPE-1\",\"NOPE-2\"]");
    assertThat(error.get("message").asText())
        .startsWith("no sensors with ids 'NOPE-1', 'NOPE-2'")
        .doesNotContain("T-1");
    assertThat(tokenCount()).isEqualTo(before);
  }

  @Test
  void POST_tokens_with_registered_sensors_retired_ones_too_creates_the_token() {
    var response =
        api.send(
            "POST", "/api/v1/tokens", body("\"T-1\",\"T-OLD\""), "Authorization", bearer(admin));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  @Test
  void tokens_create_with_an_unknown_sensor_is_refused_naming_it_with_exit_1() {
    int before = tokenCount();

    var refused =
        Cli.run(
            api.env(),
            "tokens",
            "create",
            "--name",
            "gw",
            "--scope",
            "write:readings",
            "--sensor",
            "T-1",
            "GHOST");
    var created =
        Cli.run(
            api.env(),
            "tokens",
            "create",
            "--name",
            "gw",
            "--scope",
            "write:readings",
            "--sensor",
            "T-1");

    assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
    assertThat(refused.output())
        .contains("aqmrg: no sensor with id 'GHOST'; a token can be limited only to registered")
        .doesNotContain("Created token");
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(tokenCount()).isEqualTo(before + 1);
  }
}
