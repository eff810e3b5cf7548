package io.corral.core.task;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The lifecycle of a task: exactly the states of Mesos v1 {@code TaskState}, so frameworks written
 * against Mesos read Corral's updates without translation.
 *
 * <p>{@code TASK_UNKNOWN} is deliberately absent: Mesos never stores it, it only answers a
 * reconciliation request about a task the master has no record of. That answer is
 * {@link ReconciliationAnswer.Unknown}.
 */
public enum TaskState {
  /** Accepted by the master, on its way to the agent. */
  STAGING(false),
  /** The agent or executor is setting the task up. */
  STARTING(false),
  RUNNING(false),
  /** The executor received a kill and is shutting the task down (grace period). */
  KILLING(false),
  FINISHED(true),
  FAILED(true),
  KILLED(true),
  /** The task description was invalid; it never ran. */
  ERROR(true),
  /** Legacy catch-all for a task the master lost track of; partition-aware code uses the states below. */
  LOST(true),
  /** The task failed to launch because of a transient error; it never ran. */
  DROPPED(true),
  /**
   * The task's agent stopped answering. Not terminal: the agent may come back with the task
   * still running, or the task may end while the agent is away.
   */
  UNREACHABLE(false),
  /** The agent came back without the task, or the agent is known to have lost it. */
  GONE(true),
  /** An operator declared the task's agent gone for good. */
  GONE_BY_OPERATOR(true);

  private static final String PREFIX = "TASK_";

  private final boolean terminal;

  TaskState(boolean terminal) {
    this.terminal = terminal;
  }

  /** True when no further update can change the task: its resources are free again. */
  public boolean isTerminal() {
    return terminal;
  }

  /** The Mesos protobuf name, e.g. {@code TASK_RUNNING}. */
  public String mesosName() {
    return MESOS_NAMES[ordinal()];
  }

  private static final String[] MESOS_NAMES = Arrays.stream(values()).map(s -> PREFIX + s.name())
      .toArray(String[]::new);

  /**
   * Parses a Mesos name such as {@code TASK_RUNNING}.
   *
   * @throws IllegalArgumentException naming the valid states, for anything else (including
   *     {@code TASK_UNKNOWN}, which is a reconciliation answer, not a state)
   */
  public static TaskState fromMesosName(String mesosName) {
    for (TaskState state : values()) {
      if (state.mesosName().equals(mesosName)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown task state '" + mesosName + "' (expected one of "
        + Arrays.stream(values()).map(TaskState::mesosName).collect(Collectors.joining(", ")) + ")");
  }
}
