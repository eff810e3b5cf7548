package io.corral.shell.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Signals through {@code kill(1)}, which also reaches process groups ({@code -PGID}). */
final class Signals {
  private Signals() {}

  /** {@code kill -s <signal> -- <target>}; a target that no longer exists is an exception. */
  static void send(String signal, String target) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, "--", target).redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -s " + signal + " -- " + target + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + signal, e);
    }
  }

  /** As {@link #send}, quietly: for clean-up, where the target may be gone already. */
  static void sendQuietly(String signal, String target) {
    try {
      send(signal, target);
    } catch (IllegalStateException gone) {
      // the process ended meanwhile: nothing left to signal
    }
  }
}
