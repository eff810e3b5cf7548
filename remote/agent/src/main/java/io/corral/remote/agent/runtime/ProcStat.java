package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of {@code /proc/<pid>/stat} the runtime needs: the start time (in clock ticks since boot)
 * tells a process from a later one that reused its pid, and a zombie counts as ended.
 */
record ProcStat(long pid, char state, long processGroup, long session, long startTicks) {
  private static final Path PROC = Path.of("/proc");

  static Optional<ProcStat> of(long pid) {
    try {
      return Optional.of(parse(pid, Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The command name (field 2) is in parentheses and may itself hold spaces and parentheses. */
  static ProcStat parse(long pid, String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state); field n is f[n - 3].
    return new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[19]));
  }

  /** Whether this is still the process that started at {@code expectedStartTicks} and has not ended. */
  boolean isRunningInstanceOf(long expectedStartTicks) {
    return startTicks == expectedStartTicks && !hasEnded();
  }

  boolean hasEnded() {
    return state == 'Z' || state == 'X' || state == 'x';
  }

  /** Whether the process with this pid is the one started at {@code startTicks} and still running. */
  static boolean isRunning(long pid, long startTicks) {
    return of(pid).map(s -> s.isRunningInstanceOf(startTicks)).orElse(false);
  }
}
