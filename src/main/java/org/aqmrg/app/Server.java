package org.aqmrg.app;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import org.aqmrg.http.WebApp;

/** The web app of a running platform, listening on a host and port; stopping it ends requests. */
public final class Server implements AutoCloseable {
  private final Javalin app;

  private Server(Javalin app) {
    this.app = app;
  }

  /** The port is taken or not allowed; the message says which address. */
  public static final class PortUnavailableException extends RuntimeException {
    PortUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts the platform's web app on {@code host} and {@code port} (0: a free port).
   *
   * @throws PortUnavailableException when it cannot listen there
   */
  public static Server start(Platform platform, String host, int port) {
    var app = WebApp.create(platform.web());
    try {
      app.start(host, port);
    } catch (JavalinBindException e) {
      throw new PortUnavailableException("cannot listen on %s:%d".formatted(host, port), e);
    }
    return new Server(app);
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** Stops listening; requests in flight get the web app's grace period to finish. */
  @Override
  public void close() {
    app.stop();
  }
}
