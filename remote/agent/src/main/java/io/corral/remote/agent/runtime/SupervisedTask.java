package io.corral.remote.agent.runtime;

import io.corral.remote.agent.isolation.Isolator;
import io.corral.remote.agent.isolation.Limitation;
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
 * or found it again after a restart. Its exit status is what the supervisor wrote to the sandbox, and
 * the limit the agent ended it for, if any: the {@link Isolator} watches it while it runs (an OOM kill
 * in its cgroup, a sandbox over its disk), and its cgroup tells after the end whether memory ended it.
 */
final class SupervisedTask implements RunningTask {
  static final Duration RECOVERED_POLL = Duration.ofMillis(100);
  static final String ENDED_WHILE_DOWN = "the task ended while the agent was down and left no status";
  private static final Logger LOG = LoggerFactory.getLogger(SupervisedTask.class);
  private static final int SIGKILL = 9;

  private final SupervisorRecord record;
  private final SandboxFiles files;
  private final ProcessTree tree;
  private final Isolator isolator;
  private final ScheduledExecutorService timer;
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  private volatile boolean killedForcibly;
  /** The limit the agent is ending the task for; set once, before the kill. */
  private volatile Limitation breached;

  private SupervisedTask(SupervisorRecord record, SandboxFiles files, Isolator isolator, ScheduledExecutorService timer) {
    this.record = record;
    this.files = files;
    this.isolator = isolator;
    this.timer = timer;
    this.tree = new ProcessTree(record.taskId(), record.pid(), record.startTicks(), record.processGroup());
  }

  /** A supervisor this agent started: the JVM tells when it exits, and with what code. */
  static SupervisedTask launched(Process supervisor, SupervisorRecord record, SandboxFiles files, Isolator isolator,
      ScheduledExecutorService timer) {
    SupervisedTask task = new SupervisedTask(record, files, isolator, timer);
    task.watchLimits();
    supervisor.onExit().whenComplete((p, failure) ->
        task.finish(p != null ? OptionalInt.of(p.exitValue()) : OptionalInt.empty(), true));
    return task;
  }

  /**
   * A supervisor an earlier agent started. It is watched only while it is provably the same process
   * (same pid and start time); Java cannot wait for a process that is not its child, so this polls.
   */
  static SupervisedTask recovered(SupervisorRecord record, SandboxFiles files, Isolator isolator,
      ScheduledExecutorService timer) {
    SupervisedTask task = new SupervisedTask(record, files, isolator, timer);
    if (!ProcStat.isRunning(record.pid(), record.startTicks())) {
      task.finish(OptionalInt.empty(), false);
      return task;
    }
    task.watchLimits();
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

  private void watchLimits() {
    isolator.watch(taskId(), files.sandbox(), record.diskMb(), this::limitReached);
  }

  /** As Mesos ends a container over its limit: at once, with SIGKILL, the limit saying why. */
  private void limitReached(Limitation limitation) {
    if (exit.isDone()) {
      return;
    }
    breached = limitation;
    killNow();
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
    Limitation limitation = breached;
    if (limitation == null) {
      limitation = isolator.memoryLimitation(taskId(), status.signal() == SIGKILL).orElse(null);
    }
    if (limitation != null) {
      status = status.limitedBy(limitation);
    }
    if (watched) {
      tree.sweep();
    }
    // Whatever of the task is left in its cgroup (a daemon that left its process group) goes with it.
    isolator.release(taskId());
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
