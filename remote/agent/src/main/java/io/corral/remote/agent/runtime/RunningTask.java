package io.corral.remote.agent.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A task started (or found again after an agent restart) by a {@link TaskRuntime}. */
public interface RunningTask {
  String taskId();

  /** The pid of the task's supervisor, the process that waits for the command and records its exit. */
  long pid();

  /** What the task runs as, for people: "pid 1234", "container corral-web-1a2b3c". */
  default String launchedAs() {
    return "pid " + pid();
  }

  /** Completes once the task has ended; never completes exceptionally. Each call returns a new future. */
  CompletableFuture<ExitStatus> exit();

  /**
   * Asks the whole process tree to stop with SIGTERM, then SIGKILLs whatever is left after
   * {@code grace}; {@link Duration#ZERO} kills at once. Returns immediately; {@link #exit()} completes
   * when the task is gone. Does nothing to a task that has already ended.
   */
  void kill(Duration grace);
}
