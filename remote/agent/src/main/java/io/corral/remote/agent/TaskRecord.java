package io.corral.remote.agent;

import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.health.HealthChecks;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.mesos.v1.Protos;

/** A task this agent runs (or ran and still owes an acknowledged end for). */
final class TaskRecord {
  final String frameworkId;
  final String role;
  final Protos.TaskInfo info;
  final Path sandbox;
  /** The user the task was launched for (the command's, else the framework's); empty: none named. */
  final Optional<String> user;
  volatile RunningTask running;
  volatile Protos.TaskStatus last;
  volatile boolean killRequested;
  /** The task's health checks while they run, else null. */
  volatile HealthChecks.Checking health;
  /** Why the health checks had the task killed, for its end; null when they did not. */
  volatile String healthKill;

  TaskRecord(String frameworkId, String role, Protos.TaskInfo info, Path sandbox, Optional<String> user) {
    this.frameworkId = frameworkId;
    this.role = role;
    this.info = info;
    this.sandbox = sandbox;
    this.user = user;
  }

  String id() {
    return info.getTaskId().getValue();
  }
}
