package io.corral.remote.master;

import io.corral.core.task.TaskState;
import java.util.EnumMap;
import java.util.Map;

/** Counters for /metrics/snapshot, counted by {@link Master} on the master loop and read there too. */
final class Metrics {
  private long offersSent;
  private long tasksLaunched;
  private long tasksRefused;
  private long updatesReceived;
  private final Map<TaskState, Long> taskStates = new EnumMap<>(TaskState.class);

  void countOffersSent(int offers) {
    offersSent += offers;
  }

  void countLaunch() {
    tasksLaunched++;
  }

  void countRefusal() {
    tasksRefused++;
  }

  void countUpdateReceived() {
    updatesReceived++;
  }

  void countState(TaskState state) {
    taskStates.merge(state, 1L, Long::sum);
  }

  long offersSent() {
    return offersSent;
  }

  long tasksLaunched() {
    return tasksLaunched;
  }

  long tasksRefused() {
    return tasksRefused;
  }

  long updatesReceived() {
    return updatesReceived;
  }

  /** How many times tasks entered the state. */
  long entered(TaskState state) {
    return taskStates.getOrDefault(state, 0L);
  }
}
