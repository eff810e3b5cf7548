package io.corral.shell.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU seconds of processes, for the benchmarks' breakdowns; read from /proc (0 where it cannot be read). */
final class ProcessCpu {
  /** Clock ticks per second of /proc/PID/stat; 100 on every Linux this runs on. */
  private static final double TICKS = 100.0;

  private ProcessCpu() {}

  /** This process so far. */
  static double self() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
  }

  /** The children of this process that it has waited for (cutime, cstime), so far. */
  static double reapedChildren() {
    long[] f = stat(ProcessHandle.current().pid());
    return f == null ? 0 : (f[2] + f[3]) / TICKS;
  }

  /** {@code pid} itself and its children that it has waited for (utime, stime, cutime, cstime). */
  static double withChildren(long pid) {
    long[] f = stat(pid);
    return f == null ? 0 : (f[0] + f[1] + f[2] + f[3]) / TICKS;
  }

  /** The agents (and their supervisors) of every install under {@code root}, from their pid files. */
  static double agents(Path root) {
    File[] installs = root.toFile().listFiles();
    double sum = 0;
    if (installs == null) {
      return 0;
    }
    for (File install : installs) {
      for (String name : new String[] {"run/agent.pid", "run/supervise.pid"}) {
        try {
          sum += withChildren(Long.parseLong(Files.readString(install.toPath().resolve(name)).strip()));
        } catch (IOException | NumberFormatException e) {
          // not running
        }
      }
    }
    return sum;
  }

  /** utime, stime, cutime, cstime of {@code pid}, or null. */
  private static long[] stat(long pid) {
    try {
      String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is field 3 of the whole line, utime field 14
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
