package org.aqmrg.http;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aqmrg.db.Seeds;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real browser (Debian's chromium through chromium-driver) on the real platform
 * with the dev data set and readings written through the API: map and list, a location's page with
 * its chart and forecast, signing in, an alert made and signed out; no console error, no serious or
 * critical axe-core violation, at 360 px and 1280 px. Screenshots go to
 * target/dashboard-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
  private static final String IKEJA = "22222222-2222-4222-8222-000000000001";
  private static final String IKEJA_SENSOR = "LAG-IKJ-001";

  private ApiServer api;
  private String base;
  private final Map<String, Double> lastPm25 = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    Browser.clearRecords();
    api =
        ApiServer.start(
            "memory",
            Map.of(
                "AQMRG_MAP_TILES", "none",
                "AQMRG_RATE_LIMIT_ANONYMOUS", "1000000",
                "AQMRG_RATE_LIMIT_PUBLIC", "1000000",
                "AQMRG_RATE_LIMIT_RESEARCHER", "1000000"));
    base = "http://127.0.0.1:" + api.port();
    var database = org.aqmrg.db.Database.of(api.platform().database().dataSource());
    new Seeds(database).load(Seeds.Set.DEV);
    api.user("admin@dashboard.test", Role.ADMIN);
    String admin = bearer(api.login("admin@dashboard.test"));
    writeReadings(admin);
    writeForecast(admin);
    // Every location's AQI comes from the hourly rollups, which the worker computes after writes.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> lastPm25.keySet().stream().allMatch(this::hasAqi));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  /** 26 hours of readings, every 10 minutes, from the first active sensor of each location. */
  private void writeReadings(String admin) {
    String token = token(admin, "write:readings");
    JsonNode sensors = json(api.get("/api/v1/sensors?status=active&limit=1000")).get("sensors");
    var lines = new StringBuilder();
    long now = Instant.now().getEpochSecond();
    int site = 0;
    for (JsonNode sensor : sensors) {
      String location = sensor.path("location_id").asText(null);
      // Sensors come ordered by id, so Ikeja's is LAG-IKJ-001.
      if (location == null || lastPm25.containsKey(location)) {
        continue;
      }
      site++;
      double value = 0;
      for (int step = 26 * 6; step >= 0; step--) {
        value = 8 + 9 * site + 5 * Math.sin(step / 9.0);
        value = Math.round(value * 10) / 10.0;
        lines.append(
            String.format(
                Locale.ROOT,
                "air_quality,sensor_id=%s pm25=%.1f,pm10=%.1f,temperature=29.5,humidity=78 %d%n",
                sensor.get("id").asText(),
                value,
                value * 1.5,
                now - step * 600L));
      }
      lastPm25.put(location, value);
    }
    var written =
        api.send(
            "POST",
            "/api/v2/write?bucket=sensor_data&precision=s",
            lines.toString(),
            "Authorization",
            "Token " + token);
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
  }

  /** A forecast of Ikeja's PM2.5 for the next 24 hours, with an 80 % interval. */
  private void writeForecast(String admin) {
    String token = token(admin, "write:predictions");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    var body = new StringBuilder("[");
    for (int ahead = 1; ahead <= 24; ahead++) {
      if (ahead > 1) {
        body.append(',');
      }
      body.append(
          String.format(
              Locale.ROOT,
              "{\"location_id\":\"%s\",\"pollutant\":\"pm25\",\"target_time\":\"%s\","
                  + "\"value\":%.1f,\"lower\":%.1f,\"upper\":%.1f,\"interval_level\":0.8,"
                  + "\"model_name\":\"xgb\",\"model_version\":\"1\",\"issued_at\":\"%s\"}",
              IKEJA,
              hour.plus(ahead, ChronoUnit.HOURS),
              20.0 + ahead / 4.0,
              15.0,
              30.0 + ahead / 2.0,
              hour));
    }
    body.append(']');
    var written =
        api.send("POST", "/api/v1/predictions", body.toString(), "Authorization", "Token " + token);
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
  }

  private String token(String admin, String scope) {
    var created =
        api.send(
            "POST",
            "/api/v1/tokens",
            "{\"name\":\"dashboard-"
                + scope.replace(':', '-')
                + "\",\"scopes\":[\""
                + scope
                + "\"]}",
            "Authorization",
            admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("token").asText();
  }

  private boolean hasAqi(String location) {
    var answer = api.get("/api/v1/locations/" + location + "/aqi");
    return answer.statusCode() == 200 && json(answer).get("aqi").isInt();
  }

  private static void assertClean(Browser browser, String page) {
    assertThat(browser.newErrors()).as("console errors on " + page).isEmpty();
    assertThat(browser.accessibilityProblems())
        .as("serious or critical axe-core violations on " + page)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"1280, 900", "360, 740"})
  void the_map_and_the_list_show_every_location_with_its_aqi(int width, int height) {
    try (var browser = Browser.start(width, height)) {
      browser.open(base + "/");

      List<WebElement> rows =
          browser.driver().findElements(By.cssSelector("table.locations tbody tr"));
      int registered = json(api.get("/api/v1/locations?limit=1000")).get("locations").size();
      assertThat(rows).hasSize(registered);
      for (WebElement row : rows) {
        String location = row.getAttribute("data-location");
        String badge = row.findElement(By.cssSelector(".aqi-badge")).getText();
        assertThat(badge).as("AQI of " + location).matches("\\d+ [A-Z].*");
        assertThat(row.getText()).contains("reporting");
      }
      assertThat(browser.driver().findElements(By.cssSelector("#map path.leaflet-interactive")))
          .as("a point on the map for each location")
          .hasSize(registered);
      Number overflow =
          (Number)
              browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow.intValue()).as("the page scrolls sideways").isLessThanOrEqualTo(0);
      browser.screenshot("map-" + width);
      if (width > 1000) {
        var figures = browser.loadFigures();
        Browser.record("map first contentful paint, ms", figures.get("fcp"));
        Browser.record("map first load, bytes transferred", figures.get("bytes"));
        // The aim is 1 s on loopback; the bound leaves room for a machine shared with other builds.
        assertThat(figures.get("fcp").doubleValue())
            .as("first contentful paint, ms")
            .isBetween(0.0, 3000.0);
        assertThat(figures.get("bytes").longValue())
            .as("bytes of the first load")
            .isLessThan(500_000);
      }
      assertClean(browser, "the map at " + width + " px");
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"1280, 1000", "360, 740"})
  void a_location_page_shows_the_latest_values_a_chart_and_the_forecast(int width, int height) {
    try (var browser = Browser.start(width, height)) {
      browser.open(base + "/#/locations/" + IKEJA);
      Number chartMillis =
          (Number)
              browser.script("return performance.getEntriesByName('chart-drawn')[0].startTime;");

      var main = browser.driver().findElement(By.id("main"));
      assertThat(main.getAttribute("data-loaded")).isEqualTo("true");
      assertThat(main.findElement(By.tagName("h1")).getText()).isEqualTo("Ikeja");
      String latest = main.findElement(By.cssSelector("table.latest")).getText();
      assertThat(latest).contains("PM2.5", "µg/m³", IKEJA_SENSOR, "GMT+1");
      assertThat(latest)
          .contains(
              String.format(Locale.ROOT, "%.1f", lastPm25.get(IKEJA)).replaceAll("\\.0$", ""));
      assertThat(main.findElement(By.cssSelector(".aqi-value")).getText()).matches("\\d+ [A-Z].*");
      assertThat(main.getText()).contains("Dominant pollutant: PM2.5");

      var area = main.findElement(By.cssSelector(".chart-area"));
      assertThat(area.getAttribute("data-loaded")).isEqualTo("true");
      assertThat(Integer.parseInt(area.getAttribute("data-points"))).isGreaterThanOrEqualTo(24);
      assertThat(area.findElements(By.cssSelector(".uplot canvas"))).isNotEmpty();
      assertThat(area.getText()).contains("a forecast of 24 hours ahead");
      Browser.record("location-" + width + " chart drawn, ms", chartMillis);
      // The aim is 1.5 s on loopback; the bound leaves room for a machine shared with other builds.
      assertThat(chartMillis.doubleValue())
          .as("chart drawn, ms after the navigation started")
          .isLessThan(5_000.0);
      assertThat(main.findElements(By.cssSelector("a[href*='format=csv']")))
          .as("no CSV link for a visitor")
          .isEmpty();
      browser.screenshot("location-" + width);
      assertClean(browser, "a location at " + width + " px");

      for (String range : List.of("7d", "30d", "1y")) {
        main.findElement(By.cssSelector("button[data-range='" + range + "']")).click();
        browser.waiting().until(ExpectedConditions.attributeToBe(area, "data-loaded", "true"));
        assertThat(Integer.parseInt(area.getAttribute("data-points"))).as(range).isPositive();
      }
      assertThat(browser.newErrors()).as("console errors while changing the range").isEmpty();
    }
  }

  @Test
  void signing_in_shows_the_csv_link_an_alert_can_be_made_and_signing_out_ends_it() {
    try (var browser = Browser.start(1280, 900)) {
      var driver = browser.driver();
      browser.open(base + "/#/login");
      assertClean(browser, "the sign-in page");
      driver.findElement(By.id("email")).sendKeys("researcher@aqmrg.dev");
      driver.findElement(By.id("password")).sendKeys("lagos-air-dev");
      driver.findElement(By.cssSelector("form button[type='submit']")).click();
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("account"), "researcher@aqmrg.dev"));
      browser.waitLoaded();

      browser.open(base + "/#/locations/" + IKEJA);
      var csv = driver.findElement(By.cssSelector("a[href*='format=csv']"));
      var download =
          api.get(
              csv.getAttribute("href").substring(base.length()),
              "Cookie",
              "aqmrg_session=" + sessionCookie(browser));
      assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
      assertThat(download.body()).startsWith("time,pm25_ug_m3");

      browser.open(base + "/#/alerts");
      driver.findElement(By.id("alert-name")).sendKeys("School run");
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("alert-location")))
          .selectByVisibleText("Ikeja");
      var threshold = driver.findElement(By.id("alert-threshold"));
      threshold.clear();
      threshold.sendKeys("40");
      driver
          .findElement(By.cssSelector("form[aria-labelledby='new-alert'] button[type='submit']"))
          .click();
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector(".alert-list"), "School run"));
      assertThat(driver.findElement(By.cssSelector(".alert-list")).getText())
          .contains("Ikeja", "above 40");
      var changed = driver.findElement(By.cssSelector("form[data-change] input"));
      changed.clear();
      changed.sendKeys("55.5");
      driver.findElement(By.cssSelector("form[data-change] button[type='submit']")).click();
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector(".alert-list"), "above 55.5"));
      browser.screenshot("alerts-1280");
      assertClean(browser, "the alerts page");

      driver.findElement(By.xpath("//nav[@id='account']//button[text()='Sign out']")).click();
      browser
          .waiting()
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("account"), "Sign in"));
      assertThat(driver.manage().getCookieNamed("aqmrg_csrf")).isNull();
      assertThat(browser.errors()).as("console errors").isEmpty();
    }
  }

  private void signIn(Browser browser, String email, String password) {
    var driver = browser.driver();
    browser.open(base + "/#/login");
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type='submit']")).click();
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("account"), email));
    browser.waitLoaded();
  }

  private static void openAdmin(Browser browser, String base, String page) {
    browser.open(base + "/#/admin/" + page);
  }

  @Test
  void an_admin_creates_a_token_seen_once_revokes_it_and_manages_the_registry() {
    api.user("admin-ui@dashboard.test", Role.ADMIN);
    try (var browser = Browser.start(1280, 900)) {
      var driver = browser.driver();
      signIn(browser, "admin-ui@dashboard.test", ApiServer.PASSWORD);

      openAdmin(browser, base, "tokens");
      driver.findElement(By.id("token-name")).sendKeys("ui-gateway");
      driver.findElement(By.id("scope-write-readings")).click();
      driver.findElement(By.cssSelector("form[aria-labelledby='new-token'] button")).click();
      var secret =
          browser
              .waiting()
              .until(
                  ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".token-secret")));
      String token = secret.getText();
      assertThat(token).startsWith("aqt_");
      var me = api.get("/api/v1/auth/me", "Authorization", "Token " + token);
      assertThat(me.statusCode()).as("the token shown works").isEqualTo(200);
      assertClean(browser, "the tokens page");

      openAdmin(browser, base, "audit");
      assertThat(driver.findElement(By.id("main")).getText()).contains("token.create");
      assertThat(driver.getPageSource()).as("the secret, once away from it").doesNotContain(token);
      assertClean(browser, "the audit page");

      openAdmin(browser, base, "tokens");
      assertThat(driver.getPageSource()).doesNotContain(token);
      var row = driver.findElement(By.xpath("//tr[th[text()='ui-gateway']]"));
      row.findElement(By.xpath(".//button[text()='Revoke']")).click();
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.xpath("//tr[th[text()='ui-gateway']]"), "revoked"));
      assertThat(api.get("/api/v1/auth/me", "Authorization", "Token " + token).statusCode())
          .isEqualTo(401);

      openAdmin(browser, base, "sensors");
      driver.findElement(By.id("reg-id")).sendKeys("LAG-DASH-001");
      driver.findElement(By.id("reg-name")).sendKeys("Dashboard test sensor");
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("reg-location_id")))
          .selectByVisibleText("Ikeja");
      driver
          .findElement(By.cssSelector("form[aria-labelledby='reg-form'] button[type='submit']"))
          .click();
      By sensorRow = By.xpath("//tr[th[text()='LAG-DASH-001']]");
      browser
          .waiting()
          .until(ExpectedConditions.textToBePresentInElementLocated(sensorRow, "active"));
      assertClean(browser, "the sensors page");
      driver.findElement(sensorRow).findElement(By.xpath(".//button[text()='Retire']")).click();
      browser
          .waiting()
          .until(ExpectedConditions.textToBePresentInElementLocated(sensorRow, "retired"));
      assertThat(json(api.get("/api/v1/sensors/LAG-DASH-001")).get("status").asText())
          .isEqualTo("retired");

      openAdmin(browser, base, "locations");
      driver.findElement(By.id("reg-name")).sendKeys("Dashboard Park");
      driver.findElement(By.id("reg-city")).sendKeys("Lagos");
      driver.findElement(By.id("reg-country")).sendKeys("NG");
      driver.findElement(By.id("reg-latitude")).sendKeys("6.601");
      driver.findElement(By.id("reg-longitude")).sendKeys("3.351");
      driver.findElement(By.id("reg-timezone")).sendKeys("Africa/Lagos");
      driver
          .findElement(By.cssSelector("form[aria-labelledby='reg-form'] button[type='submit']"))
          .click();
      By parkRow = By.xpath("//tr[th[text()='Dashboard Park']]");
      browser
          .waiting()
          .until(
              ExpectedConditions.or(
                  ExpectedConditions.presenceOfElementLocated(parkRow),
                  ExpectedConditions.textMatches(
                      By.cssSelector("main > p.error"), java.util.regex.Pattern.compile(".+"))));
      assertThat(driver.findElement(By.cssSelector("main > p.error")).getText())
          .as("the page's error")
          .isEmpty();
      driver.findElement(parkRow).findElement(By.xpath(".//button[text()='Edit']")).click();
      var city = driver.findElement(By.id("reg-city"));
      city.clear();
      city.sendKeys("Ikeja");
      driver
          .findElement(By.cssSelector("form[aria-labelledby='reg-form'] button[type='submit']"))
          .click();
      browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(parkRow, "Ikeja"));
      assertClean(browser, "the locations page");
      driver.findElement(parkRow).findElement(By.xpath(".//button[text()='Delete']")).click();
      browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(parkRow));
      assertThat(browser.errors()).as("console errors").isEmpty();
    }
  }

  @Test
  void a_quiet_location_and_an_unknown_one_say_so() {
    api.user("admin-empty@dashboard.test", Role.ADMIN);
    String admin = bearer(api.login("admin-empty@dashboard.test"));
    var created =
        api.send(
            "POST",
            "/api/v1/locations",
            "{\"name\":\"Quiet Corner\",\"city\":\"Lagos\",\"country\":\"NG\","
                + "\"latitude\":6.5,\"longitude\":3.4,\"timezone\":\"Africa/Lagos\"}",
            "Authorization",
            admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String quiet = json(created).get("id").asText();
    try (var browser = Browser.start(1280, 900)) {
      browser.open(base + "/#/locations/" + quiet);
      String page = browser.driver().findElement(By.id("main")).getText();
      assertThat(page)
          .contains("No AQI for this hour")
          .contains("No sensors are placed at this location.")
          .contains("No readings from this location in the last 30 days")
          .contains("No hourly data of PM2.5 in the last 24 hours.");
      assertClean(browser, "a quiet location");

      browser.open(base + "/#/locations/00000000-0000-4000-8000-000000000000");
      var main = browser.driver().findElement(By.id("main"));
      assertThat(main.getAttribute("data-loaded")).isEqualTo("error");
      assertThat(main.findElement(By.cssSelector("[role='alert']")).getText())
          .startsWith("Not found:");
      // The browser itself logs the API's 404; nothing else may fail.
      assertThat(browser.newErrors())
          .allSatisfy(error -> assertThat(error).contains("404 (Not Found)"));
    } finally {
      assertThat(
              api.send("DELETE", "/api/v1/locations/" + quiet, null, "Authorization", admin)
                  .statusCode())
          .isEqualTo(204);
    }
  }

  private static String sessionCookie(Browser browser) {
    return browser.driver().manage().getCookieNamed("aqmrg_session").getValue();
  }

  @Test
  void the_pages_forbid_inline_scripts_and_cookie_writes_need_the_csrf_token() {
    var page = api.get("/");
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy)
        .contains("script-src 'self'", "default-src 'none'", "frame-ancestors 'none'");
    assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
    assertThat(page.body()).doesNotContainPattern("\\son[a-z]+\\s*=");
    assertThat(api.get("/dashboard/app.js").headers().firstValue("Content-Security-Policy"))
        .hasValue(policy);

    api.user("csrf@dashboard.test", Role.PUBLIC);
    var login =
        api.send(
            "POST",
            "/api/v1/auth/login",
            ApiServer.loginBody("csrf@dashboard.test", ApiServer.PASSWORD));
    String session = cookie(login, "aqmrg_session");
    String csrf = cookie(login, "aqmrg_csrf");
    assertThat(csrf).isNotBlank().isNotEqualTo(session);
    String alert = "{\"location_id\":\"" + IKEJA + "\",\"pollutant\":\"pm25\",\"threshold\":35}";

    var without = api.send("POST", "/api/v1/alerts", alert, "Cookie", "aqmrg_session=" + session);
    var wrong =
        api.send(
            "POST",
            "/api/v1/alerts",
            alert,
            "Cookie",
            "aqmrg_session=" + session,
            "X-CSRF-Token",
            csrf + "x");
    var with =
        api.send(
            "POST",
            "/api/v1/alerts",
            alert,
            "Cookie",
            "aqmrg_session=" + session,
            "X-CSRF-Token",
            csrf);
    var read = api.get("/api/v1/alerts", "Cookie", "aqmrg_session=" + session);

    assertThat(without.statusCode()).as(without.body()).isEqualTo(401);
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
    assertThat(with.statusCode()).as(with.body()).isEqualTo(201);
    assertThat(read.statusCode()).as("reads need no token").isEqualTo(200);
    assertThat(with.body()).doesNotContain(session);
  }

  private static String cookie(java.net.http.HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(header -> header.startsWith(name + "="))
        .map(header -> header.substring(name.length() + 1, header.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name));
  }
}
