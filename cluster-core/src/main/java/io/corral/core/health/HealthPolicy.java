package io.corral.core.health;

import java.time.Duration;
import java.util.Objects;

/**
 * What one task's health check results mean, as Mesos' built-in executors read them: failures within
 * the grace period after the task started are ignored until a first success ends that period; every
 * other failure is reported and counted, and the failure that makes {@code consecutiveFailures} in a
 * row also kills the task; a success is reported when it is the first one, or the first after
 * failures. One instance per task, fed the results in order; it decides and does nothing itself. Not
 * thread-safe: its owner calls it from one check at a time.
 */
public final class HealthPolicy {

  /** What a result calls for. */
  public sealed interface Verdict {}

  /** Nothing to tell: a failure within the grace period, or a success after a success. */
  public record Quiet(String why) implements Verdict {}

  /**
   * Tell the framework whether the task is healthy; {@code kill}: the failures in a row reached the
   * limit and the task is to be killed. {@code failuresInARow} counts this result.
   */
  public record Report(boolean healthy, long failuresInARow, boolean kill) implements Verdict {}

  private final Duration gracePeriod;
  private final long consecutiveFailures;
  private boolean initializing = true;
  private long failuresInARow;

  /**
   * @param gracePeriod failures this long after the task started are ignored (until a success)
   * @param consecutiveFailures failures in a row that kill the task; 0 kills at the first counted one,
   *     as in Mesos
   */
  public HealthPolicy(Duration gracePeriod, long consecutiveFailures) {
    this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutive failures " + consecutiveFailures + " is negative");
    }
    this.consecutiveFailures = consecutiveFailures;
  }

  /** A check passed; {@code sinceStart} is how long ago the task started. */
  public Verdict passed(Duration sinceStart) {
    boolean first = initializing;
    initializing = false;
    boolean afterFailures = failuresInARow > 0;
    failuresInARow = 0;
    return first || afterFailures ? new Report(true, 0, false) : new Quiet("still healthy");
  }

  /** A check failed (or did not answer in time); {@code sinceStart} is how long ago the task started. */
  public Verdict failed(Duration sinceStart) {
    if (initializing && sinceStart.compareTo(gracePeriod) <= 0) {
      return new Quiet("failure within the grace period of " + gracePeriod.toMillis() + " ms, before any success");
    }
    failuresInARow++;
    return new Report(false, failuresInARow, failuresInARow >= consecutiveFailures);
  }

  /** Failures counted in a row so far. */
  public long failuresInARow() {
    return failuresInARow;
  }
}
