package io.corral.remote.master;

import io.corral.core.task.TaskState;
import java.util.EnumMap;
import java.util.Map;

/** Counters for /metrics/snapshot, updated on the master loop. */
final class Metrics {
  long offersSent;
  long tasksLaunched;
  long tasksRefused;
  long updatesReceived;
  final Map<TaskState, Long> taskStates = new EnumMap<>(TaskState.class);

  void countState(TaskState state) {
    taskStates.merge(state, 1L, Long::sum);
  }
}
