package io.corral.remote.agent.usage;

/**
 * What a task's processes have used, as one source reads it at one moment: cpu times cumulative since
 * the task started (nanoseconds), memory in bytes. A figure the source does not keep is {@link #UNKNOWN}.
 */
public record UsageCounters(long cpuUserNanos, long cpuSystemNanos, long memoryBytes, long memoryPeakBytes,
    long memoryLimitBytes, long pids) {
  public static final long UNKNOWN = -1;

  /** The cpu time of both kinds, in nanoseconds. */
  public long cpuNanos() {
    return Math.max(0, cpuUserNanos) + Math.max(0, cpuSystemNanos);
  }
}
