package io.corral.core.task;

import io.corral.core.model.AgentId;
import io.corral.core.model.TaskId;
import java.util.Optional;

/**
 * One task a framework asks about in explicit reconciliation, with the agent it believes the task
 * is on when it knows one. The agent matters only when the master does not know the task: it
 * tells "the agent lost it" from "the agent is away" from "never heard of it".
 */
public record ReconcileRequest(TaskId taskId, Optional<AgentId> agentId) {

  public ReconcileRequest {
    if (taskId == null) {
      throw new IllegalArgumentException("a reconciliation request needs a task id");
    }
    agentId = agentId == null ? Optional.empty() : agentId;
  }

  public static ReconcileRequest of(TaskId taskId) {
    return new ReconcileRequest(taskId, Optional.empty());
  }

  public static ReconcileRequest of(TaskId taskId, AgentId agentId) {
    return new ReconcileRequest(taskId, Optional.of(agentId));
  }
}
