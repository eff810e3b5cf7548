package io.corral.remote.api.convert;

import java.util.Optional;
import org.apache.mesos.v1.Protos;

/**
 * The user a task runs as, as Mesos decides it: the task's {@code command.user}, else (for a task
 * with an executor) the executor's {@code command.user}, else the framework's {@code user}. The
 * master authorizes this user ({@code run_tasks}); the agent switches to it. An empty user counts
 * as none.
 */
public final class TaskUsers {
  private TaskUsers() {}

  /** The task's user; empty when neither the task nor its framework names one. */
  public static Optional<String> effective(Protos.TaskInfo task, Protos.FrameworkInfo framework) {
    if (!task.getCommand().getUser().isEmpty()) {
      return Optional.of(task.getCommand().getUser());
    }
    if (!task.getExecutor().getCommand().getUser().isEmpty()) {
      return Optional.of(task.getExecutor().getCommand().getUser());
    }
    return framework == null ? Optional.empty() : nonEmpty(framework.getUser());
  }

  private static Optional<String> nonEmpty(String user) {
    return user.isEmpty() ? Optional.empty() : Optional.of(user);
  }
}
