package io.corral.core.task;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.TaskId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a framework that asks the master what its tasks are doing, after a failover or a lost
 * message, following Mesos' reconciliation rules. Pure: the caller sends the answers.
 *
 * <p>Explicit reconciliation (the framework names tasks), one answer per named task, in the order
 * asked:
 * <ul>
 *   <li>task known to the master: its latest state;
 *   <li>unknown task, agent ACTIVE, DRAINING or DEACTIVATED (registered): {@code TASK_GONE};
 *   <li>unknown task, agent UNREACHABLE: {@code TASK_UNREACHABLE};
 *   <li>unknown task, agent GONE: {@code TASK_GONE_BY_OPERATOR};
 *   <li>unknown task, agent unknown or not given: {@code TASK_UNKNOWN}.
 * </ul>
 * Implicit reconciliation (the framework names nothing): the latest state of each of the
 * framework's non-terminal tasks, ordered by task id.
 *
 * <p>All answers come from the master, carry {@link TaskStatus#REASON_RECONCILIATION}, no uuid
 * (they are not acknowledged) and the time passed in. Tasks of other frameworks count as unknown.
 * Every framework is treated as partition-aware; Mesos would send {@code TASK_LOST} instead of the
 * partition states to older frameworks, and skips agents that are re-registering, a state Corral's
 * agents do not have.
 */
public final class Reconciliation {

  static final String LATEST = "Reconciliation: Latest task state";
  static final String UNKNOWN_TO_AGENT = "Reconciliation: Task is unknown to the agent";
  static final String UNREACHABLE = "Reconciliation: Task is unreachable";
  static final String GONE = "Reconciliation: Task is gone";
  static final String UNKNOWN = "Reconciliation: Task is unknown";

  private Reconciliation() {}

  /** Explicit reconciliation when {@code requests} names tasks, implicit when it is empty. */
  public static List<ReconciliationAnswer> reconcile(FrameworkId framework, Collection<Task> knownTasks,
      List<ReconcileRequest> requests, Map<AgentId, AgentState> agents, Instant now) {
    return requests.isEmpty()
        ? implicit(framework, knownTasks, now)
        : explicit(framework, knownTasks, requests, agents, now);
  }

  /** One answer per distinct task asked about; a task asked about twice is answered once. */
  public static List<ReconciliationAnswer> explicit(FrameworkId framework, Collection<Task> knownTasks,
      List<ReconcileRequest> requests, Map<AgentId, AgentState> agents, Instant now) {
    Map<TaskId, Task> known = new LinkedHashMap<>();
    for (Task task : knownTasks) {
      if (task.frameworkId().equals(framework)) {
        known.put(task.id(), task);
      }
    }
    Map<TaskId, ReconciliationAnswer> answers = new LinkedHashMap<>();
    for (ReconcileRequest request : requests) {
      Task task = known.get(request.taskId());
      answers.putIfAbsent(request.taskId(), task != null
          ? latest(task, now)
          : aboutUnknownTask(request.taskId(), request.agentId(), agents, now));
    }
    return List.copyOf(answers.values());
  }

  /** The latest state of every non-terminal task of {@code framework}, ordered by task id. */
  public static List<ReconciliationAnswer> implicit(FrameworkId framework, Collection<Task> knownTasks, Instant now) {
    return knownTasks.stream()
        .filter(task -> task.frameworkId().equals(framework) && !task.isTerminal())
        .sorted(Comparator.comparing(Task::id))
        .map(task -> latest(task, now))
        .toList();
  }

  private static ReconciliationAnswer latest(Task task, Instant now) {
    return answer(task.id(), task.state(), LATEST, Optional.of(task.agentId()), now);
  }

  private static ReconciliationAnswer aboutUnknownTask(TaskId taskId, Optional<AgentId> agentId,
      Map<AgentId, AgentState> agents, Instant now) {
    Optional<AgentState> agentState = agentId.map(agents::get);
    if (agentState.isEmpty()) {
      return new ReconciliationAnswer.Unknown(taskId, agentId, UNKNOWN, now);
    }
    return switch (agentState.get()) {
      case ACTIVE, DRAINING, DEACTIVATED -> answer(taskId, TaskState.GONE, UNKNOWN_TO_AGENT, agentId, now);
      case UNREACHABLE -> answer(taskId, TaskState.UNREACHABLE, UNREACHABLE, agentId, now);
      case GONE -> answer(taskId, TaskState.GONE_BY_OPERATOR, GONE, agentId, now);
    };
  }

  private static ReconciliationAnswer answer(TaskId taskId, TaskState state, String message,
      Optional<AgentId> agentId, Instant now) {
    TaskStatus status = new TaskStatus(taskId, state, TaskSource.MASTER, TaskStatus.REASON_RECONCILIATION, message,
        now, null);
    return new ReconciliationAnswer.Update(status, agentId);
  }
}
