package io.corral.remote.agent.runtime;

import io.corral.remote.agent.isolation.Isolator;
import io.corral.remote.agent.isolation.TaskCgroups;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks as Linux processes that outlive the agent. Each task runs under a supervisor
 * ({@code setsid sh -c <script>}, see {@link SupervisorCommand}) in its own session and process group,
 * with output and exit status in its sandbox, and a record of the supervisor's pid and start time that
 * lets a restarted agent find it again without mistaking a process that reused the pid for it. The
 * {@link Isolator} gives each task its cgroups, which the supervisor joins before the task starts.
 */
public final class LinuxProcessRuntime implements TaskRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxProcessRuntime.class);
  private static final File DEV_NULL = new File("/dev/null");

  private final ScheduledExecutorService timer;
  private final Isolator isolator;
  private final Optional<Path> setsid;
  private final Optional<Path> setpriv;
  private final Optional<Path> prlimit;
  private final Map<String, String> agentEnvironment;
  /** The tasks this runtime watches now, launched or recovered; what a stray cgroup belongs to none of. */
  private final Map<String, SupervisedTask> running = new ConcurrentHashMap<>();

  LinuxProcessRuntime(ScheduledExecutorService timer, Isolator isolator, Optional<Path> setsid,
      Map<String, String> agentEnvironment) {
    this(timer, isolator, setsid, findTool("setpriv", agentEnvironment.get("PATH")), agentEnvironment);
  }

  LinuxProcessRuntime(ScheduledExecutorService timer, Isolator isolator, Optional<Path> setsid,
      Optional<Path> setpriv, Map<String, String> agentEnvironment) {
    this.timer = timer;
    this.isolator = isolator;
    this.setsid = setsid;
    this.setpriv = setpriv;
    this.prlimit = findTool("prlimit", agentEnvironment.get("PATH"));
    this.agentEnvironment = Map.copyOf(agentEnvironment);
  }

  /** With setsid and this agent's environment, isolating tasks as {@code isolator} does. */
  public static LinuxProcessRuntime detect(ScheduledExecutorService timer, Isolator isolator) {
    Optional<Path> setsid = findSetsid(System.getenv("PATH"));
    if (setsid.isEmpty()) {
      LOG.warn("setsid (util-linux) not found: tasks share the agent's process group, so a kill reaches only"
          + " the processes still descended from the task");
    }
    return new LinuxProcessRuntime(timer, isolator, setsid, System.getenv());
  }

  /** Without isolation (tests of the runtime alone, and {@code --isolation none}). */
  public static LinuxProcessRuntime detect(ScheduledExecutorService timer) {
    return detect(timer, Isolator.none());
  }

  static Optional<Path> findSetsid(String path) {
    return findTool("setsid", path);
  }

  /** {@code name} in the usual system directories, then on {@code path}. */
  static Optional<Path> findTool(String name, String path) {
    Stream<String> dirs = Stream.concat(Stream.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"),
        path == null ? Stream.empty() : Stream.of(path.split(File.pathSeparator)));
    return dirs.filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  @Override
  public boolean enforcesLimits() {
    return isolator.enforces();
  }

  @Override
  public Map<String, String> attributes() {
    return isolator.attributes();
  }

  @Override
  public TaskCgroups taskCgroups() {
    return isolator;
  }

  /** Cgroups of this agent that no running task owns are destroyed (their tasks ended while it was down). */
  @Override
  public void recovered() {
    isolator.removeStrays(Set.copyOf(running.keySet()));
  }

  @Override
  public void close() {
    isolator.close();
  }

  /** With setpriv, as root; a launch as another user without setpriv fails rather than run as the agent's. */
  @Override
  public boolean switchesUsers() {
    return true;
  }

  @Override
  public boolean mayRunAsOthers() {
    return LinuxAccounts.effectiveUid() == 0;
  }

  @Override
  public Optional<TaskUser> account(String name) {
    return LinuxAccounts.lookup(name);
  }

  @Override
  public RunningTask launch(TaskLaunch launch) throws LaunchException {
    SupervisorCommand.checkArguments(launch);
    if (launch.user() != null && setpriv.isEmpty()) {
      throw new LaunchException("cannot run task " + launch.taskId() + " as user '" + launch.user().name()
          + "': setpriv (util-linux) is not installed on this agent");
    }
    SandboxFiles files = SandboxFiles.create(launch.sandbox());
    if (launch.user() != null) {
      files.handTo(launch.user());
    }
    Path workingDirectory = launch.effectiveWorkingDirectory().toAbsolutePath();
    if (!Files.isDirectory(workingDirectory)) {
      throw new LaunchException("the working directory " + workingDirectory + " of task " + launch.taskId()
          + " does not exist");
    }
    if (!launch.rlimits().isEmpty() && prlimit.isEmpty()) {
      throw new LaunchException("cannot set the resource limits of task " + launch.taskId()
          + ": prlimit (util-linux) is not installed on this agent");
    }
    List<Path> cgroupProcs;
    try {
      cgroupProcs = isolator.prepare(launch.taskId(), launch.cpus(), launch.memoryMb()).orElse(List.of());
    } catch (IOException e) {
      throw new LaunchException("cannot set up the cgroup of task " + launch.taskId() + ": " + e, e);
    }
    ProcessBuilder builder = new ProcessBuilder(SupervisorCommand.argv(setsid, launch, files, cgroupProcs, setpriv,
        prlimit))
        .directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(files.supervisorLog().toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(files.supervisorLog().toFile()));
    builder.environment().clear();
    builder.environment().putAll(SupervisorCommand.environment(launch, files, agentEnvironment));
    Process supervisor;
    try {
      deletePreviousExitStatus(files);
      supervisor = builder.start();
    } catch (IOException e) {
      isolator.release(launch.taskId());
      throw new LaunchException("cannot start task " + launch.taskId() + ": " + e.getMessage(), e);
    }
    SupervisorRecord record = record(launch, supervisor, cgroupProcs);
    try {
      record.write(files.record());
    } catch (IOException e) {
      // Without its record the task could not be found after an agent restart; better not to run it.
      new ProcessTree(launch.taskId(), record.pid(), record.startTicks(), record.processGroup()).killAll();
      isolator.release(launch.taskId());
      throw new LaunchException("cannot record task " + launch.taskId() + " in " + files.record() + ": " + e, e);
    }
    LOG.info("task {} started: supervisor pid {}, sandbox {}{}", launch.taskId(), record.pid(), files.sandbox(),
        launch.user() == null ? "" : ", as user " + launch.user().name());
    return tracked(SupervisedTask.launched(supervisor, record, files, isolator, timer));
  }

  @Override
  public boolean runsCheckCommands() {
    return true;
  }

  /** As the task: same account (through setpriv), same clean environment, started in the sandbox. */
  @Override
  public Process startCheckCommand(TaskLaunch check) throws LaunchException {
    SupervisorCommand.checkArguments(check);
    if (check.user() != null && setpriv.isEmpty()) {
      throw new LaunchException("cannot run the health check of task " + check.taskId() + " as user '"
          + check.user().name() + "': setpriv (util-linux) is not installed on this agent");
    }
    SandboxFiles files = new SandboxFiles(check.sandbox());
    ProcessBuilder builder = new ProcessBuilder(SupervisorCommand.checkArgv(check, setpriv))
        .directory(check.effectiveWorkingDirectory().toAbsolutePath().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(SupervisorCommand.environment(check, files, agentEnvironment));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new LaunchException("cannot start the health check of task " + check.taskId() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<RunningTask> recover(String taskId, Path sandbox) {
    SandboxFiles files = new SandboxFiles(sandbox);
    if (!SandboxGuard.recordsAreTheAgents(files.sandbox())) {
      // Its record could name any process, which the agent would then watch and kill.
      LOG.warn("task {}: {} is not this agent's own directory (a link, or another user's); not recovered", taskId,
          files.meta());
      return Optional.empty();
    }
    Optional<SupervisorRecord> record;
    try {
      record = SupervisorRecord.read(files.record());
    } catch (IOException e) {
      LOG.warn("task {}: cannot read {}: {}", taskId, files.record(), e.toString());
      return Optional.empty();
    }
    if (record.isPresent() && !record.get().taskId().equals(taskId)) {
      LOG.warn("the sandbox {} records task {}, not {}", sandbox, record.get().taskId(), taskId);
      return Optional.empty();
    }
    return record.map(r -> tracked(SupervisedTask.recovered(r, files, isolator, timer)));
  }

  private SupervisedTask tracked(SupervisedTask task) {
    running.put(task.taskId(), task);
    task.exit().whenComplete((s, e) -> running.remove(task.taskId(), task));
    return task;
  }

  /** A relaunch into a used sandbox must not report the previous run's status. */
  private static void deletePreviousExitStatus(SandboxFiles files) throws IOException {
    Files.deleteIfExists(files.exitStatus());
  }

  private SupervisorRecord record(TaskLaunch launch, Process supervisor, List<Path> cgroupProcs) {
    long pid = supervisor.pid();
    long startTicks = ProcStat.of(pid).map(ProcStat::startTicks).orElse(-1L);
    long startedAt = supervisor.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    // setsid makes the supervisor the leader of a new session and process group, numbered by its pid.
    long processGroup = setsid.isPresent() ? pid : 0;
    String cgroup = cgroupProcs.isEmpty() ? "" : cgroupProcs.get(0).getParent().toString();
    return new SupervisorRecord(launch.taskId(), pid, startTicks, processGroup, startedAt, cgroup, launch.diskMb());
  }
}
