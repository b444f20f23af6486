package org.aqmrg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless {@code chromium} driven through {@code chromium-driver} (both installed by
 * {@code scripts/test-services}), with what the dashboard's tests ask of it: the console's errors,
 * an axe-core check, screenshots kept under {@code target/dashboard-screenshots/}.
 */
public final class Browser implements AutoCloseable {
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

  private final ChromeDriver driver;
  private final List<String> errors = new ArrayList<>();

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A fresh browser (no cookies) with a window of this size in CSS pixels. */
  public static Browser start(int width, int height) {
    if (!Files.isExecutable(DRIVER) || !Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          "the browser tests need Debian's chromium and chromium-driver"
              + " (scripts/test-services start installs them)");
    }
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--no-first-run",
        "--window-size=" + width + "," + height);
    var logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    var driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, height));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return new Browser(driver);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Opens {@code url} and waits until {@code main} says its data is drawn. A change of the URL's
   * fragment only is not a new document: the mark of the page shown before is taken away first, so
   * the wait is for the new page.
   */
  public void open(String url) {
    script("const m = document.getElementById('main'); if (m) m.dataset.loaded = 'navigating';");
    driver.get(url);
    waitLoaded();
  }

  /**
   * Waits until {@code main} is marked drawn: {@code data-loaded} "true", or "error" when the page
   * shows why it could not be (at most 20 s).
   */
  public void waitLoaded() {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            ExpectedConditions.or(
                ExpectedConditions.attributeToBe(By.id("main"), "data-loaded", "true"),
                ExpectedConditions.attributeToBe(By.id("main"), "data-loaded", "error")));
  }

  public WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  /** The console's errors (level SEVERE) since the last call, kept for {@link #errors()}. */
  public List<String> newErrors() {
    var found = new ArrayList<String>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        found.add(entry.getMessage());
      }
    }
    errors.addAll(found);
    return found;
  }

  /** Every console error seen so far. */
  public List<String> errors() {
    newErrors();
    return List.copyOf(errors);
  }

  /** The serious and critical violations axe-core finds on the page, one line each. */
  @SuppressWarnings("unchecked")
  public List<String> accessibilityProblems() {
    var js = (JavascriptExecutor) driver;
    js.executeScript(axeSource());
    Object answer =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(r.violations.filter(v => v.impact === 'serious'"
                + " || v.impact === 'critical').map(v => v.impact + ' ' + v.id + ': ' + v.help"
                + " + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
    return (List<String>) answer;
  }

  /** A number or object the page computes. */
  public Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(source, arguments);
  }

  /**
   * Saves a screenshot of the whole page (not only what the window shows) as {@code name}.png under
   * {@link #SCREENSHOTS}; returns its path.
   */
  public Path screenshot(String name) {
    Number width = (Number) script("return window.innerWidth;");
    Number height = (Number) script("return document.documentElement.scrollHeight;");
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width",
            width.intValue(),
            "height",
            height.intValue(),
            "deviceScaleFactor",
            1,
            "mobile",
            false));
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** Starts {@code timings.txt} afresh, for a run of the tests. */
  public static void clearRecords() {
    try {
      Files.deleteIfExists(SCREENSHOTS.resolve("timings.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends a figure the tests measured to {@code timings.txt} beside the screenshots. */
  public static void record(String what, Number value) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.writeString(
          SCREENSHOTS.resolve("timings.txt"),
          what + ": " + value + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resizes the window (CSS pixels). */
  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** The performance figures of the page's first load: first contentful paint, bytes moved. */
  @SuppressWarnings("unchecked")
  public Map<String, Number> loadFigures() {
    return (Map<String, Number>)
        script(
            "const paint = performance.getEntriesByName('first-contentful-paint')[0];"
                + "const nav = performance.getEntriesByType('navigation')[0];"
                + "const bytes = performance.getEntriesByType('resource')"
                + ".reduce((sum, e) => sum + e.transferSize, nav ? nav.transferSize : 0);"
                + "return {fcp: paint ? paint.startTime : -1, bytes: bytes};");
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getResourceAsStream("/axe-core/axe.min.js")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
