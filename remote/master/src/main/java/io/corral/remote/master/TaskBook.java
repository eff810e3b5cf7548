package io.corral.remote.master;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.TaskId;
import io.corral.core.state.StateChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The master's tasks, live and completed, indexed by id and by agent; the one place tasks enter
 * and leave its books, so the index by agent and the bound on completed tasks hold by
 * construction. Not thread-safe: used on the master loop only, through {@link Master}.
 *
 * <p>Ended tasks that need no acknowledgement any more are kept oldest first, by framework
 * (removed frameworks' too). Only the newest {@code maxPerFramework} of each stay in the books and
 * the store, as in Mesos, so memory, GET_STATE and restarts do not grow with every task ever run.
 */
final class TaskBook {
  private final Map<TaskId, TaskEntry> tasks = new LinkedHashMap<>();
  private final Collection<TaskEntry> view = Collections.unmodifiableCollection(tasks.values());
  private final Map<AgentId, Map<TaskId, TaskEntry>> byAgent = new HashMap<>();
  private final Map<FrameworkId, ArrayDeque<TaskEntry>> completed = new HashMap<>();
  /** Removed frameworks whose completed tasks are still kept, oldest removal first. */
  private final ArrayDeque<FrameworkId> completedFrameworks = new ArrayDeque<>();
  private final int maxPerFramework;
  private final int maxFrameworks;
  /** Where a forgotten task's removal goes: the loop's current burst. */
  private final Consumer<StateChange> persist;

  TaskBook(int maxPerFramework, int maxFrameworks, Consumer<StateChange> persist) {
    this.maxPerFramework = maxPerFramework;
    this.maxFrameworks = maxFrameworks;
    this.persist = persist;
  }

  TaskEntry get(TaskId id) {
    return tasks.get(id);
  }

  boolean contains(TaskId id) {
    return tasks.containsKey(id);
  }

  int size() {
    return tasks.size();
  }

  /** Every task in the books, in the order they entered; read-only. */
  Collection<TaskEntry> all() {
    return view;
  }

  /** Adds a task, indexed by agent (registrations and partitions look tasks up by agent). */
  void add(TaskEntry entry) {
    tasks.put(entry.task.id(), entry);
    byAgent.computeIfAbsent(entry.task.agentId(), k -> new LinkedHashMap<>()).put(entry.task.id(), entry);
  }

  /** The framework's tasks, as a copy: callers change their states while iterating. */
  List<TaskEntry> of(FrameworkId framework) {
    List<TaskEntry> out = new ArrayList<>();
    for (TaskEntry t : tasks.values()) {
      if (t.task.frameworkId().equals(framework)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The agent's tasks that have not ended, as a copy: callers change their states while iterating. */
  List<TaskEntry> liveOn(AgentId agent) {
    Map<TaskId, TaskEntry> on = byAgent.get(agent);
    if (on == null) {
      return List.of();
    }
    List<TaskEntry> live = new ArrayList<>();
    for (TaskEntry t : on.values()) {
      if (!t.task.isTerminal()) {
        live.add(t);
      }
    }
    return live;
  }

  /**
   * Moves an ended task to the framework's completed tasks once its end has been acknowledged (or
   * needs no acknowledgement), forgetting the oldest beyond the limit. With {@code force} the
   * acknowledgement is not waited for: the framework is gone and will never send it.
   */
  void retireIfEnded(TaskEntry t, boolean force) {
    if (t.retired || !t.task.isTerminal() || (t.task.awaitingAcknowledgement() && !force)) {
      return;
    }
    t.retired = true;
    ArrayDeque<TaskEntry> kept = completed.computeIfAbsent(t.task.frameworkId(), k -> new ArrayDeque<>());
    kept.addLast(t);
    while (kept.size() > maxPerFramework) {
      forget(kept.pollFirst());
    }
  }

  /** A removed framework keeps its completed tasks until {@code maxFrameworks} newer ones were removed. */
  void retireFramework(FrameworkId id) {
    completedFrameworks.remove(id);
    completedFrameworks.addLast(id);
    while (completedFrameworks.size() > maxFrameworks) {
      ArrayDeque<TaskEntry> kept = completed.remove(completedFrameworks.pollFirst());
      if (kept != null) {
        kept.forEach(this::forget);
      }
    }
  }

  /**
   * After a restart: files recovered ended tasks as completed, oldest end first, and trims them to
   * the limits; tasks of frameworks that no longer exist count as a removed framework's.
   */
  void retireRecovered(Predicate<FrameworkId> frameworkExists) {
    List<TaskEntry> ended = new ArrayList<>();
    for (TaskEntry t : tasks.values()) {
      if (t.task.isTerminal()) {
        ended.add(t);
      }
    }
    ended.sort(Comparator.comparing(t -> t.task.lastStatus().timestamp(),
        Comparator.nullsFirst(Comparator.naturalOrder())));
    LinkedHashSet<FrameworkId> gone = new LinkedHashSet<>();
    for (TaskEntry t : ended) {
      boolean frameworkGone = !frameworkExists.test(t.task.frameworkId());
      if (frameworkGone) {
        gone.remove(t.task.frameworkId());
        gone.add(t.task.frameworkId());
      }
      retireIfEnded(t, frameworkGone);
    }
    gone.forEach(this::retireFramework);
  }

  private void forget(TaskEntry t) {
    TaskId id = t.task.id();
    if (tasks.get(id) != t) {
      return;
    }
    tasks.remove(id);
    Map<TaskId, TaskEntry> on = byAgent.get(t.task.agentId());
    if (on != null) {
      on.remove(id);
      if (on.isEmpty()) {
        byAgent.remove(t.task.agentId());
      }
    }
    persist.accept(new StateChange.RemoveTask(id));
  }
}
