package io.corral.remote.agent.health;

import io.corral.core.health.HealthPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's checks: runs the probe, hands each result to the task's {@link HealthPolicy} and what it
 * decides to the listener, then schedules the next check an interval after this one ended (Mesos'
 * rule), so a slow check never overlaps the next. Runs on the shared scheduler; holds no thread.
 */
final class HealthChecker implements HealthChecks.Checking {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
  /** A zero interval would spin on a check that fails at once (a refused connection). */
  static final Duration MIN_INTERVAL = Duration.ofMillis(10);
  /** A probe enforces its own timeout; this much later the checker stops waiting for it anyway. */
  private static final Duration PROBE_SLACK = Duration.ofSeconds(1);

  private final String taskId;
  private final HealthCheckSpec spec;
  private final Probe probe;
  private final HealthPolicy policy;
  private final ScheduledExecutorService scheduler;
  private final Executor onScheduler;
  private final LongSupplier nanoTime;
  private final long startedNanos;
  private final HealthChecks.Listener listener;
  private volatile boolean stopped;
  private volatile ScheduledFuture<?> next;

  HealthChecker(String taskId, HealthCheckSpec spec, Probe probe, HealthPolicy policy, ScheduledExecutorService scheduler,
      LongSupplier nanoTime, long startedNanos, HealthChecks.Listener listener) {
    this.taskId = taskId;
    this.spec = spec;
    this.probe = probe;
    this.policy = policy;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.startedNanos = startedNanos;
    this.listener = listener;
    this.onScheduler = r -> {
      try {
        scheduler.execute(r);
      } catch (RejectedExecutionException e) {
        // The agent is stopping: its checks end with it, and a restarted agent starts them again.
      }
    };
  }

  void start() {
    schedule(spec.delay());
  }

  @Override
  public void stop() {
    stopped = true;
    ScheduledFuture<?> f = next;
    if (f != null) {
      f.cancel(false);
    }
  }

  private void schedule(Duration after) {
    if (stopped) {
      return;
    }
    try {
      next = scheduler.schedule(this::checkOnce, after.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The agent is stopping (see the constructor).
    }
  }

  private void checkOnce() {
    if (stopped) {
      return;
    }
    CompletableFuture<Probe.Result> result;
    try {
      result = probe.check(spec.timeout());
    } catch (RuntimeException e) {
      result = CompletableFuture.completedFuture(new Probe.Result(false, "the check could not run: " + e.getMessage()));
    }
    if (!spec.timeout().isZero()) {
      result = result.completeOnTimeout(new Probe.Result(false, "no result within " + spec.timeout().toMillis() + " ms"),
          spec.timeout().plus(PROBE_SLACK).toNanos(), TimeUnit.NANOSECONDS);
    }
    result.whenCompleteAsync((r, failure) -> decide(r != null ? r
        : new Probe.Result(false, "the check failed: " + failure)), onScheduler);
  }

  private void decide(Probe.Result result) {
    if (stopped) {
      return;
    }
    Duration sinceStart = Duration.ofNanos(nanoTime.getAsLong() - startedNanos);
    HealthPolicy.Verdict verdict = result.healthy() ? policy.passed(sinceStart) : policy.failed(sinceStart);
    if (verdict instanceof HealthPolicy.Report report) {
      if (report.kill()) {
        stopped = true;
      }
      try {
        listener.report(report, result.detail());
      } catch (RuntimeException e) {
        LOG.error("task {}: could not report its health", taskId, e);
      }
      if (report.kill()) {
        return;
      }
    } else if (verdict instanceof HealthPolicy.Quiet quiet && !result.healthy()) {
      LOG.debug("task {}: health check failed, not counted ({}): {}", taskId, quiet.why(), result.detail());
    }
    schedule(spec.interval().compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : spec.interval());
  }
}
