package io.corral.remote.agent;

import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.agent.runtime.TaskUser;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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

  @Override
  public Optional<RunningTask> recover(String taskId, Path sandbox) {
    return runtime.recover(taskId, sandbox);
  }
}
