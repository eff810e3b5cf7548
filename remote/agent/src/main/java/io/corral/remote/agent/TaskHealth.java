package io.corral.remote.agent;

import io.corral.core.health.HealthPolicy;
import io.corral.remote.agent.health.HealthCheckSpec;
import io.corral.remote.agent.health.HealthChecks;
import io.corral.remote.agent.health.Probe;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health checks of the daemon's tasks: reads a task's {@code health_check}, asks the task's
 * runner where a check reaches it (a container's published port, a command as the task's user or
 * inside its container), and runs it on the agent's {@link HealthChecks}. What a check means goes to
 * the {@link Reporter}, which turns it into the task's status updates and kill.
 */
final class TaskHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskHealth.class);

  /** Hears a task's health: report it, and when {@code report.kill()}, kill the task. */
  @FunctionalInterface
  interface Reporter {
    void report(TaskRecord task, HealthPolicy.Report report, String message);
  }

  private final TaskRunners runners;
  private final HealthChecks checks;
  private final Reporter reporter;

  TaskHealth(TaskRunners runners, HealthChecks checks, Reporter reporter) {
    this.runners = runners;
    this.checks = checks;
    this.reporter = reporter;
  }

  /**
   * Starts checking a running task that has a health check; {@code alreadyRunning}: how long it has
   * run (zero at launch, longer for a task found again after a restart). Once per task.
   */
  void start(TaskRecord task, Duration alreadyRunning) {
    if (!task.info.hasHealthCheck() || task.health != null) {
      return;
    }
    HealthCheckSpec spec;
    try {
      spec = HealthCheckSpec.from(task.info.getHealthCheck());
    } catch (IllegalArgumentException e) {
      LOG.warn("task {} is not health checked: {}", task.id(), e.getMessage());
      return;
    }
    TaskRunner runner = runners.forTask(task.info);
    String what;
    Probe probe;
    try {
      if (spec.type() == HealthCheckSpec.Type.COMMAND) {
        what = spec.describe(0);
        probe = runner.commandCheck(task, spec.command(), what, checks.blocking());
      } else {
        int port = runner.checkedPort(task.info, spec.type() == HealthCheckSpec.Type.HTTP ? spec.http().port()
            : spec.tcpPort());
        what = spec.describe(port);
        probe = checks.networkProbe(spec, port);
      }
    } catch (UnsupportedOperationException e) {
      LOG.warn("task {} is not health checked: {}", task.id(), e.getMessage());
      return;
    }
    LOG.info("task {}: health check {} every {} ms, from {} ms on (grace {} ms, killed after {} failures in a row)",
        task.id(), what, spec.interval().toMillis(), spec.delay().toMillis(), spec.gracePeriod().toMillis(),
        spec.consecutiveFailures());
    task.health = checks.start(task.id(), spec, probe, alreadyRunning,
        (report, detail) -> reporter.report(task, report, message(spec, report, detail)));
  }

  /** No further check of the task (it is being killed, or has ended). */
  void stop(TaskRecord task) {
    HealthChecks.Checking c = task.health;
    if (c != null) {
      c.stop();
    }
  }

  private static String message(HealthCheckSpec spec, HealthPolicy.Report report, String detail) {
    if (report.healthy()) {
      return "health check passed: " + detail;
    }
    String count = report.failuresInARow() + " of " + spec.consecutiveFailures() + " failures in a row";
    return report.kill() ? "health check failed (" + count + "; the task is killed): " + detail
        : "health check failed (" + count + "): " + detail;
  }

  @Override
  public void close() {
    checks.close();
  }
}
