package org.aqmrg.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.LineProtocolNames;
import org.aqmrg.readings.Reading;

/**
 * Readings the store refused for what they are (a value or time it will never take) after the spool
 * had acknowledged them: written as line protocol to {@code refused/} in the spool folder, one file
 * per day, each preceded by a comment with the store's reason, so that none is lost and an operator
 * can fix and load them again with {@code ./aqmrg import}.
 */
final class DeadLetters {
  private final Path directory;

  DeadLetters(Path spool) {
    this.directory = spool.resolve("refused");
  }

  /** The folder refused readings go to. */
  Path directory() {
    return directory;
  }

  /** Appends the readings with the reason, forced to disk; returns the file. */
  Path keep(List<Reading> readings, String reason, Instant now) {
    var text = new StringBuilder();
    text.append("# ").append(now).append(' ').append(reason.replace('\n', ' ')).append('\n');
    for (Reading reading : readings) {
      line(text, reading);
    }
    Path file = directory.resolve(now.toString().substring(0, 10) + ".lp");
    try {
      Files.createDirectories(directory);
      try (var channel =
          java.nio.channels.FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        var bytes = java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void line(StringBuilder out, Reading reading) {
    out.append("air_quality");
    tag(out, "location", reading.location());
    tag(out, "manufacturer", reading.manufacturer());
    tag(out, "sensor_id", reading.sensorId());
    char separator = ' ';
    for (Field field : Field.values()) {
      if (reading.has(field)) {
        out.append(separator).append(field.key()).append('=').append(reading.value(field));
        separator = ',';
      }
    }
    out.append(' ').append(reading.timeNanos()).append('\n');
  }

  private static void tag(StringBuilder out, String key, String value) {
    if (value != null && !value.isEmpty()) {
      out.append(',').append(key).append('=');
      LineProtocolNames.append(out, value, false);
    }
  }
}
