package io.corral.remote.agent.usage;

import org.apache.mesos.v1.Protos;

/**
 * One sample of one task: its counters (null when none could be read), its sandbox's size (-1:
 * unknown), the cores it used since the sample before ({@code cpusUsed}, -1 for its first) and the
 * highest memory seen ({@code memPeakBytes}, -1: unknown). {@code timestamp} is in seconds since the
 * epoch, as Mesos' {@code ResourceStatistics}.
 */
public record TaskUsage(MeteredTask task, double timestamp, UsageCounters counters, long diskBytes, double cpusUsed,
    long memPeakBytes) {

  /** Whether the figures differ from {@code other}'s; the time they were taken does not count. */
  public boolean differsFrom(TaskUsage other) {
    return other == null || !task.equals(other.task) || diskBytes != other.diskBytes
        || !java.util.Objects.equals(counters, other.counters) || memPeakBytes != other.memPeakBytes
        || Math.round(cpusUsed * 1000) != Math.round(other.cpusUsed * 1000);
  }

  /**
   * As Mesos' {@code ResourceStatistics}. Memory is what the source counts: a cgroup's usage (page
   * cache included, as Docker's and the cgroup's own figure) or the sum of the processes' resident
   * sets; it is given as both {@code mem_rss_bytes} and {@code mem_total_bytes}. Limits are the
   * enforced ones when the source knows them, else what the task asked for.
   */
  public Protos.ResourceStatistics statistics() {
    Protos.ResourceStatistics.Builder b = Protos.ResourceStatistics.newBuilder().setTimestamp(timestamp);
    if (task.cpusLimit() > 0) {
      b.setCpusLimit(task.cpusLimit());
    }
    long memLimit = task.memLimitBytes();
    if (counters != null) {
      b.setCpusUserTimeSecs(Math.max(0, counters.cpuUserNanos()) / 1e9);
      b.setCpusSystemTimeSecs(Math.max(0, counters.cpuSystemNanos()) / 1e9);
      if (counters.memoryBytes() >= 0) {
        b.setMemRssBytes(counters.memoryBytes()).setMemTotalBytes(counters.memoryBytes());
      }
      if (counters.pids() >= 0) {
        b.setProcesses((int) Math.min(Integer.MAX_VALUE, counters.pids()));
      }
      if (counters.memoryLimitBytes() > 0) {
        memLimit = counters.memoryLimitBytes();
      }
    }
    if (memLimit > 0) {
      b.setMemLimitBytes(memLimit);
    }
    if (diskBytes >= 0) {
      b.setDiskUsedBytes(diskBytes);
    }
    if (task.diskLimitBytes() > 0) {
      b.setDiskLimitBytes(task.diskLimitBytes());
    }
    return b.build();
  }
}
