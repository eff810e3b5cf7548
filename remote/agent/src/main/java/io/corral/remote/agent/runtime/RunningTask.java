package io.corral.remote.agent.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A task started (or found again after an agent restart) by a {@link TaskRuntime}. */
public interface RunningTask {
  String taskId();

  /**
   * The pid of the task's supervisor, the process that waits for the command and records its exit;
   * -1 when the agent knows none on this host (a container).
   */
  long pid();

  /** What the task runs as, for people: "pid 1234", "container corral-web-1a2b3c". */
  default String launchedAs() {
    return "pid " + pid();
  }

  /** Completes once the task has ended; never completes exceptionally. Each call returns a new future. */
  CompletableFuture<ExitStatus> exit();

  /**
   * Asks the task to stop (SIGTERM to its process tree, {@code taskkill}, TERM to its container), then
   * forces whatever is left after {@code grace} (see {@link GracefulKill}); {@link Duration#ZERO} forces
   * at once. Returns immediately; {@link #exit()} completes when the task is gone. Does nothing to a
   * task that has already ended.
   */
  void kill(Duration grace);
}
