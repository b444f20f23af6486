package org.aqmrg.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Devices posting 10 lines of line protocol at a time, each as soon as the last was answered, each
 * point once with a time of its own: every point sent is noted, and every point of a 204 answer as
 * acknowledged. Any other answer, or none, leaves its points sent but not acknowledged.
 */
final class DeviceLoad {
  private static final int LINES = 10;

  private final String prefix;
  private final String token;
  private final Supplier<String> target;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final List<Thread> devices = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final long start = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();
  private volatile boolean stopping;

  private DeviceLoad(String prefix, Supplier<String> target, String token) {
    this.prefix = prefix;
    this.target = target;
    this.token = token;
  }

  /** Starts {@code devices} devices, sensors {@code prefix-0} on, posting to {@code target}. */
  static DeviceLoad start(String prefix, int devices, Supplier<String> target, String token) {
    var load = new DeviceLoad(prefix, target, token);
    for (int d = 0; d < devices; d++) {
      String sensor = prefix + "-" + d;
      var thread = new Thread(() -> load.run(sensor), "device-" + sensor);
      load.devices.add(thread);
      thread.start();
    }
    return load;
  }

  String prefix() {
    return prefix;
  }

  Set<String> sent() {
    return sent;
  }

  Set<String> acknowledged() {
    return acknowledged;
  }

  /** Stops posting and waits for every device's last answer. */
  void stop() throws InterruptedException {
    stopping = true;
    for (Thread device : devices) {
      device.join();
    }
  }

  private void run(String sensor) {
    long next = start;
    while (!stopping) {
      var body = new StringBuilder();
      var keys = new ArrayList<String>(LINES);
      for (int i = 0; i < LINES; i++, next++) {
        body.append("air_quality,sensor_id=")
            .append(sensor)
            .append(" pm25=")
            .append(next % 500)
            .append(' ')
            .append(next)
            .append('\n');
        keys.add(sensor + "@" + next);
      }
      sent.addAll(keys);
      if (post(body.toString())) {
        acknowledged.addAll(keys);
      } else {
        pause();
      }
    }
  }

  private boolean post(String body) {
    try {
      var request =
          HttpRequest.newBuilder(
                  URI.create(target.get() + "/api/v2/write?bucket=sensor_data&precision=ms"))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Token " + token)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
