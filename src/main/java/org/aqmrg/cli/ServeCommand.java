package org.aqmrg.cli;

import io.javalin.Javalin;
import java.util.concurrent.CountDownLatch;
import org.aqmrg.config.Platform;
import org.aqmrg.http.WebApp;
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
    var platform = Platform.start(settings);
    Javalin app;
    try {
      app = WebApp.create(new WebApp.Parts(platform.checks()));
      app.start(settings.http().host(), settings.http().port());
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    log.info(
        "AQMRG is serving on http://{}:{} (relational: {}, time series: {}, cache: {})",
        settings.http().host(),
        app.port(),
        platform.database().description(),
        settings.timeSeries().name().toLowerCase(java.util.Locale.ROOT),
        settings.cache().name().toLowerCase(java.util.Locale.ROOT));

    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping: finishing requests in flight");
                  try {
                    app.stop();
                  } finally {
                    platform.close();
                    log.info("Stopped");
                    stopped.countDown();
                  }
                },
                "aqmrg-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
