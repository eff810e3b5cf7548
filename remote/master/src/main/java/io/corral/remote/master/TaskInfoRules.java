package io.corral.remote.master;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.remote.api.convert.HealthCheckRules;
import io.corral.remote.api.convert.InputRules;
import io.corral.remote.api.convert.ResourceConversion;
import org.apache.mesos.v1.Protos;

/**
 * The checks of one task in an ACCEPT that need none of the master's state, as Mesos'
 * {@code validation::task} makes them, with Corral's id rules ({@link InputRules#idProblem}).
 * Each problem names the field ({@code "task_id: 10000 bytes, over the limit of 255"}); it becomes
 * the message of the task's TASK_ERROR. Whether the id is already taken and whether the offers
 * hold the task's resources are the {@link AcceptCalls}'s to check.
 */
final class TaskInfoRules {
  private TaskInfoRules() {}

  /** The first problem of the task, or null. {@code agent} is the agent of the offers. */
  static String problem(Protos.TaskInfo t, FrameworkId framework, AgentId agent) {
    String problem = InputRules.idProblem("task_id", t.getTaskId().getValue());
    if (problem == null) {
      problem = InputRules.textProblem("name", t.getName(), InputRules.MAX_NAME_BYTES);
    }
    if (problem == null && !t.getAgentId().getValue().isEmpty() && !t.getAgentId().getValue().equals(agent.value())) {
      problem = "Task uses agent " + t.getAgentId().getValue() + " but the offers are for agent " + agent;
    }
    if (problem == null && !t.hasCommand() && !t.hasExecutor() && !t.hasContainer()) {
      problem = "Task should have at least one of CommandInfo, ContainerInfo or ExecutorInfo present";
    }
    if (problem == null && t.hasExecutor()) {
      problem = executorProblem("executor", t.getExecutor(), framework);
    }
    if (problem == null && t.hasKillPolicy() && t.getKillPolicy().hasGracePeriod()) {
      problem = durationProblem("kill_policy.grace_period", t.getKillPolicy().getGracePeriod());
    }
    if (problem == null && t.hasMaxCompletionTime()) {
      problem = durationProblem("max_completion_time", t.getMaxCompletionTime());
    }
    if (problem == null && t.hasHealthCheck()) {
      problem = HealthCheckRules.problem("health_check", t.getHealthCheck());
    }
    return problem;
  }

  /** The problem of a task's executor, or of a LAUNCH_GROUP's, or null. */
  static String executorProblem(String field, Protos.ExecutorInfo e, FrameworkId framework) {
    String problem = InputRules.idProblem(field + ".executor_id", e.getExecutorId().getValue());
    if (problem == null && e.hasFrameworkId() && !e.getFrameworkId().getValue().equals(framework.value())) {
      problem = field + ".framework_id: '" + e.getFrameworkId().getValue() + "' is not the framework's id " + framework;
    }
    if (problem == null) {
      problem = InputRules.textProblem(field + ".name", e.getName(), InputRules.MAX_NAME_BYTES);
    }
    if (problem == null) {
      try {
        ResourceConversion.fromMesos(e.getResourcesList());
      } catch (IllegalArgumentException invalid) {
        problem = field + ".resources: " + invalid.getMessage();
      }
    }
    return problem;
  }

  /** As Mesos: a kill policy's grace period and a task's maximal run time are not negative. */
  private static String durationProblem(String field, Protos.DurationInfo d) {
    return d.getNanoseconds() < 0 ? field + ": " + d.getNanoseconds() + " nanoseconds is negative" : null;
  }
}
