package org.aqmrg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DashboardSettingsTest {
  @Test
  void by_default_the_map_shows_OpenStreetMap_s_tiles_with_their_attribution() {
    var dashboard = Settings.from(Map.of()).dashboard();

    assertThat(dashboard.tiles()).hasValue("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    assertThat(dashboard.attribution()).isEqualTo("© OpenStreetMap contributors");
  }

  @Test
  void none_turns_the_tiles_off() {
    var dashboard = Settings.from(Map.of("AQMRG_MAP_TILES", "none")).dashboard();

    assertThat(dashboard.tiles()).isEmpty();
    assertThat(dashboard.attribution()).isEmpty();
  }

  @Test
  void other_tiles_take_their_own_attribution() {
    var dashboard =
        Settings.from(
                Map.of(
                    "AQMRG_MAP_TILES", "http://10.0.0.5:8081/tiles/{z}/{x}/{y}.png",
                    "AQMRG_MAP_ATTRIBUTION", "Our own tiles"))
            .dashboard();

    assertThat(dashboard.tiles()).hasValue("http://10.0.0.5:8081/tiles/{z}/{x}/{y}.png");
    assertThat(dashboard.attribution()).isEqualTo("Our own tiles");
  }

  @ParameterizedTest
  @CsvSource({
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png, https://tile.openstreetmap.org",
    "https://{s}.tile.example.org/{z}/{x}/{y}.png, https://*.tile.example.org",
    "http://Tiles.Local:8081/{z}/{y}/{x}.png?key=abc, http://tiles.local:8081",
    "http://[::1]:8081/{z}/{x}/{y}.png, http://[::1]:8081"
  })
  void the_policy_admits_the_tile_server_s_origin(String template, String origin) {
    assertThat(DashboardSettings.tileOrigin(template)).hasValue(origin);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tile.openstreetmap.org/{z}/{x}/{y}.png",
        "ftp://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/{z}/{x}.png",
        "https://user:pw@tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/{z}/{x}/{y}.png; script-src *",
        "https://tiles.example.org/{z}/{x}/{y}.png\"><script>",
        "https://{s}/{z}/{x}/{y}.png",
        "https://tiles.example.org"
      })
  void a_bad_tile_url_stops_start_up_naming_the_variable(String template) {
    assertThat(DashboardSettings.tileOrigin(template)).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> Settings.from(Map.of("AQMRG_MAP_TILES", template)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining(
            "AQMRG_MAP_TILES must be none or an http:// or https:// URL template");
  }

  @Test
  void credentials_in_a_bad_tile_url_are_not_repeated() {
    assertThatThrownBy(
            () -> Settings.from(Map.of("AQMRG_MAP_TILES", "https://user:secret@x.org/{z}.png")))
        .hasMessageContaining("<hidden: contains credentials>")
        .hasMessageNotContaining("secret");
  }
}
