package io.corral.remote.agent.isolation;

/**
 * What one task's cgroup enforces, and the kernel's values for it. The arithmetic is Mesos': 1024 cpu
 * shares per cpu (v1), a 100 ms CFS period with {@code cpus} × period of quota, at least 1 ms.
 *
 * @param cpus the task's cpus (0: the smallest share, no quota)
 * @param memoryBytes the task's memory limit, 0 for none
 * @param cfs whether {@code cpus} is also a hard quota
 * @param maxPids the most processes and threads the task may have
 */
record CgroupLimits(double cpus, long memoryBytes, boolean cfs, int maxPids) {
  static final long CFS_PERIOD_MICROS = 100_000;
  static final long MIN_CFS_QUOTA_MICROS = 1_000;
  /** The kernel's least {@code cpu.shares}. */
  static final long MIN_SHARES = 2;
  static final long SHARES_PER_CPU = 1024;

  /** v1 {@code cpu.shares}. */
  long shares() {
    return Math.max(MIN_SHARES, Math.round(cpus * SHARES_PER_CPU));
  }

  /**
   * v2 {@code cpu.weight} (1..10000): 100 per cpu, as v1 gives 1024 shares per cpu; either way one cpu
   * weighs what a cgroup weighs by default, so tasks and the host's other services share as they ask.
   */
  long weight() {
    return Math.max(1, Math.min(10_000, Math.round(cpus * 100)));
  }

  /** The CFS quota per {@link #CFS_PERIOD_MICROS}, or -1 for none. */
  long quotaMicros() {
    if (!cfs || cpus <= 0) {
      return -1;
    }
    return Math.max(MIN_CFS_QUOTA_MICROS, Math.round(cpus * CFS_PERIOD_MICROS));
  }

  /** v2 {@code cpu.max}: "20000 100000", or "max 100000". */
  String cpuMax() {
    long quota = quotaMicros();
    return (quota < 0 ? "max" : Long.toString(quota)) + " " + CFS_PERIOD_MICROS;
  }
}
