package io.corral.remote.master;

import io.corral.core.task.Task;
import org.apache.mesos.v1.Protos;

/** A task: the core's view (state machine), the TaskInfo it was launched with, its role, its last status as sent. */
final class TaskEntry {
  Task task;
  final Protos.TaskInfo info;
  final String role;
  Protos.TaskStatus lastStatus;
  /** Filed among its framework's completed tasks (see {@link Master#retireIfEnded}). */
  boolean retired;
  private byte[] infoBytes;

  TaskEntry(Task task, Protos.TaskInfo info, String role, Protos.TaskStatus lastStatus) {
    this.task = task;
    this.info = info;
    this.role = role;
    this.lastStatus = lastStatus;
  }

  /** The TaskInfo's protobuf bytes, encoded once: every persisted update of the task carries them. */
  byte[] infoBytes() {
    if (infoBytes == null) {
      infoBytes = info.toByteArray();
    }
    return infoBytes;
  }
}
