package io.corral.remote.agent.runtime;

import io.corral.remote.agent.isolation.TaskCgroups;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Runs tasks as operating-system processes that outlive the agent: a task keeps running when the agent
 * dies, and a new agent finds it again (and its exit status) from what {@link #launch} recorded in
 * the sandbox.
 */
public interface TaskRuntime {

  /** Starts a task; it survives the agent's death. */
  RunningTask launch(TaskLaunch launch) throws LaunchException;

  /**
   * Re-attaches to a task launched by an earlier agent, from what {@link #launch} recorded in the
   * sandbox; empty if the sandbox records nothing (the agent died before the task started).
   */
  Optional<RunningTask> recover(String taskId, Path sandbox);

  /** Whether cpus and memory limits are enforced on this host, or only accounted for. */
  boolean enforcesLimits();

  /** What the agent reports about this runtime's isolation ({@code isolation:cgroups}, {@code cgroups:v1}). */
  default Map<String, String> attributes() {
    return Map.of();
  }

  /** Where the kernel keeps the accounting of this runtime's tasks. */
  default TaskCgroups taskCgroups() {
    return TaskCgroups.NONE;
  }

  /** Every task of the agent has been recovered: what belongs to none of them (stray cgroups) can go. */
  default void recovered() {}

  /** The agent stops; its tasks keep running. */
  default void close() {}

  /**
   * Whether this runtime runs a {@link TaskLaunch#user()} other than the agent's (Linux, given the
   * privilege: {@link #mayRunAsOthers}); if not, every task runs as the agent's own user and launches
   * never name another.
   */
  default boolean switchesUsers() {
    return false;
  }

  /** Whether this agent may run tasks as users other than its own (on Linux: it runs as root). */
  default boolean mayRunAsOthers() {
    return false;
  }

  /**
   * The account named {@code name} on this host, for a task to run as; empty if the host has none.
   *
   * @throws IllegalStateException when the host's user database cannot be asked
   */
  default Optional<TaskUser> account(String name) {
    return Optional.empty();
  }

  /**
   * Whether {@link #startCheckCommand} runs health check commands on this platform: on Linux; not yet
   * on Windows, whose agents run HTTP and TCP checks only (a COMMAND check leaves the task unchecked).
   */
  default boolean runsCheckCommands() {
    return false;
  }

  /**
   * Starts a task's COMMAND health check: {@code check} is the check's command with the task's sandbox,
   * environment and account; it runs in the sandbox as the task does, its output discarded. The caller
   * waits for it and kills it (and what it started) when it takes too long.
   *
   * @throws LaunchException when it cannot start, or this runtime runs no check commands
   */
  default Process startCheckCommand(TaskLaunch check) throws LaunchException {
    throw new LaunchException("command health checks do not run on this platform yet");
  }
}
