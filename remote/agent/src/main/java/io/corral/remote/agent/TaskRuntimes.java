package io.corral.remote.agent;

import io.corral.remote.agent.runtime.LinuxProcessRuntime;
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

  /** The runtime for this operating system, with a shared daemon timer for kill grace periods. */
  public static TaskRuntime forThisPlatform() {
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
