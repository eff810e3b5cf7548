package io.corral.core.task;

import io.corral.core.task.SideEffect.AwaitAcknowledgement;
import io.corral.core.task.SideEffect.ForwardToFramework;
import io.corral.core.task.SideEffect.KillOnAgent;
import io.corral.core.task.SideEffect.PersistTask;
import io.corral.core.task.SideEffect.RecoverResources;
import io.corral.core.task.Transition.Accepted;
import io.corral.core.task.Transition.Duplicate;
import io.corral.core.task.Transition.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what one status update does to a task, and what the master must do about it, without
 * doing any of it (compare Aurora's {@code TaskStateMachine}). Legal moves are those of
 * {@link TransitionTable}.
 *
 * <p>An accepted update yields, in order: {@link PersistTask}; {@link RecoverResources} when the
 * task enters a terminal state; then {@link AwaitAcknowledgement} when the update carries a uuid,
 * or {@link ForwardToFramework} when it does not.
 *
 * <p>A repeat of the task's last update (same state, same uuid) is a {@link Duplicate}. Older
 * retries cannot be recognised from the task alone: the master asks the task's
 * {@link StatusUpdateStream}, which remembers every uuid, before calling this.
 */
public final class TaskStateMachine {

  public Transition apply(Task task, TaskStatus update) {
    if (!update.taskId().equals(task.id())) {
      return new Rejected(task, "update for task " + update.taskId() + " cannot be applied to task " + task.id(),
          List.of());
    }
    String lastUuid = task.lastStatus().uuid();
    if (update.uuid() != null && update.uuid().equals(lastUuid)) {
      if (update.state() == task.state()) {
        return new Duplicate(task);
      }
      return new Rejected(task, "update " + describe(task, update) + " reuses uuid " + lastUuid
          + " of the task's last update", List.of());
    }
    if (!TransitionTable.isLegal(task.state(), update.state())) {
      return reject(task, update);
    }
    return accept(task, update);
  }

  private static Transition accept(Task task, TaskStatus update) {
    Task next = task.withStatus(update);
    List<SideEffect> effects = new ArrayList<>(3);
    effects.add(new PersistTask(next));
    if (next.isTerminal()) {
      effects.add(new RecoverResources(task.frameworkId(), task.agentId(), task.resources()));
    }
    effects.add(update.requiresAcknowledgement()
        ? new AwaitAcknowledgement(task.frameworkId(), update)
        : new ForwardToFramework(task.frameworkId(), update));
    return new Accepted(next, effects);
  }

  private static Transition reject(Task task, TaskStatus update) {
    if (!task.isTerminal()) {
      return new Rejected(task, "illegal transition " + describe(task, update), List.of());
    }
    String reason = "illegal transition " + describe(task, update) + ": the task already ended";
    boolean reportedAlive = !update.state().isTerminal() && update.source() != TaskSource.MASTER;
    List<SideEffect> effects = reportedAlive
        ? List.of(new KillOnAgent(task.agentId(), task.frameworkId(), task.id()))
        : List.of();
    return new Rejected(task, reason, effects);
  }

  private static String describe(Task task, TaskStatus update) {
    return task.state().mesosName() + " -> " + update.state().mesosName() + " for task " + task.id();
  }
}
