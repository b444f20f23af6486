package org.aqmrg.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An external program the backup runs ({@code pg_dump}, {@code pg_restore}, {@code influxd}, {@code
 * redis-cli}): found on this machine, run with its output read line by line, its failure reported
 * with the last lines it printed. Secrets reach it through the environment only.
 */
final class Tool {
  private final Path program;

  private Tool(Path program) {
    this.program = program;
  }

  /**
   * {@code name} from the newest {@code /usr/lib/postgresql/N/bin} (Debian keeps each major version
   * there; the newest {@code pg_dump} reads every older server), else from {@code PATH}.
   */
  static Optional<Tool> postgres(String name) {
    try (Stream<Path> versions = list(Path.of("/usr/lib/postgresql"))) {
      var newest =
          versions
              .filter(dir -> dir.getFileName().toString().matches("\\d+"))
              .sorted(Comparator.comparingInt((Path dir) -> major(dir)).reversed())
              .map(dir -> dir.resolve("bin").resolve(name))
              .filter(Files::isExecutable)
              .findFirst();
      return newest.map(Tool::new).or(() -> onPath(name));
    }
  }

  /** {@code name} from {@code PATH}. */
  static Optional<Tool> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir).resolve(name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(new Tool(candidate));
      }
    }
    return Optional.empty();
  }

  static Tool at(Path program) {
    return new Tool(program);
  }

  Path program() {
    return program;
  }

  /** The first line the program prints for {@code --version}, e.g. {@code pg_dump 15.10}. */
  String version() {
    var lines = new ArrayList<String>();
    int status = run(List.of("--version"), Map.of(), lines::add);
    return status == 0 && !lines.isEmpty() ? lines.get(0).trim() : "unknown";
  }

  /**
   * Runs the program with {@code arguments} and {@code env} added to this process's environment;
   * every line it prints (standard output and error together) goes to {@code lines}. Returns its
   * exit status.
   */
  int run(List<String> arguments, Map<String, String> env, Consumer<String> lines) {
    var command = new ArrayList<String>();
    command.add(program.toString());
    command.addAll(arguments);
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      try (var reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.accept(line);
        }
      }
      return process.waitFor();
    } catch (IOException e) {
      throw new BackupException("cannot run " + program + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("interrupted while " + program + " ran", e);
    }
  }

  /**
   * Runs the program and throws naming {@code what} and the last lines it printed when it fails;
   * {@code lines} sees every line as it comes.
   */
  void runOrThrow(
      String what, List<String> arguments, Map<String, String> env, Consumer<String> lines) {
    Deque<String> last = new ArrayDeque<>();
    int status =
        run(
            arguments,
            env,
            line -> {
              if (last.size() == 5) {
                last.removeFirst();
              }
              last.addLast(line);
              lines.accept(line);
            });
    if (status != 0) {
      throw new BackupException(
          what
              + " failed ("
              + program.getFileName()
              + " exited with "
              + status
              + "): "
              + String.join(" | ", last));
    }
  }

  private static int major(Path dir) {
    return Integer.parseInt(dir.getFileName().toString());
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.isDirectory(dir) ? Files.list(dir) : Stream.empty();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
