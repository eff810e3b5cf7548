package io.corral.remote.agent;

import io.corral.remote.agent.runtime.RunningTask;
import java.nio.file.Path;
import org.apache.mesos.v1.Protos;

/** A task this agent runs (or ran and still owes an acknowledged end for). */
final class TaskRecord {
  final String frameworkId;
  final String role;
  final Protos.TaskInfo info;
  final Path sandbox;
  volatile RunningTask running;
  volatile Protos.TaskStatus last;
  volatile boolean killRequested;

  TaskRecord(String frameworkId, String role, Protos.TaskInfo info, Path sandbox) {
    this.frameworkId = frameworkId;
    this.role = role;
    this.info = info;
    this.sandbox = sandbox;
  }

  String id() {
    return info.getTaskId().getValue();
  }
}
