package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code launch} writes to {@code <sandbox>/.corral/task.properties} so that a later agent can find
 * the task's supervisor again.
 *
 * @param pid the supervisor's pid
 * @param startTicks its start time from {@code /proc/<pid>/stat} (field 22), to tell it from a process
 *     that reused the pid; -1 if it had already ended when recorded
 * @param processGroup the supervisor's process group (and session), 0 when it shares the agent's
 * @param startedAtMillis when it started, for people
 * @param cgroup the task's cgroup v2 directory, empty when limits are not enforced
 */
record SupervisorRecord(String taskId, long pid, long startTicks, long processGroup, long startedAtMillis,
    String cgroup) {

  void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("taskId", taskId);
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("startTicks", Long.toString(startTicks));
    p.setProperty("processGroup", Long.toString(processGroup));
    p.setProperty("startedAtMillis", Long.toString(startedAtMillis));
    p.setProperty("cgroup", cgroup);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, "the supervisor of task " + taskId + ", written by the Corral agent");
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Empty when the file does not exist; an unreadable or incomplete file is an error. */
  static Optional<SupervisorRecord> read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SupervisorRecord(required(p, "taskId"), Long.parseLong(required(p, "pid")),
          Long.parseLong(required(p, "startTicks")), Long.parseLong(required(p, "processGroup")),
          Long.parseLong(p.getProperty("startedAtMillis", "0")), p.getProperty("cgroup", "")));
    } catch (NumberFormatException e) {
      throw new IOException(file + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key) throws IOException {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IOException("the task record lacks " + key);
    }
    return v;
  }

  SupervisorRecord withStartTicks(long ticks) {
    return new SupervisorRecord(taskId, pid, ticks, processGroup, startedAtMillis, cgroup);
  }
}
