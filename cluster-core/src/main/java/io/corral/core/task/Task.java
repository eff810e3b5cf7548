package io.corral.core.task;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import java.time.Instant;

/**
 * A task as the master tracks it: where it runs, what it holds, and the last update it received.
 *
 * <p>{@code state} always equals {@code lastStatus.state()}; the constructor refuses anything
 * else so the two can never disagree. {@code awaitingAcknowledgement} is true while the framework
 * owes an acknowledgement for an update of this task; the master keeps a terminal task until it is
 * false, as Mesos does, so the framework is guaranteed to hear how the task ended. Successors are
 * made by {@link TaskStateMachine}, not by callers.
 */
public record Task(TaskId id, FrameworkId frameworkId, AgentId agentId, String name, Resources resources,
    TaskState state, TaskStatus lastStatus, boolean awaitingAcknowledgement) {

  public Task {
    if (id == null || frameworkId == null || agentId == null || resources == null || lastStatus == null) {
      throw new IllegalArgumentException("a task needs an id, framework, agent, resources and a status");
    }
    if (!lastStatus.taskId().equals(id)) {
      throw new IllegalArgumentException("status of task " + lastStatus.taskId() + " given to task " + id);
    }
    if (state != lastStatus.state()) {
      throw new IllegalArgumentException("task " + id + " is " + state.mesosName() + " but its last status says "
          + lastStatus.state().mesosName());
    }
    name = name == null || name.isBlank() ? id.value() : name;
  }

  /** A task the master has just sent to its agent: {@code TASK_STAGING}, reported by the master. */
  public static Task launched(TaskId id, FrameworkId frameworkId, AgentId agentId, String name, Resources resources,
      Instant launchedAt) {
    TaskStatus staging = new TaskStatus(id, TaskState.STAGING, TaskSource.MASTER, null, "Task launched", launchedAt,
        null);
    return new Task(id, frameworkId, agentId, name, resources, TaskState.STAGING, staging, false);
  }

  public boolean isTerminal() {
    return state.isTerminal();
  }

  /** This task once its {@link StatusUpdateStream} holds nothing more for the framework to acknowledge. */
  public Task acknowledged() {
    return new Task(id, frameworkId, agentId, name, resources, state, lastStatus, false);
  }

  Task withStatus(TaskStatus status) {
    return new Task(id, frameworkId, agentId, name, resources, status.state(), status,
        awaitingAcknowledgement || status.requiresAcknowledgement());
  }
}
