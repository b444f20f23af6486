package org.aqmrg.cli;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.aqmrg.app.Platform;
import org.aqmrg.app.Server;
import org.aqmrg.config.Settings;
import org.aqmrg.db.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs the HTTP API until the process is told to stop (Ctrl-C, SIGTERM); then it lets requests in
 * flight finish, closes the pool and stops the embedded database it started.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the HTTP API on AQMRG_HTTP_PORT (default 8080).",
      "Without DATABASE_HOST it starts its own PostgreSQL, with data under AQMRG_DATA_DIR."
    })
final class ServeCommand implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @CommandLine.ParentCommand Main main;

  @Override
  public void run() {
    var settings = main.settings();
    // As the serve, the platform stops the embedded PostgreSQL at the end even when it adopted it
    // from a serve that was killed.
    var platform = Platform.start(settings, EmbeddedPostgres.Caller.SERVE);
    // The hook is in place before the server starts, so a SIGTERM during start-up still stops
    // the embedded database cleanly.
    var app = new AtomicReference<Server>();
    var stopped = new CountDownLatch(1);
    var hook =
        new Thread(
            () -> {
              log.info("Stopping: finishing requests in flight");
              try {
                if (app.get() != null) {
                  app.get().close();
                }
              } finally {
                platform.close();
                log.info("Stopped");
                stopped.countDown();
              }
            },
            "aqmrg-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      app.set(start(settings, platform));
    } catch (RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      platform.close();
      throw e;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Server start(Settings settings, Platform platform) {
    Server app;
    try {
      app = Server.start(platform, settings.http().host(), settings.http().port());
    } catch (Server.PortUnavailableException e) {
      throw new CommandFailedException(
          "cannot listen on %s:%d: the port is in use or not allowed. Stop the program that"
                  .formatted(settings.http().host(), settings.http().port())
              + " uses it, or set AQMRG_HTTP_PORT to another port.",
          Main.EXIT_UNAVAILABLE);
    }
    log.info(
        "AQMRG is serving on http://{}:{} (relational: {}, time series: {}, cache: {})",
        settings.http().host(),
        app.port(),
        platform.database().description(),
        settings.timeSeries().name().toLowerCase(Locale.ROOT),
        settings.cache().name().toLowerCase(Locale.ROOT));
    return app;
  }
}
