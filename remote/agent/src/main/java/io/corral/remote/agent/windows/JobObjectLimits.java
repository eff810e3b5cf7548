package io.corral.remote.agent.windows;

/**
 * The numbers a Windows Job Object gets for a task's cpu and memory: the job's process memory
 * limit in bytes, and a hard cpu rate cap in 1/100ths of a percent of the whole machine
 * (JOBOBJECT_CPU_RATE_CONTROL_INFORMATION.CpuRate, 1..10000), as Mesos' Windows isolators did.
 */
public record JobObjectLimits(long processMemoryLimitBytes, int cpuRate) {
  public static final int JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100;
  public static final int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000;
  public static final int JOB_OBJECT_CPU_RATE_CONTROL_ENABLE = 0x1;
  public static final int JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP = 0x4;

  /** Limits for {@code cpus} of a machine with {@code machineCpus} cores and {@code memoryMb} MB. */
  public static JobObjectLimits of(double cpus, int machineCpus, long memoryMb) {
    if (machineCpus < 1) {
      throw new IllegalArgumentException("the machine must have at least one cpu");
    }
    int rate = (int) Math.round(cpus / machineCpus * 10_000);
    return new JobObjectLimits(memoryMb * 1024 * 1024, Math.max(1, Math.min(10_000, rate)));
  }

  /** LimitFlags of the extended limit information: memory cap, and the job dies with its handle. */
  public int limitFlags() {
    return JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  }

  public int cpuControlFlags() {
    return JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP;
  }
}
