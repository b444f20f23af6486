package org.aqmrg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @Test
  void nothing_set_gives_the_embedded_default_with_the_seeds_pool() {
    var settings = Settings.from(Map.of());

    assertThat(settings.database().embedded()).isTrue();
    assertThat(settings.dataDir()).isEqualTo(Path.of("./aqmrg-data"));
    assertThat(settings.http().port()).isEqualTo(8080);
    assertThat(settings.timeSeries()).isEqualTo(Settings.TimeSeriesBackend.POSTGRES);
    assertThat(settings.cache()).isEqualTo(Settings.CacheBackend.MEMORY);
    assertThat(settings.inProcessCache().maxEntries()).isEqualTo(100_000);
    assertThat(settings.pool()).isEqualTo(new Settings.Pool(20, 30_000, 2_000));
    assertThat(settings.migrateOnStart()).isTrue();
    assertThat(settings.rollupWorker()).isTrue();
  }

  @Test
  void the_spool_is_on_under_the_data_folder_by_default_and_can_be_moved_capped_or_turned_off() {
    var spool = Settings.from(Map.of("AQMRG_DATA_DIR", "/var/lib/aqmrg")).spool();
    assertThat(spool.enabled()).isTrue();
    assertThat(spool.directory()).isEqualTo(Path.of("/var/lib/aqmrg/spool"));
    assertThat(spool.maxBytes()).isEqualTo(1024L * 1024 * 1024);
    assertThat(spool.segmentBytes()).isEqualTo(64L * 1024 * 1024);

    var set =
        Settings.from(
                Map.of(
                    "AQMRG_SPOOL", "off",
                    "AQMRG_SPOOL_DIR", "/fast/spool",
                    "AQMRG_SPOOL_MAX_MB", "32",
                    "AQMRG_SPOOL_SEGMENT_MB", "64"))
            .spool();
    assertThat(set.enabled()).isFalse();
    assertThat(set.directory()).isEqualTo(Path.of("/fast/spool"));
    assertThat(set.maxBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(set.segmentBytes()).as("no larger than the spool").isEqualTo(32L * 1024 * 1024);
  }

  @Test
  void aqmrg_rollups_off_turns_the_rollup_worker_off() {
    assertThat(Settings.from(Map.of("AQMRG_ROLLUPS", "off")).rollupWorker()).isFalse();
    assertThat(Settings.from(Map.of("AQMRG_ROLLUPS", "ON")).rollupWorker()).isTrue();
  }

  @Test
  void database_host_selects_the_external_server_with_seed_defaults() {
    var settings =
        Settings.from(Map.of("DATABASE_HOST", "db.example", "DATABASE_PASSWORD", "s3cret"));

    var server = settings.database().external().orElseThrow();
    assertThat(server.host()).isEqualTo("db.example");
    assertThat(server.port()).isEqualTo(5432);
    assertThat(server.name()).isEqualTo("aqmrg");
    assertThat(server.user()).isEqualTo("aqmrg");
    assertThat(server.password().reveal()).isEqualTo("s3cret");
  }

  @Test
  void influxdb_url_and_redis_host_select_those_servers() {
    var settings =
        Settings.from(Map.of("INFLUXDB_URL", "http://influx:8086/", "REDIS_HOST", "cache"));

    assertThat(settings.timeSeries()).isEqualTo(Settings.TimeSeriesBackend.INFLUXDB);
    assertThat(settings.influx().url()).contains("http://influx:8086");
    assertThat(settings.cache()).isEqualTo(Settings.CacheBackend.REDIS);
    assertThat(settings.redis().host()).isEqualTo("cache");
    assertThat(settings.redis().port()).isEqualTo(6379);
  }

  @Test
  void overrides_win_over_what_the_urls_suggest() {
    var settings =
        Settings.from(
            Map.of(
                "INFLUXDB_URL", "http://influx:8086",
                "AQMRG_TIMESERIES", "postgres",
                "REDIS_HOST", "cache",
                "AQMRG_CACHE", "MEMORY",
                "AQMRG_MEMORY_CACHE_MAX_ENTRIES", "5000"));

    assertThat(settings.timeSeries()).isEqualTo(Settings.TimeSeriesBackend.POSTGRES);
    assertThat(settings.cache()).isEqualTo(Settings.CacheBackend.MEMORY);
    assertThat(settings.inProcessCache().maxEntries()).isEqualTo(5000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DATABASE_PORT|abc|DATABASE_PORT must be a number from 1 to 65535, got 'abc'",
        "DATABASE_PORT|70000|DATABASE_PORT must be a number from 1 to 65535, got '70000'",
        "AQMRG_HTTP_PORT|0|AQMRG_HTTP_PORT must be a number from 1 to 65535, got '0'",
        "REDIS_PORT|-1|REDIS_PORT must be a number from 1 to 65535, got '-1'",
        "AQMRG_EMBEDDED_DB_PORT|x|AQMRG_EMBEDDED_DB_PORT must be a number from 1 to 65535, got 'x'",
        "AQMRG_DB_POOL_MAX|0|AQMRG_DB_POOL_MAX must be a number from 1 to 1000, got '0'",
        "AQMRG_DB_IDLE_TIMEOUT_MS|5|AQMRG_DB_IDLE_TIMEOUT_MS must be a number from 10000 to"
            + " 86400000, got '5'",
        "AQMRG_DB_CONNECTION_TIMEOUT_MS|1e3|AQMRG_DB_CONNECTION_TIMEOUT_MS must be a number from"
            + " 250 to 600000, got '1e3'",
        "AQMRG_TIMESERIES|cassandra|AQMRG_TIMESERIES must be one of postgres, influxdb, got"
            + " 'cassandra'",
        "AQMRG_CACHE|memcached|AQMRG_CACHE must be one of memory, redis, got 'memcached'",
        "AQMRG_MEMORY_CACHE_MAX_ENTRIES|999|AQMRG_MEMORY_CACHE_MAX_ENTRIES must be a number from"
            + " 1000 to 100000000, got '999'",
        "AQMRG_ROLLUPS|later|AQMRG_ROLLUPS must be one of on, off, got 'later'",
        "AQMRG_SPOOL|yes|AQMRG_SPOOL must be one of on, off, got 'yes'",
        "AQMRG_SPOOL_MAX_MB|0|AQMRG_SPOOL_MAX_MB must be a number from 1 to 16777216, got '0'",
        "AQMRG_SPOOL_SEGMENT_MB|2048|AQMRG_SPOOL_SEGMENT_MB must be a number from 1 to 1024, got"
            + " '2048'",
        "AQMRG_MIGRATE_ON_START|maybe|AQMRG_MIGRATE_ON_START must be true or false, got 'maybe'",
        "INFLUXDB_URL|localhost:8086|INFLUXDB_URL must be an http:// or https:// URL with a host"
            + " and no credentials, got 'localhost:8086'",
        "AQMRG_TIMESERIES|influxdb|AQMRG_TIMESERIES=influxdb needs INFLUXDB_URL, for example"
            + " http://localhost:8086",
      })
  void a_bad_value_is_refused_with_a_message_naming_variable_value_and_allowed(
      String variable, String value, String message) {
    assertThatThrownBy(() -> Settings.from(Map.of(variable, value)))
        .isInstanceOf(SettingsException.class)
        .hasMessage(message);
  }

  @Test
  void a_log_level_logback_does_not_know_is_refused_and_the_known_ones_in_any_case_pass() {
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_LOG_LEVEL", "verbose")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "AQMRG_LOG_LEVEL must be one of trace, debug, info, warn, error, off, got 'verbose'");
    for (String level : new String[] {"DEBUG", "info", "Warn", "error", "trace", "off"}) {
      Settings.from(Map.of("AQMRG_LOG_LEVEL", level));
    }
  }

  @Test
  void every_problem_is_reported_at_once() {
    var error =
        org.junit.jupiter.api.Assertions.assertThrows(
            SettingsException.class,
            () -> Settings.from(Map.of("DATABASE_PORT", "abc", "AQMRG_CACHE", "x")));

    assertThat(error.problems()).hasSize(2);
  }

  @Test
  void cors_origins_are_none_by_default_and_kept_as_browsers_send_them() {
    assertThat(Settings.from(Map.of()).http().corsOrigins()).isEmpty();

    var settings =
        Settings.from(
            Map.of(
                "AQMRG_CORS_ORIGINS",
                " https://Dashboard.Example.org/ ,http://localhost:3000,https://a.example:443,"
                    + "https://dashboard.example.org"));

    assertThat(settings.http().corsOrigins())
        .containsExactly(
            "https://dashboard.example.org", "http://localhost:3000", "https://a.example");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "*",
        "null",
        "dashboard.example.org",
        "https://a.example/app",
        "ftp://a.example",
        "https://a.example?x=1",
        "https://user@a.example",
        "https://a.example,"
      })
  void a_cors_origin_that_is_not_an_exact_origin_is_refused_naming_the_variable(String value) {
    String item = value.endsWith(",") ? "" : value;
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_CORS_ORIGINS", value)))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "AQMRG_CORS_ORIGINS must be a comma-separated list of origins such as"
                + " https://dashboard.example.org (http or https, a host, an optional port; no"
                + " path, no wildcard), got '"
                + item
                + "'");
  }

  @Test
  void the_memory_for_bodies_in_flight_defaults_to_64_mb_or_twice_the_largest_body() {
    assertThat(Settings.from(Map.of()).http().maxBodiesInFlightBytes()).isEqualTo(64L << 20);
    assertThat(Settings.from(Map.of("AQMRG_MAX_BODY_MB", "100")).http().maxBodiesInFlightBytes())
        .isEqualTo(200L << 20);
    assertThat(
            Settings.from(Map.of("AQMRG_MAX_BODIES_IN_FLIGHT_MB", "25"))
                .http()
                .maxBodiesInFlightBytes())
        .isEqualTo(25L << 20);
  }

  @Test
  void the_memory_for_bodies_in_flight_must_hold_one_body_of_the_largest_size() {
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_MAX_BODIES_IN_FLIGHT_MB", "10")))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "AQMRG_MAX_BODIES_IN_FLIGHT_MB must be at least AQMRG_MAX_BODY_MB (25), or a body of"
                + " the largest size could never be read, got '10'");
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_MAX_BODIES_IN_FLIGHT_MB", "lots")))
        .hasMessage("AQMRG_MAX_BODIES_IN_FLIGHT_MB must be a number from 1 to 65536, got 'lots'");
  }

  @Test
  void secrets_never_appear_in_messages_or_in_the_printed_settings() {
    var settings =
        Settings.from(
            Map.of(
                "DATABASE_HOST", "db",
                "DATABASE_PASSWORD", "pg-secret",
                "REDIS_PASSWORD", "redis-secret",
                "INFLUXDB_URL", "http://influx:8086",
                "INFLUXDB_TOKEN", "influx-secret",
                "AQMRG_SMTP_HOST", "smtp.example.org",
                "AQMRG_SMTP_PASSWORD", "smtp-secret"));
    assertThat(settings.toString())
        .doesNotContain("pg-secret", "redis-secret", "influx-secret", "smtp-secret")
        .contains("<hidden>");

    assertThatThrownBy(() -> Settings.from(Map.of("INFLUXDB_URL", "http://admin:pw123@influx")))
        .hasMessageNotContaining("pw123")
        .hasMessageContaining("INFLUXDB_URL");
  }

  @Test
  void metrics_are_open_to_loopback_by_default_and_the_setting_takes_token_and_public() {
    assertThat(Settings.from(Map.of()).access().metrics())
        .isEqualTo(Settings.MetricsAccess.LOOPBACK);
    assertThat(Settings.from(Map.of("AQMRG_METRICS_ACCESS", "token")).access().metrics())
        .isEqualTo(Settings.MetricsAccess.TOKEN);
    assertThat(Settings.from(Map.of("AQMRG_METRICS_ACCESS", "Public")).access().metrics())
        .isEqualTo(Settings.MetricsAccess.PUBLIC);
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_METRICS_ACCESS", "open")))
        .hasMessage("AQMRG_METRICS_ACCESS must be one of loopback, token, public, got 'open'");
  }

  @Test
  void alerts_are_evaluated_by_default_without_email_and_without_internal_webhooks() {
    var alerts = Settings.from(Map.of()).alerts();

    assertThat(alerts.evaluate()).isTrue();
    assertThat(alerts.publicUrl()).isEmpty();
    assertThat(alerts.smtp()).isEmpty();
    assertThat(alerts.webhookAllowedNetworks()).isEmpty();
    assertThat(Settings.from(Map.of("AQMRG_ALERTS", "off")).alerts().evaluate()).isFalse();
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_ALERTS", "sometimes")))
        .hasMessage("AQMRG_ALERTS must be one of on, off, got 'sometimes'");
  }

  @Test
  void an_smtp_host_turns_email_on_with_port_587_starttls_required_and_a_sender_of_that_host() {
    var smtp =
        Settings.from(Map.of("AQMRG_SMTP_HOST", "mail.example.org")).alerts().smtp().orElseThrow();

    assertThat(smtp.host()).isEqualTo("mail.example.org");
    assertThat(smtp.port()).isEqualTo(587);
    assertThat(smtp.startTls()).isEqualTo(AlertSettings.StartTls.REQUIRED);
    assertThat(smtp.user()).isEmpty();
    assertThat(smtp.from()).isEqualTo("aqmrg@mail.example.org");

    var relay =
        Settings.from(
                Map.of(
                    "AQMRG_SMTP_HOST", "localhost",
                    "AQMRG_SMTP_PORT", "25",
                    "AQMRG_SMTP_STARTTLS", "off",
                    "AQMRG_SMTP_USER", "alerts",
                    "AQMRG_SMTP_PASSWORD", "pw",
                    "AQMRG_SMTP_FROM", "air@example.org"))
            .alerts()
            .smtp()
            .orElseThrow();
    assertThat(relay.port()).isEqualTo(25);
    assertThat(relay.startTls()).isEqualTo(AlertSettings.StartTls.OFF);
    assertThat(relay.user()).isEqualTo("alerts");
    assertThat(relay.password().reveal()).isEqualTo("pw");
    assertThat(relay.from()).isEqualTo("air@example.org");
  }

  @Test
  void a_sender_without_a_server_and_a_bad_smtp_port_or_starttls_are_refused() {
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_SMTP_FROM", "air@example.org")))
        .hasMessage("AQMRG_SMTP_FROM is set but AQMRG_SMTP_HOST is not: set the SMTP server too");
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_SMTP_PORT", "70000")))
        .hasMessageContaining("AQMRG_SMTP_PORT");
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_SMTP_STARTTLS", "always")))
        .hasMessageContaining("AQMRG_SMTP_STARTTLS")
        .hasMessageContaining("always");
  }

  @Test
  void allowed_webhook_networks_are_a_list_of_cidr_blocks() throws Exception {
    var networks =
        Settings.from(Map.of("AQMRG_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8, fd00::/8"))
            .alerts()
            .webhookAllowedNetworks();

    assertThat(networks)
        .extracting(Object::toString)
        .containsExactly("127.0.0.0/8", "fd00:0:0:0:0:0:0:0/8");
    assertThat(networks.get(0).contains(java.net.InetAddress.getByName("127.9.9.9"))).isTrue();
    assertThat(networks.get(0).contains(java.net.InetAddress.getByName("128.0.0.1"))).isFalse();
    assertThat(networks.get(1).contains(java.net.InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(networks.get(1).contains(java.net.InetAddress.getByName("127.0.0.1"))).isFalse();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"10.0.0.0/33", "10.0.0.0", "/8", "example.org/8", "::1/129", "10.0.0.0/x", ""})
  void a_bad_cidr_block_is_refused_naming_the_variable_and_the_block(String block) {
    assertThat(AlertSettings.network(block)).isEmpty();
    assertThatThrownBy(
            () -> Settings.from(Map.of("AQMRG_WEBHOOK_ALLOWED_NETWORKS", "10.1.0.0/16," + block)))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "AQMRG_WEBHOOK_ALLOWED_NETWORKS must be a comma-separated list of CIDR blocks such as"
                + " 10.1.0.0/16 or fd00::/8, got '"
                + block
                + "'");
  }

  @Test
  void a_cidr_block_parses_to_its_address_and_prefix() {
    var block = AlertSettings.network("10.1.0.0/16").orElseThrow();
    assertThat(block.prefix()).isEqualTo(16);
    assertThat(block.address().getHostAddress()).isEqualTo("10.1.0.0");
    assertThat(AlertSettings.network("::1/128").orElseThrow().prefix()).isEqualTo(128);
    assertThat(AlertSettings.network("0.0.0.0/0").orElseThrow().prefix()).isZero();
  }
}
