package io.corral.remote.agent;

import io.corral.remote.agent.health.HealthCheckSpec;
import io.corral.remote.agent.health.Probe;
import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.mesos.v1.Protos;

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

  /**
   * The probe of the task's COMMAND health check, run where and as the task runs.
   *
   * @param what the check for messages
   * @param blocking where the probe may block a thread
   * @throws UnsupportedOperationException when this agent cannot run such a check for the task, saying why
   */
  Probe commandCheck(TaskRecord task, HealthCheckSpec.Command command, String what, Executor blocking);

  /** The port of this host an HTTP or TCP health check of the task's {@code port} connects to. */
  default int checkedPort(Protos.TaskInfo task, int port) {
    return port;
  }

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
