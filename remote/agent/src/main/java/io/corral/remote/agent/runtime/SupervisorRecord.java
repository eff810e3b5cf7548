package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code launch} writes to {@code <sandbox>/.corral/task.properties} so that a later agent can find
 * the task's supervisor again.
 *
 * @param pid the supervisor's pid
 * @param startTicks its start time from {@code /proc/<pid>/stat} (field 22), to tell it from a process
 *     that reused the pid; -1 if it had already ended when recorded
 * @param processGroup the supervisor's process group (and session), 0 when it shares the agent's
 * @param startedAtMillis when it started, for people
 * @param cgroup the task's cgroup (the first of its v1 hierarchies), empty when limits are not enforced; for
 *     people: the agent finds a task's cgroups again by the task's id
 * @param diskMb the sandbox size the task may use (0: unlimited), watched again after an agent restart
 */
record SupervisorRecord(String taskId, long pid, long startTicks, long processGroup, long startedAtMillis,
    String cgroup, long diskMb) {

  SupervisorRecord(String taskId, long pid, long startTicks, long processGroup, long startedAtMillis, String cgroup) {
    this(taskId, pid, startTicks, processGroup, startedAtMillis, cgroup, 0);
  }

  void write(Path file) throws IOException {
    PropertiesRecord.write(file, "the supervisor of task " + taskId + ", written by the Corral agent", Map.of(
        "taskId", taskId, "pid", Long.toString(pid), "startTicks", Long.toString(startTicks),
        "processGroup", Long.toString(processGroup), "startedAtMillis", Long.toString(startedAtMillis),
        "cgroup", cgroup, "diskMb", Long.toString(diskMb)));
  }

  /** Empty when the file does not exist; an unreadable or incomplete file is an error. */
  static Optional<SupervisorRecord> read(Path file) throws IOException {
    return PropertiesRecord.read(file, f -> new SupervisorRecord(f.text("taskId"), f.number("pid"),
        f.number("startTicks"), f.number("processGroup"), f.number("startedAtMillis", 0), f.text("cgroup", ""),
        f.number("diskMb", 0)));
  }

  SupervisorRecord withStartTicks(long ticks) {
    return new SupervisorRecord(taskId, pid, ticks, processGroup, startedAtMillis, cgroup, diskMb);
  }
}
