package io.corral.remote.agent;

import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * How the daemon runs one kind of task, from the master's TaskInfo: as a process of this host's
 * {@link io.corral.remote.agent.runtime.TaskRuntime} or as a Docker container. Every kind is launched,
 * recovered and killed the same way; {@link TaskRunners} chooses the runner for each task.
 */
interface TaskRunner extends AutoCloseable {

  /**
   * Starts {@code task} as {@code user} (empty: as nobody in particular, see {@link TaskIdentity}).
   * What it returns is reported at once; the task may come to run later (a container's image is pulled
   * first), or fail to.
   *
   * @throws LaunchException when the task cannot start, saying why
   */
  Launching launch(TaskRecord task, Optional<String> user) throws LaunchException, IOException;

  /**
   * The task an earlier agent launched into {@code sandbox}; empty if it left no trace there.
   *
   * @throws Unrecoverable when this agent cannot run such a task at all
   */
  Optional<RunningTask> recover(String taskId, Path sandbox);

  /** Every task in the work directory has been recovered: leftovers that belong to none can go. */
  default void recovered(Set<String> taskIds) {}

  /** Attributes this runner adds to the agent's (e.g. {@code docker:true}), asked once at start. */
  default Map<String, String> attributes() {
    return Map.of();
  }

  /** The agent stops; tasks keep running for the next start. */
  @Override
  default void close() {}

  /**
   * A launch under way.
   *
   * @param starting the message of TASK_STARTING
   * @param running completes with the task once it runs, or exceptionally with why it could not start
   * @param runningMessage the message of TASK_RUNNING (null: none)
   */
  record Launching(String starting, CompletableFuture<RunningTask> running,
      Function<RunningTask, String> runningMessage) {}

  /** This agent cannot run the task at all; the message says why, for TASK_LOST. */
  final class Unrecoverable extends RuntimeException {
    Unrecoverable(String message) {
      super(message);
    }
  }
}
