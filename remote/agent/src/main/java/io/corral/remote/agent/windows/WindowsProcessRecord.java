package io.corral.remote.agent.windows;

import io.corral.remote.agent.runtime.PropertiesRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the Windows runtime writes to {@code <sandbox>/.corral/windows-process.properties} so that a
 * restarted agent can find the task again: the process id and its creation time (a reused pid has
 * another creation time), and the name of its Job Object.
 *
 * @param creationTime the process's creation time as GetProcessTimes gives it (FILETIME: 100 ns
 *     intervals since 1601-01-01 UTC)
 */
public record WindowsProcessRecord(String taskId, long pid, long creationTime, String jobName, long startedAtMillis) {
  public static final String FILE = "windows-process.properties";

  /** What a restarted agent finds for a recorded task. */
  public enum Found { SAME_PROCESS, PID_REUSED, GONE }

  /** What a restarted agent does for a task it finds in a sandbox. */
  public sealed interface Recovery {
    /** The task ended while the agent watched it and its exit code was recorded. */
    record Ended(int exitCode) implements Recovery {}

    /** The task's own process still runs: watch it again. */
    record Reattach(WindowsProcessRecord record) implements Recovery {}

    /** The process is gone (or its pid belongs to another process now) and no exit code was recorded. */
    record Lost(String why) implements Recovery {}

    /** The agent stopped before the task's process was recorded. */
    record NeverStarted() implements Recovery {}
  }

  /**
   * The decision for a sandbox: a recorded exit code wins; else the recorded process is re-attached
   * only if the pid still has the recorded creation time.
   */
  public static Recovery recover(Optional<Integer> recordedExitCode, Optional<WindowsProcessRecord> record,
      Optional<Long> observedCreationTime) {
    if (recordedExitCode.isPresent()) {
      return new Recovery.Ended(recordedExitCode.get());
    }
    if (record.isEmpty()) {
      return new Recovery.NeverStarted();
    }
    return switch (record.get().match(observedCreationTime)) {
      case SAME_PROCESS -> new Recovery.Reattach(record.get());
      case PID_REUSED -> new Recovery.Lost("pid " + record.get().pid() + " now belongs to another process;"
          + " the task ended while the agent was down");
      case GONE -> new Recovery.Lost("the task's process ended while the agent was down");
    };
  }

  /**
   * Whether the process now running under the recorded pid is the task: it is when its creation time
   * is the recorded one; {@code observedCreationTime} is empty when no process has that pid.
   */
  public Found match(Optional<Long> observedCreationTime) {
    if (observedCreationTime.isEmpty()) {
      return Found.GONE;
    }
    return observedCreationTime.get() == creationTime ? Found.SAME_PROCESS : Found.PID_REUSED;
  }

  public void write(Path file) throws IOException {
    PropertiesRecord.write(file, "the process of task " + taskId + ", written by the Corral agent", Map.of(
        "taskId", taskId, "pid", Long.toString(pid), "creationTime", Long.toString(creationTime),
        "jobName", jobName, "startedAtMillis", Long.toString(startedAtMillis)));
  }

  /** Empty when the file does not exist; an incomplete or corrupt file is an error. */
  public static Optional<WindowsProcessRecord> read(Path file) throws IOException {
    return PropertiesRecord.read(file, f -> new WindowsProcessRecord(f.text("taskId"), f.number("pid"),
        f.number("creationTime"), f.text("jobName"), f.number("startedAtMillis", 0)));
  }
}
