package io.corral.shell.fault;

import io.corral.shell.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code corral master} or {@code corral agent} in a JVM of its own, started under
 * {@code setsid} so that it leads its own process group (a SIGKILL to the group takes whatever it
 * started along, except task supervisors, which make sessions of their own as in production).
 * Output (stdout and stderr) goes to a log file of its own.
 */
final class Daemon {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  final String name;
  final Path log;
  private final Process process;
  private final boolean groupLeader;

  private Daemon(String name, Path log, Process process, boolean groupLeader) {
    this.name = name;
    this.log = log;
    this.process = process;
    this.groupLeader = groupLeader;
  }

  /** Starts {@code corral <args>} from the test's own class path. */
  static Daemon start(String name, Path log, Path home, List<String> args) {
    return start(name, log, home, args, "info", java.util.Map.of());
  }

  /** As {@link #start(String, Path, Path, List)}, logging at {@code level} with {@code env} added to the environment. */
  static Daemon start(String name, Path log, Path home, List<String> args, String level, java.util.Map<String, String> env) {
    List<String> command = new ArrayList<>();
    boolean setsid = Files.isExecutable(SETSID);
    if (setsid) {
      command.add(SETSID.toString());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // What the launcher does for daemons: C1 only, the serial collector, a small heap.
    command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m",
        "-Duser.home=" + home, "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level,
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().remove("CORRAL_MASTER");
      builder.environment().putAll(env);
      return new Daemon(name, log, builder.start(), setsid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** {@code kill -<signal> <pid>}: STOP, CONT, TERM, KILL. */
  void signal(String signal) {
    Signals.send(signal, Long.toString(process.pid()));
  }

  /** kill -9 of the daemon's whole process group, then waits for it to be gone. */
  void kill9() {
    if (groupLeader) {
      Signals.send("KILL", "-" + process.pid());
    }
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM, as an init system stops a daemon, and waits for it to exit. */
  void terminate() {
    signal("TERM");
    if (!awaitExit(Duration.ofSeconds(30))) {
      throw new AssertionError(name + " did not stop within 30 s of SIGTERM; log:\n" + logText());
    }
  }

  boolean awaitExit(Duration within) {
    try {
      return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  int exitCode() {
    return process.exitValue();
  }

  /** For @AfterEach: a stopped daemon is continued first (so nothing is left stopped), then killed with its group. */
  void destroy() {
    if (process.isAlive()) {
      try {
        signal("CONT");
      } catch (RuntimeException e) {
        // it may have exited between the check and the signal; the kill below is what matters
      }
      kill9();
    }
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
