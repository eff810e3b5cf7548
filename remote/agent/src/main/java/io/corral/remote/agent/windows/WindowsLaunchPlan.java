package io.corral.remote.agent.windows;

import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.TaskLaunch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything the Windows runtime decides before it calls the kernel, as plain values: the
 * CreateProcess command line and flags, the environment block, the Job Object's name and the
 * bytes of its limit structures. {@link WindowsKernel} only carries these out.
 *
 * @param commandLine CreateProcess's lpCommandLine
 * @param environmentBlock the CREATE_UNICODE_ENVIRONMENT block: NAME=value entries, each ended by
 *     NUL, sorted by name without regard to case as Windows requires, and a final NUL
 * @param jobName the task's Job Object, named so that a restarted agent can open it again
 * @param extendedLimits JOBOBJECT_EXTENDED_LIMIT_INFORMATION (64-bit layout), or null without a memory limit
 * @param cpuRate JOBOBJECT_CPU_RATE_CONTROL_INFORMATION, or null without a cpu limit
 */
public record WindowsLaunchPlan(String commandLine, String environmentBlock, String workingDirectory, String jobName,
    byte[] extendedLimits, byte[] cpuRate) {

  /** A task variable that selects PowerShell instead of cmd for a shell command. */
  public static final String SHELL_VARIABLE = "CORRAL_WINDOWS_SHELL";

  public static final int CREATE_SUSPENDED = 0x00000004;
  public static final int CREATE_NEW_PROCESS_GROUP = 0x00000200;
  public static final int CREATE_UNICODE_ENVIRONMENT = 0x00000400;
  public static final int CREATE_BREAKAWAY_FROM_JOB = 0x01000000;
  public static final int CREATE_NO_WINDOW = 0x08000000;
  /**
   * Suspended, so the process joins its job before it can start children; its own process group
   * (CTRL_BREAK reaches only the task); out of any job the agent itself runs in (a service's).
   */
  public static final int CREATION_FLAGS = CREATE_SUSPENDED | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT
      | CREATE_BREAKAWAY_FROM_JOB | CREATE_NO_WINDOW;

  public static final int JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9;
  public static final int JOB_OBJECT_CPU_RATE_CONTROL_INFORMATION_CLASS = 15;
  /** sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) on 64-bit Windows. */
  public static final int EXTENDED_LIMITS_SIZE = 144;
  static final int LIMIT_FLAGS_OFFSET = 16;
  static final int PROCESS_MEMORY_LIMIT_OFFSET = 112;

  /** The exit code a task killed through its job gets (the agent reports TASK_KILLED regardless). */
  public static final int KILLED_EXIT_CODE = 137;

  /** Variables a Windows program needs to run at all, taken from the agent's environment. */
  static final List<String> INHERITED = List.of("SystemRoot", "SystemDrive", "windir", "ComSpec", "PATH", "PATHEXT",
      "TEMP", "TMP", "USERPROFILE", "ProgramData", "ProgramFiles", "NUMBER_OF_PROCESSORS");

  /**
   * The plan for {@code launch} on a machine with {@code machineCpus} cores; {@code jobId} makes the
   * job's name unique (a uuid).
   */
  public static WindowsLaunchPlan of(TaskLaunch launch, Map<String, String> agentEnvironment, int machineCpus,
      String jobId) throws LaunchException {
    Map<String, String> env = environment(launch, agentEnvironment);
    String line = commandLine(launch);
    byte[] extended = launch.memoryMb() > 0 ? extendedLimits(JobObjectLimits.of(Math.max(launch.cpus(), 0.001),
        machineCpus, launch.memoryMb())) : null;
    byte[] cpu = launch.cpus() > 0 ? cpuRate(JobObjectLimits.of(launch.cpus(), machineCpus, 0)) : null;
    return new WindowsLaunchPlan(line, environmentBlock(env), launch.effectiveWorkingDirectory().toString(),
        "Local\\corral-task-" + jobId, extended, cpu);
  }

  /**
   * cmd (or PowerShell when the task sets {@value #SHELL_VARIABLE}=powershell) for a shell command;
   * otherwise the program and its arguments, each quoted by the rules CommandLineToArgvW reads.
   */
  static String commandLine(TaskLaunch launch) throws LaunchException {
    if (!launch.isShell()) {
      return launch.argv().stream().map(WindowsCommandLines::quoteArgument).collect(Collectors.joining(" "));
    }
    String shell = launch.environment().getOrDefault(SHELL_VARIABLE, "cmd").toLowerCase(Locale.ROOT);
    return switch (shell) {
      case "cmd" -> String.join(" ", WindowsCommandLines.cmd(launch.shellCommand()));
      case "powershell" -> String.join(" ", WindowsCommandLines.powershell(launch.shellCommand()));
      default -> throw new LaunchException("task " + launch.taskId() + ": " + SHELL_VARIABLE + " must be cmd or"
          + " powershell, not '" + shell + "'");
    };
  }

  /** The agent's essentials, the task's own variables, then MESOS_SANDBOX and MESOS_TASK_ID. */
  static Map<String, String> environment(TaskLaunch launch, Map<String, String> agentEnvironment) throws LaunchException {
    Map<String, String> env = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> e : agentEnvironment.entrySet()) {
      if (INHERITED.stream().anyMatch(n -> n.equalsIgnoreCase(e.getKey()))) {
        env.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, String> e : launch.environment().entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
        throw new LaunchException("task " + launch.taskId() + " has an invalid environment variable: " + name);
      }
      env.put(name, e.getValue());
    }
    env.put("MESOS_SANDBOX", launch.sandbox().toString());
    env.put("MESOS_TASK_ID", launch.taskId());
    return env;
  }

  static String environmentBlock(Map<String, String> env) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(env).entrySet().stream()
        .sorted((a, b) -> a.getKey().toUpperCase(Locale.ROOT).compareTo(b.getKey().toUpperCase(Locale.ROOT)))
        .forEach(e -> sb.append(e.getKey()).append('=').append(e.getValue()).append('\0'));
    return sb.append('\0').toString();
  }

  /** JOBOBJECT_EXTENDED_LIMIT_INFORMATION with LimitFlags and ProcessMemoryLimit set, all else zero. */
  static byte[] extendedLimits(JobObjectLimits limits) {
    ByteBuffer b = ByteBuffer.allocate(EXTENDED_LIMITS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(LIMIT_FLAGS_OFFSET, limitFlags());
    b.putLong(PROCESS_MEMORY_LIMIT_OFFSET, limits.processMemoryLimitBytes());
    return b.array();
  }

  /**
   * The memory cap only: unlike {@link JobObjectLimits#limitFlags()}, no KILL_ON_JOB_CLOSE, because
   * a task must outlive the agent (its processes keep the job alive; a new agent opens it by name).
   */
  static int limitFlags() {
    return JobObjectLimits.JOB_OBJECT_LIMIT_PROCESS_MEMORY;
  }

  /** JOBOBJECT_CPU_RATE_CONTROL_INFORMATION: ControlFlags, then CpuRate. */
  static byte[] cpuRate(JobObjectLimits limits) {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, limits.cpuControlFlags());
    b.putInt(4, limits.cpuRate());
    return b.array();
  }

  /**
   * An exit code as a person reads it: NTSTATUS codes (a crash, 0xC0000005) in hexadecimal, as
   * Windows tools print them.
   */
  public static io.corral.remote.agent.runtime.ExitStatus exitStatus(int code) {
    if (code < 0) {
      return new io.corral.remote.agent.runtime.ExitStatus(code, 0,
          "exited with status 0x" + Integer.toHexString(code).toUpperCase(Locale.ROOT));
    }
    return io.corral.remote.agent.runtime.ExitStatus.exited(code);
  }

  /** taskkill without /F: asks the tree to close (the grace period), before the job is terminated. */
  public static List<String> gracefulKill(long pid) {
    return List.of("taskkill.exe", "/T", "/PID", Long.toString(pid));
  }
}
