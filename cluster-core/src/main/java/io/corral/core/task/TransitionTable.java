package io.corral.core.task;

import static io.corral.core.task.TaskState.DROPPED;
import static io.corral.core.task.TaskState.ERROR;
import static io.corral.core.task.TaskState.FAILED;
import static io.corral.core.task.TaskState.FINISHED;
import static io.corral.core.task.TaskState.GONE;
import static io.corral.core.task.TaskState.GONE_BY_OPERATOR;
import static io.corral.core.task.TaskState.KILLED;
import static io.corral.core.task.TaskState.KILLING;
import static io.corral.core.task.TaskState.LOST;
import static io.corral.core.task.TaskState.RUNNING;
import static io.corral.core.task.TaskState.STAGING;
import static io.corral.core.task.TaskState.STARTING;
import static io.corral.core.task.TaskState.UNREACHABLE;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which status updates a task in a given state may accept, following Mesos semantics.
 *
 * <pre>
 * from         may move to (besides repeating its own state)
 * STAGING      STARTING, RUNNING, KILLING, UNREACHABLE, every terminal state
 * STARTING     RUNNING, KILLING, UNREACHABLE, every terminal state
 * RUNNING      KILLING, UNREACHABLE, every terminal state
 * KILLING      UNREACHABLE, KILLED, FINISHED, FAILED, ERROR, LOST, GONE, GONE_BY_OPERATOR
 * UNREACHABLE  STARTING, RUNNING, KILLING, every terminal state
 * terminal     nothing, not even its own state again
 * </pre>
 *
 * <p>Terminal states are FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE and
 * GONE_BY_OPERATOR. A non-terminal state may repeat (a RUNNING task reporting RUNNING again
 * carries e.g. a health check result). Why the gaps: nothing goes back to STAGING, which only the
 * master assigns at launch; a KILLING task was already launched, so it cannot be DROPPED and does
 * not start running again; UNREACHABLE means only that the agent is away, so the task may come
 * back in whatever state the agent reports or end while away; a terminal task's resources have
 * been recovered, so it must never come back.
 */
public final class TransitionTable {

  private static final Set<TaskState> TERMINAL = EnumSet.of(FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE,
      GONE_BY_OPERATOR);

  private static final Map<TaskState, Set<TaskState>> LEGAL = build();

  private TransitionTable() {}

  /** The states a task in {@code from} may move to, including {@code from} itself when non-terminal. */
  public static Set<TaskState> legalTargets(TaskState from) {
    return LEGAL.get(from);
  }

  public static boolean isLegal(TaskState from, TaskState to) {
    return LEGAL.get(from).contains(to);
  }

  private static Map<TaskState, Set<TaskState>> build() {
    Map<TaskState, Set<TaskState>> table = new EnumMap<>(TaskState.class);
    table.put(STAGING, withTerminal(STAGING, STARTING, RUNNING, KILLING, UNREACHABLE));
    table.put(STARTING, withTerminal(STARTING, RUNNING, KILLING, UNREACHABLE));
    table.put(RUNNING, withTerminal(RUNNING, KILLING, UNREACHABLE));
    table.put(KILLING, unmodifiable(EnumSet.of(KILLING, UNREACHABLE, KILLED, FINISHED, FAILED, ERROR, LOST, GONE,
        GONE_BY_OPERATOR)));
    table.put(UNREACHABLE, withTerminal(UNREACHABLE, STARTING, RUNNING, KILLING));
    for (TaskState terminal : TERMINAL) {
      table.put(terminal, Collections.emptySet());
    }
    return Collections.unmodifiableMap(table);
  }

  private static Set<TaskState> withTerminal(TaskState first, TaskState... rest) {
    EnumSet<TaskState> targets = EnumSet.of(first, rest);
    targets.addAll(TERMINAL);
    return unmodifiable(targets);
  }

  private static Set<TaskState> unmodifiable(EnumSet<TaskState> states) {
    return Collections.unmodifiableSet(states);
  }
}
