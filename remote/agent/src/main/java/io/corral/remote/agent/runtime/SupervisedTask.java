package io.corral.remote.agent.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run by a supervisor process (see {@link SupervisorCommand}), whether this agent launched it
 * or found it again after a restart. Its exit status is what the supervisor wrote to the sandbox.
 */
final class SupervisedTask implements RunningTask {
  static final Duration RECOVERED_POLL = Duration.ofMillis(100);
  static final String ENDED_WHILE_DOWN = "the task ended while the agent was down and left no status";
  private static final Logger LOG = LoggerFactory.getLogger(SupervisedTask.class);
  private static final int SIGKILL = 9;

  private final SupervisorRecord record;
  private final SandboxFiles files;
  private final ProcessTree tree;
  private final LinuxCgroups cgroups;
  private final ScheduledExecutorService timer;
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  private volatile boolean killedForcibly;

  private SupervisedTask(SupervisorRecord record, SandboxFiles files, LinuxCgroups cgroups, ScheduledExecutorService timer) {
    this.record = record;
    this.files = files;
    this.cgroups = cgroups;
    this.timer = timer;
    this.tree = new ProcessTree(record.taskId(), record.pid(), record.startTicks(), record.processGroup());
  }

  /** A supervisor this agent started: the JVM tells when it exits, and with what code. */
  static SupervisedTask launched(Process supervisor, SupervisorRecord record, SandboxFiles files, LinuxCgroups cgroups,
      ScheduledExecutorService timer) {
    SupervisedTask task = new SupervisedTask(record, files, cgroups, timer);
    supervisor.onExit().whenComplete((p, failure) ->
        task.finish(p != null ? OptionalInt.of(p.exitValue()) : OptionalInt.empty(), true));
    return task;
  }

  /**
   * A supervisor an earlier agent started. It is watched only while it is provably the same process
   * (same pid and start time); Java cannot wait for a process that is not its child, so this polls.
   */
  static SupervisedTask recovered(SupervisorRecord record, SandboxFiles files, LinuxCgroups cgroups,
      ScheduledExecutorService timer) {
    SupervisedTask task = new SupervisedTask(record, files, cgroups, timer);
    if (!ProcStat.isRunning(record.pid(), record.startTicks())) {
      task.finish(OptionalInt.empty(), false);
      return task;
    }
    long period = RECOVERED_POLL.toMillis();
    ScheduledFuture<?> poll = timer.scheduleWithFixedDelay(() -> {
      if (!ProcStat.isRunning(record.pid(), record.startTicks())) {
        task.finish(OptionalInt.empty(), true);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    task.exit.whenComplete((s, e) -> poll.cancel(false));
    return task;
  }

  @Override
  public String taskId() {
    return record.taskId();
  }

  @Override
  public long pid() {
    return record.pid();
  }

  @Override
  public CompletableFuture<ExitStatus> exit() {
    return exit.copy();
  }

  /** SIGTERM to the process tree, SIGKILL after {@code grace}. */
  @Override
  public void kill(Duration grace) {
    GracefulKill.kill("task " + taskId(), grace, exit, timer, new GracefulKill.Escalation() {
      @Override
      public boolean ask() {
        tree.terminate();
        return true;
      }

      @Override
      public void force() {
        killNow();
      }
    });
  }

  private void killNow() {
    killedForcibly = true;
    tree.killAll();
  }

  /**
   * @param supervisorExit the supervisor's own exit code, when known (it exits with the task's status,
   *     or 128 + n when it was killed itself)
   * @param watched whether the end was seen live, so that leftover processes are the task's own
   */
  private synchronized void finish(OptionalInt supervisorExit, boolean watched) {
    if (exit.isDone()) {
      return;
    }
    ExitStatus status = readStatus(supervisorExit);
    if (watched) {
      tree.sweep();
    }
    if (!record.cgroup().isEmpty()) {
      cgroups.release(Path.of(record.cgroup()));
    }
    LOG.info("task {} {}", taskId(), status.message());
    exit.complete(status);
  }

  private ExitStatus readStatus(OptionalInt supervisorExit) {
    OptionalInt recorded = files.readExitStatus();
    if (recorded.isPresent()) {
      return ExitStatus.fromShellStatus(recorded.getAsInt());
    }
    if (killedForcibly) {
      // The supervisor was in the group the agent SIGKILLed; record the status it could not.
      files.writeExitStatus(128 + SIGKILL);
      return ExitStatus.killedBy(SIGKILL);
    }
    if (supervisorExit.isPresent() && supervisorExit.getAsInt() > 128) {
      // Killed, supervisor included, before it could record anything (a kill right after the launch).
      return ExitStatus.killedBy(supervisorExit.getAsInt() - 128);
    }
    if (supervisorExit.isPresent()) {
      return ExitStatus.unknown("its supervisor exited with code " + supervisorExit.getAsInt() + " without recording it;"
          + " see " + files.supervisorLog());
    }
    return ExitStatus.unknown(ENDED_WHILE_DOWN);
  }
}
