package io.corral.remote.bootstrap.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short helper commands (ssh-keygen, useradd, ssh-add) and fails with their output when they fail. */
final class Processes {
  private Processes() {}

  static String run(List<String> command, String stdin, java.util.Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out: " + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted: " + command, e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(command + " exited " + process.exitValue() + ": " + output.strip());
    }
    return output;
  }

  /** Stops {@code process} when the JVM exits, should a test end without closing its fixture. */
  static void stopAtExit(Process process) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }, "stop-" + process.pid()));
  }

  static String run(List<String> command) throws IOException {
    return run(command, null, java.util.Map.of());
  }
}
