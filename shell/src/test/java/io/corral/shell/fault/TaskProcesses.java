package io.corral.shell.fault;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;

/**
 * The task processes of one test, found the way an operator would: every task appends its pid to
 * {@code <pid-dir>/<task>.pid} when it starts (two lines mean it was started twice), and carries
 * two environment variables, {@code CORRAL_FAULT_RUN} (this test) and {@code CORRAL_FAULT_TASK}
 * (this task), that its supervisor and every child inherit, so a scan of {@code /proc} finds
 * every process a task left behind, whatever the agent recorded.
 */
final class TaskProcesses {
  static final String RESOURCES = "cpus:0.1;mem:32";
  private static final String RUN_VARIABLE = "CORRAL_FAULT_RUN";
  private static final String TASK_VARIABLE = "CORRAL_FAULT_TASK";

  private final String run = UUID.randomUUID().toString();
  private final Path pidDir;

  TaskProcesses(Path pidDir) {
    this.pidDir = pidDir;
    try {
      Files.createDirectories(pidDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process task that records its pid and then sleeps for {@code seconds} (the pid stays the sleeper's: exec). */
  Protos.TaskInfo sleeper(String taskId, Protos.AgentID agent, int seconds) {
    String command = "echo $$ >> '" + pidFile(taskId) + "'; exec sleep " + seconds;
    return Protos.TaskInfo.newBuilder().setName(taskId).setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
        .setAgentId(agent)
        .addAllResources(ResourceConversion.toMesos(Resources.parse(RESOURCES), null))
        .setCommand(Protos.CommandInfo.newBuilder().setValue(command).setEnvironment(Protos.Environment.newBuilder()
            .addVariables(variable(RUN_VARIABLE, run))
            .addVariables(variable(TASK_VARIABLE, run + "/" + taskId))))
        .build();
  }

  private static Protos.Environment.Variable variable(String name, String value) {
    return Protos.Environment.Variable.newBuilder().setName(name).setValue(value).build();
  }

  Path pidFile(String taskId) {
    return pidDir.resolve(taskId + ".pid");
  }

  /** Every pid the task's command recorded: one per start. */
  List<Long> starts(String taskId) {
    Path file = pidFile(taskId);
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim).filter(s -> !s.isEmpty())
          .map(Long::parseLong).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Live (not zombie) processes carrying the task's variable: its supervisor and the task itself while it runs. */
  List<Long> liveProcesses(String taskId) {
    return processesWith(TASK_VARIABLE + "=" + run + "/" + taskId);
  }

  /** Live processes among the pids the task recorded: the task's own process, started at most once. */
  List<Long> liveStarts(String taskId) {
    return starts(taskId).stream().filter(TaskProcesses::alive).toList();
  }

  /**
   * Live processes of the task other than {@code pid} and the processes it descends from (its
   * supervisor): a second copy of the task, or a supervisor left over from one, shows up here.
   */
  List<Long> strays(String taskId, long pid) {
    java.util.Set<Long> line = new java.util.HashSet<>();
    for (Optional<ProcessHandle> p = ProcessHandle.of(pid); p.isPresent(); p = p.get().parent()) {
      line.add(p.get().pid());
    }
    return liveProcesses(taskId).stream().filter(p -> !line.contains(p)).toList();
  }

  /** SIGKILL to every process of this test's tasks (supervisors included): clean-up after each test. */
  void killAll() {
    for (long pid : processesWith(RUN_VARIABLE + "=" + run)) {
      Signals.sendQuietly("KILL", Long.toString(pid));
    }
  }

  /** Whether {@code pid} is a live process (a zombie has ended: it only waits to be reaped). */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false; // no such process (or it vanished while we read)
    }
  }

  private static List<Long> processesWith(String entry) {
    byte[] wanted = entry.getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path dir : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (hasEntry(dir.resolve("environ"), wanted) && alive(pid)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
    return found;
  }

  private static boolean hasEntry(Path environ, byte[] wanted) {
    byte[] env;
    try {
      env = Files.readAllBytes(environ);
    } catch (IOException | SecurityException e) {
      return false; // the process ended, or is not ours to read
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == wanted.length && java.util.Arrays.equals(env, start, i, wanted, 0, wanted.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
