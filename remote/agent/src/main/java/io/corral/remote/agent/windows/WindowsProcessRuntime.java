package io.corral.remote.agent.windows;

import io.corral.remote.agent.runtime.ExitStatus;
import io.corral.remote.agent.runtime.GracefulKill;
import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.RunningTask;
import io.corral.remote.agent.runtime.TaskLaunch;
import io.corral.remote.agent.runtime.TaskRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks as Windows processes that outlive the agent: the command through {@code cmd /c} (or
 * PowerShell, see {@link WindowsLaunchPlan#SHELL_VARIABLE}), output in the sandbox, and every
 * process of the task in one named Job Object that carries the memory and cpu limits and ends the
 * whole tree at once. A restarted agent finds a task by its pid and creation time, recorded in the
 * sandbox ({@link WindowsProcessRecord}). Every task runs as the agent's own account: switching to
 * the user a task names would need that account's password or a service's token, which the agent
 * does not have ({@link #switchesUsers} is false, and the agent says so at start and per task).
 *
 * <p>Decisions are made in {@link WindowsLaunchPlan} and {@link WindowsProcessRecord} (unit-tested
 * to exact values); {@link WindowsKernel} carries them out. <b>Not yet run on a real Windows
 * host</b>: only its pure parts are tested, on Linux.
 */
public final class WindowsProcessRuntime implements TaskRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(WindowsProcessRuntime.class);

  private final ScheduledExecutorService timer;
  private final Map<String, String> agentEnvironment;
  private final int machineCpus;

  public WindowsProcessRuntime(ScheduledExecutorService timer) {
    this.timer = timer;
    this.agentEnvironment = Map.copyOf(System.getenv());
    this.machineCpus = Runtime.getRuntime().availableProcessors();
  }

  @Override
  public boolean enforcesLimits() {
    return true;
  }

  /** Every task's Job Object holds its memory (per process) and cpu (a hard rate cap); nothing else is enforced. */
  @Override
  public Map<String, String> attributes() {
    return Map.of("isolation", "job-objects");
  }

  @Override
  public RunningTask launch(TaskLaunch launch) throws LaunchException {
    if (launch.user() != null) {
      throw new LaunchException("task " + launch.taskId() + " asks for user " + launch.user().name()
          + ", and Windows agents run tasks as their own account");
    }
    Path sandbox = launch.sandbox().toAbsolutePath().normalize();
    Path meta = sandbox.resolve(".corral");
    try {
      Files.createDirectories(meta);
    } catch (IOException e) {
      throw new LaunchException("cannot create the sandbox " + sandbox + ": " + e, e);
    }
    WindowsLaunchPlan plan = WindowsLaunchPlan.of(launch, agentEnvironment, machineCpus, UUID.randomUUID().toString());
    WindowsKernel.Started started = WindowsKernel.start(plan, sandbox.resolve("stdout"), sandbox.resolve("stderr"));
    WindowsProcessRecord record = new WindowsProcessRecord(launch.taskId(), started.pid(), started.creationTime(),
        plan.jobName(), System.currentTimeMillis());
    try {
      record.write(meta.resolve(WindowsProcessRecord.FILE));
    } catch (IOException e) {
      WindowsKernel.terminate(started.job(), started.process(), WindowsLaunchPlan.KILLED_EXIT_CODE);
      throw new LaunchException("cannot record task " + launch.taskId() + " in its sandbox: " + e, e);
    }
    LOG.info("task {} started: pid {}, job {}, sandbox {}", launch.taskId(), started.pid(), plan.jobName(), sandbox);
    return watch(launch.taskId(), started.pid(), started.process(), started.job(), meta);
  }

  @Override
  public Optional<RunningTask> recover(String taskId, Path sandbox) {
    Path meta = sandbox.toAbsolutePath().normalize().resolve(".corral");
    Optional<WindowsProcessRecord> record;
    try {
      record = WindowsProcessRecord.read(meta.resolve(WindowsProcessRecord.FILE));
    } catch (IOException e) {
      LOG.warn("task {}: {}", taskId, e.getMessage());
      record = Optional.empty();
    }
    Optional<WindowsKernel.Opened> opened = record.flatMap(r -> WindowsKernel.open(r.pid()));
    WindowsProcessRecord.Recovery decision = WindowsProcessRecord.recover(readExitCode(meta), record,
        opened.map(WindowsKernel.Opened::creationTime));
    if (!(decision instanceof WindowsProcessRecord.Recovery.Reattach)) {
      opened.ifPresent(o -> WindowsKernel.close(o.process()));
    }
    if (decision instanceof WindowsProcessRecord.Recovery.Ended e) {
      return Optional.of(ended(taskId, record, WindowsLaunchPlan.exitStatus(e.exitCode())));
    }
    if (decision instanceof WindowsProcessRecord.Recovery.Lost l) {
      return Optional.of(ended(taskId, record, ExitStatus.unknown(l.why())));
    }
    if (decision instanceof WindowsProcessRecord.Recovery.Reattach r) {
      return Optional.of(watch(taskId, r.record().pid(), opened.orElseThrow().process(),
          WindowsKernel.openJob(r.record().jobName()), meta));
    }
    return Optional.empty();
  }

  private static Optional<Integer> readExitCode(Path meta) {
    try {
      return Optional.of(Integer.parseInt(Files.readString(meta.resolve("exit_status")).trim()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot read the exit status in {}: {}", meta, e.toString());
      return Optional.empty();
    }
  }

  private RunningTask watch(String taskId, long pid, WindowsKernel.Process process, WindowsKernel.Job job, Path meta) {
    WindowsTask task = new WindowsTask(taskId, pid, process, job);
    Thread waiter = new Thread(() -> {
      int code = WindowsKernel.waitForExit(process);
      Path tmp = meta.resolve("exit_status.tmp");
      try {
        Files.writeString(tmp, code + "\n");
        Files.move(tmp, meta.resolve("exit_status"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        LOG.warn("cannot record the exit status of task {}: {}", taskId, e.toString());
      }
      task.done.complete(WindowsLaunchPlan.exitStatus(code));
    }, "corral-task-" + taskId);
    waiter.setDaemon(true);
    waiter.start();
    return task;
  }

  private static RunningTask ended(String taskId, Optional<WindowsProcessRecord> record, ExitStatus status) {
    CompletableFuture<ExitStatus> done = CompletableFuture.completedFuture(status);
    long pid = record.map(WindowsProcessRecord::pid).orElse(-1L);
    return new RunningTask() {
      @Override
      public String taskId() {
        return taskId;
      }

      @Override
      public long pid() {
        return pid;
      }

      @Override
      public CompletableFuture<ExitStatus> exit() {
        return done.thenApply(s -> s);
      }

      @Override
      public void kill(Duration grace) {
        // already ended
      }
    };
  }

  private final class WindowsTask implements RunningTask {
    private final String taskId;
    private final long pid;
    private final WindowsKernel.Process process;
    private final WindowsKernel.Job job;
    final CompletableFuture<ExitStatus> done = new CompletableFuture<>();

    WindowsTask(String taskId, long pid, WindowsKernel.Process process, WindowsKernel.Job job) {
      this.taskId = taskId;
      this.pid = pid;
      this.process = process;
      this.job = job;
    }

    @Override
    public String taskId() {
      return taskId;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public CompletableFuture<ExitStatus> exit() {
      return done.thenApply(s -> s);
    }

    /** taskkill without /F asks the tree to close; after the grace period the job is terminated. */
    @Override
    public void kill(Duration grace) {
      GracefulKill.kill("task " + taskId, grace, done, timer, new GracefulKill.Escalation() {
        @Override
        public boolean ask() {
          try {
            new ProcessBuilder(WindowsLaunchPlan.gracefulKill(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return true;
          } catch (IOException e) {
            LOG.warn("task {}: taskkill failed ({}); terminating its job at once", taskId, e.getMessage());
            return false;
          }
        }

        @Override
        public void force() {
          terminate();
        }
      });
    }

    private void terminate() {
      if (!done.isDone()) {
        WindowsKernel.terminate(job, process, WindowsLaunchPlan.KILLED_EXIT_CODE);
      }
    }
  }
}
