package io.corral.remote.agent;

import io.corral.remote.agent.health.HealthCheckSpec;
import io.corral.remote.agent.health.ProcessProbe;
import io.corral.remote.agent.health.Probe;
import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.runtime.TaskLaunch;
import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.agent.runtime.TaskUser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Tasks as processes of this host's {@link TaskRuntime}, as the account {@link TaskIdentity} decides. */
final class ProcessTaskRunner implements TaskRunner {
  private final TaskRuntime runtime;
  private final TaskIdentity identity;

  ProcessTaskRunner(TaskRuntime runtime, TaskIdentity identity) {
    this.runtime = runtime;
    this.identity = identity;
  }

  /** Runs by the time it returns: the STARTING message says which process, and as whom. */
  @Override
  public Launching launch(TaskRecord task, Optional<String> user) throws LaunchException {
    TaskIdentity.Decision as = identity.forProcessTask(user);
    if (as instanceof TaskIdentity.Refused refused) {
      throw new LaunchException(refused.message());
    }
    TaskUser account = as instanceof TaskIdentity.AsUser switched ? switched.user() : null;
    RunningTask running = runtime.launch(TaskLaunches.from(task.info, task.sandbox).asUser(account));
    String how = account != null ? ", as user " + account.name()
        : as instanceof TaskIdentity.AsAgent agent && agent.note() != null ? ", " + agent.note() : "";
    return new Launching("launched, " + running.launchedAs() + how, CompletableFuture.completedFuture(running),
        r -> null);
  }

  /**
   * The check's command as the task's own account (decided again, as at launch), in its sandbox, with
   * the task's environment and the check's on top.
   */
  @Override
  public Probe commandCheck(TaskRecord task, HealthCheckSpec.Command command, String what, Executor blocking) {
    if (!runtime.runsCheckCommands()) {
      throw new UnsupportedOperationException("command health checks run only on Linux agents and in Docker tasks");
    }
    TaskIdentity.Decision as = identity.forProcessTask(task.user);
    if (as instanceof TaskIdentity.Refused refused) {
      throw new UnsupportedOperationException(refused.message());
    }
    TaskUser account = as instanceof TaskIdentity.AsUser switched ? switched.user() : null;
    Map<String, String> environment = new LinkedHashMap<>(TaskLaunches.from(task.info, task.sandbox).environment());
    environment.putAll(command.environment());
    TaskLaunch check = new TaskLaunch(task.id(), task.sandbox, command.shell() ? List.of() : command.argv(),
        command.shell() ? command.value() : null, environment, null, 0, 0, account);
    return new ProcessProbe(what, () -> runtime.startCheckCommand(check), blocking);
  }

  @Override
  public Optional<RunningTask> recover(String taskId, Path sandbox) {
    return runtime.recover(taskId, sandbox);
  }

  @Override
  public void recovered(Set<String> taskIds) {
    runtime.recovered();
  }

  /** How the runtime isolates tasks: {@code isolation:cgroups} and {@code cgroups:v1}, or {@code isolation:none}. */
  @Override
  public Map<String, String> attributes() {
    return runtime.attributes();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
