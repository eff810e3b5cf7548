package io.corral.remote.agent.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A daemon timer for the tests' runtimes, created on first use. */
final class SharedTimer {
  static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "corral-task-runtime");
    t.setDaemon(true);
    return t;
  });

  private SharedTimer() {}
}
