package io.corral.remote.agent.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run for one task: either {@code argv} (executed directly, no shell) or {@code shellCommand}
 * (run as {@code sh -c shellCommand}), never both.
 *
 * @param sandbox the task's directory, created if missing; its {@code stdout} and {@code stderr} files
 *     receive the task's output
 * @param argv the program and its arguments when not a shell command; empty otherwise
 * @param shellCommand the shell command, or null when {@code argv} is given
 * @param environment the task's own variables, on top of a minimal clean environment
 * @param workingDirectory where the task starts; null means the sandbox
 * @param cpus the CPU share to enforce where the host can (0 = no limit)
 * @param memoryMb the memory limit to enforce where the host can (0 = no limit)
 * @param user the account to run as when it is not the agent's own; null runs as the agent's user
 * @param diskMb the sandbox size to enforce where the agent watches disks (0 = no limit)
 * @param rlimits the task's resource limits ({@code ContainerInfo.rlimit_info}), set before it starts
 */
public record TaskLaunch(String taskId, Path sandbox, List<String> argv, String shellCommand,
    Map<String, String> environment, Path workingDirectory, double cpus, long memoryMb, TaskUser user, long diskMb,
    List<Rlimit> rlimits) {

  public TaskLaunch {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(sandbox, "sandbox");
    if (taskId.isBlank()) {
      throw new IllegalArgumentException("the task id is blank");
    }
    argv = argv == null ? List.of() : List.copyOf(argv);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
    if ((shellCommand == null) == argv.isEmpty()) {
      throw new IllegalArgumentException("task " + taskId + " needs either a shell command or an argv, not "
          + (shellCommand == null ? "neither" : "both"));
    }
    if (cpus < 0 || memoryMb < 0 || diskMb < 0 || Double.isNaN(cpus)) {
      throw new IllegalArgumentException("task " + taskId + " has negative limits: cpus " + cpus + ", mem " + memoryMb
          + ", disk " + diskMb);
    }
  }

  public TaskLaunch(String taskId, Path sandbox, List<String> argv, String shellCommand,
      Map<String, String> environment, Path workingDirectory, double cpus, long memoryMb, TaskUser user) {
    this(taskId, sandbox, argv, shellCommand, environment, workingDirectory, cpus, memoryMb, user, 0, List.of());
  }

  /** As the agent's own user. */
  public TaskLaunch(String taskId, Path sandbox, List<String> argv, String shellCommand,
      Map<String, String> environment, Path workingDirectory, double cpus, long memoryMb) {
    this(taskId, sandbox, argv, shellCommand, environment, workingDirectory, cpus, memoryMb, null);
  }

  /** A shell command with no environment, started in the sandbox, without limits. */
  public static TaskLaunch shell(String taskId, Path sandbox, String command) {
    return new TaskLaunch(taskId, sandbox, List.of(), Objects.requireNonNull(command, "command"), Map.of(), null, 0, 0);
  }

  /** A program run without a shell, with no environment, started in the sandbox, without limits. */
  public static TaskLaunch command(String taskId, Path sandbox, List<String> argv) {
    return new TaskLaunch(taskId, sandbox, argv, null, Map.of(), null, 0, 0);
  }

  public boolean isShell() {
    return shellCommand != null;
  }

  public Path effectiveWorkingDirectory() {
    return workingDirectory == null ? sandbox : workingDirectory;
  }

  public TaskLaunch withEnvironment(Map<String, String> more) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(more);
    return new TaskLaunch(taskId, sandbox, argv, shellCommand, env, workingDirectory, cpus, memoryMb, user, diskMb,
        rlimits);
  }

  public TaskLaunch withWorkingDirectory(Path directory) {
    return new TaskLaunch(taskId, sandbox, argv, shellCommand, environment, directory, cpus, memoryMb, user, diskMb,
        rlimits);
  }

  public TaskLaunch withLimits(double cpuShare, long memoryMegabytes) {
    return new TaskLaunch(taskId, sandbox, argv, shellCommand, environment, workingDirectory, cpuShare, memoryMegabytes,
        user, diskMb, rlimits);
  }

  /** With {@code megabytes} of sandbox (0: unlimited) and {@code limits} set before the task starts. */
  public TaskLaunch withDiskAndRlimits(long megabytes, List<Rlimit> limits) {
    return new TaskLaunch(taskId, sandbox, argv, shellCommand, environment, workingDirectory, cpus, memoryMb, user,
        megabytes, limits);
  }

  /** Runs as {@code account} (null: as the agent's own user). */
  public TaskLaunch asUser(TaskUser account) {
    return new TaskLaunch(taskId, sandbox, argv, shellCommand, environment, workingDirectory, cpus, memoryMb, account, diskMb,
        rlimits);
  }
}
