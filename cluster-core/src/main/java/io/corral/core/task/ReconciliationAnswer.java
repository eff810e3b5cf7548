package io.corral.core.task;

import io.corral.core.model.AgentId;
import io.corral.core.model.TaskId;
import java.time.Instant;
import java.util.Optional;

/**
 * What the master tells a framework about one task during reconciliation. Most answers are
 * ordinary status updates without a uuid ({@link Update}); the one answer that is not a task state,
 * Mesos' {@code TASK_UNKNOWN}, is a type of its own ({@link Unknown}) so that no {@link Task} can
 * ever be in it.
 */
public sealed interface ReconciliationAnswer {

  TaskId taskId();

  /** The agent the answer is about, when there is one. */
  Optional<AgentId> agentId();

  /** The state to send, as Mesos names it: {@code TASK_RUNNING}, ..., {@code TASK_UNKNOWN}. */
  String mesosStateName();

  /** An answer that is a task state: the latest state of a known task, or what became of an unknown one. */
  record Update(TaskStatus status, Optional<AgentId> agentId) implements ReconciliationAnswer {
    public Update {
      agentId = agentId == null ? Optional.empty() : agentId;
    }

    @Override
    public TaskId taskId() {
      return status.taskId();
    }

    @Override
    public String mesosStateName() {
      return status.state().mesosName();
    }
  }

  /** The master has no record of the task nor of the agent it was asked about. */
  record Unknown(TaskId taskId, Optional<AgentId> agentId, String message, Instant timestamp)
      implements ReconciliationAnswer {

    public static final String MESOS_NAME = "TASK_UNKNOWN";

    public Unknown {
      agentId = agentId == null ? Optional.empty() : agentId;
    }

    @Override
    public String mesosStateName() {
      return MESOS_NAME;
    }

    /** Always {@link TaskStatus#REASON_RECONCILIATION}, as for every other reconciliation answer. */
    public String reason() {
      return TaskStatus.REASON_RECONCILIATION;
    }
  }
}
