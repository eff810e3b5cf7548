package io.corral.remote.master;

import io.corral.core.model.AgentId;
import io.corral.core.model.TaskId;
import io.corral.core.task.TaskState;
import io.corral.remote.api.agent.UsageCall;
import io.corral.remote.api.convert.InputRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest usage each agent reported for each of its running tasks ({@code USAGE}), for
 * {@code GET_CONTAINERS}. In memory only, on the master loop: figures are a few seconds old at best,
 * an agent sends them all again when it registers, so nothing is worth a write. A task's figures go
 * when it ends or becomes unreachable; an answer never shows figures of a task that is not running
 * on the agent that reported them.
 */
final class UsageBook {
  private final Master master;
  private final Map<TaskId, Reported> byTask = new LinkedHashMap<>();

  /** One task's figures and the agent they came from. */
  record Reported(AgentId agent, UsageCall.Entry usage) {}

  UsageBook(Master master) {
    this.master = master;
  }

  /** Takes what {@code agent} reported; entries for tasks it does not run (ended, another agent's, unknown) are dropped. */
  void record(AgentEntry agent, List<UsageCall.Entry> entries) {
    for (UsageCall.Entry e : entries) {
      if (InputRules.idProblem("task_id", e.taskId()) != null || InputRules.idProblem("executor_id", e.executorId()) != null
          || e.containerId() != null && InputRules.idProblem("container_id", e.containerId()) != null) {
        continue; // no task of the master has such an id, and no operator should be shown one
      }
      TaskId id = TaskId.of(e.taskId());
      TaskEntry task = master.task(id);
      if (running(task, agent.id)) {
        byTask.put(id, new Reported(agent.id, e));
      }
    }
  }

  /** The task ended, or its agent cannot be reached: its figures are no longer true. */
  void forget(TaskId task) {
    byTask.remove(task);
  }

  /** Every figure still true, of {@code agent}'s tasks only unless it is null. */
  List<Reported> current(AgentId agent) {
    List<Reported> out = new ArrayList<>();
    byTask.entrySet().removeIf(e -> !running(master.task(e.getKey()), e.getValue().agent()));
    for (Reported r : byTask.values()) {
      if (agent == null || r.agent().equals(agent)) {
        out.add(r);
      }
    }
    return out;
  }

  int size() {
    return byTask.size();
  }

  private static boolean running(TaskEntry task, AgentId agent) {
    return task != null && task.task.agentId().equals(agent) && !task.task.isTerminal()
        && task.task.state() != TaskState.UNREACHABLE;
  }
}
