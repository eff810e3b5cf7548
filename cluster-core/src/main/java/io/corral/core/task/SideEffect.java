package io.corral.core.task;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;

/**
 * Something the master must do because of a task decision, returned as data so the decision can
 * be tested without a master. Lists of effects are ordered and the master executes them in that
 * order: persistence comes first, so a master that fails over half-way never has told a framework
 * or an agent more than it has written down.
 */
public sealed interface SideEffect {

  /** Write the task's new state before acting on it. */
  record PersistTask(Task task) implements SideEffect {}

  /**
   * Give a task's resources back to the allocator. Emitted exactly once per task, on entering a
   * terminal state (terminal states have no exits). If the agent has already been removed from the
   * allocator, as for an unreachable agent, recovering is a no-op there, as in Mesos.
   */
  record RecoverResources(FrameworkId frameworkId, AgentId agentId, Resources resources) implements SideEffect {}

  /**
   * Send this update to the framework now. The state machine emits it for updates that need no
   * acknowledgement; a {@link StatusUpdateStream} emits it when an acknowledged update reaches the
   * head of its queue and each time it is retried.
   */
  record ForwardToFramework(FrameworkId frameworkId, TaskStatus status) implements SideEffect {}

  /**
   * Hand this update to the task's {@link StatusUpdateStream}: the framework must acknowledge its
   * uuid, and it goes out only after every earlier update of the task has been acknowledged.
   */
  record AwaitAcknowledgement(FrameworkId frameworkId, TaskStatus status) implements SideEffect {
    public TaskId taskId() {
      return status.taskId();
    }

    public String uuid() {
      return status.uuid();
    }
  }

  /**
   * The framework acknowledged an update that came from the agent: pass the acknowledgement on,
   * so the agent stops retrying it and can send the next one.
   */
  record AcknowledgeOnAgent(AgentId agentId, FrameworkId frameworkId, TaskId taskId, String uuid)
      implements SideEffect {}

  /**
   * The framework acknowledged the task's terminal update: the master may now forget the task
   * (keeping it only in its history of completed tasks).
   */
  record RemoveTask(FrameworkId frameworkId, TaskId taskId) implements SideEffect {}

  /**
   * The agent reports alive a task the master has already ended and whose resources it has
   * recovered: kill it, or it runs untracked on resources that may be offered to someone else.
   */
  record KillOnAgent(AgentId agentId, FrameworkId frameworkId, TaskId taskId) implements SideEffect {}
}
