package io.corral.remote.agent.isolation;

/**
 * A task's cgroup counters at one moment. Cpu times are cumulative since the task started; memory in
 * bytes ({@code memoryLimitBytes} is {@link Long#MAX_VALUE} when the task has no memory limit); a
 * counter the hierarchy does not keep is 0 (v2 kernels before 5.19 keep no memory peak).
 */
public record CgroupCounters(long cpuUserNanos, long cpuSystemNanos, long memoryBytes, long memoryPeakBytes,
    long memoryLimitBytes, long pids) {}
