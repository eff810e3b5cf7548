package io.corral.remote.agent;

import io.corral.remote.agent.isolation.IsolationOptions;
import io.corral.remote.agent.isolation.IsolationUnavailable;
import io.corral.remote.agent.isolation.Isolator;
import io.corral.remote.agent.runtime.LinuxProcessRuntime;
import java.nio.file.Path;
import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.agent.windows.WindowsProcessRuntime;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Chooses the process runtime for the operating system this JVM runs on, once, at start-up. It lives
 * apart from {@link TaskRuntime} so that the contract depends on none of its implementations.
 */
public final class TaskRuntimes {
  private TaskRuntimes() {}

  /**
   * The runtime for this operating system, with a shared daemon timer for kill grace periods, isolating
   * no task (for tests of other parts; an agent runs with {@link #forAgent}).
   */
  public static TaskRuntime forThisPlatform() {
    return forThisPlatform(SharedTimer.INSTANCE);
  }

  /**
   * The runtime of the agent whose work directory is {@code workDir}, isolating tasks as {@code options}
   * say: on Linux with cgroups under the agent's own parent, or none.
   *
   * @throws IsolationUnavailable when {@code options} ask for cgroups this Linux host cannot give
   */
  public static TaskRuntime forAgent(IsolationOptions options, Path workDir) throws IsolationUnavailable {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux")) {
      return LinuxProcessRuntime.detect(SharedTimer.INSTANCE, Isolator.start(options, workDir));
    }
    // Windows: every task's Job Object holds its memory and cpu limits whatever the options say.
    return forThisPlatform(SharedTimer.INSTANCE);
  }

  /** The runtime for this operating system; {@code timer} runs the kill grace periods and exit watches. */
  public static TaskRuntime forThisPlatform(ScheduledExecutorService timer) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux")) {
      return LinuxProcessRuntime.detect(timer);
    }
    if (os.startsWith("windows")) {
      // Loads JNA only here, on Windows.
      return new WindowsProcessRuntime(timer);
    }
    throw new UnsupportedOperationException("no task runtime for " + System.getProperty("os.name")
        + "; the agent runs tasks on Linux and Windows");
  }

  /** The timer, made at first use: a holder class, so that a caller passing its own never starts it. */
  private static final class SharedTimer {
    static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "corral-task-runtime");
      t.setDaemon(true);
      return t;
    });
  }
}
