package io.corral.core.task;

import java.util.List;

/**
 * The outcome of applying one status update to a task. Three outcomes rather than two, because
 * an agent retrying an update it already sent is normal and must not be logged as a bug, while a
 * genuinely illegal update is worth a person's attention.
 */
public sealed interface Transition {

  /** The task after the update: the new task if accepted, otherwise the task unchanged. */
  Task task();

  /** What the master must do, in order. */
  List<SideEffect> effects();

  default boolean isAccepted() {
    return this instanceof Accepted;
  }

  /** The update was legal; {@code task} is the successor. */
  record Accepted(Task task, List<SideEffect> effects) implements Transition {
    public Accepted {
      effects = List.copyOf(effects);
    }
  }

  /**
   * The update was illegal and changes nothing; {@code reason} names both states. Effects are
   * usually empty, but a terminal task reported alive by its agent yields a kill.
   */
  record Rejected(Task task, String reason, List<SideEffect> effects) implements Transition {
    public Rejected {
      effects = List.copyOf(effects);
    }
  }

  /** The update repeats the task's last one (same state and uuid), as an agent retry does. */
  record Duplicate(Task task) implements Transition {
    @Override
    public List<SideEffect> effects() {
      return List.of();
    }
  }
}
