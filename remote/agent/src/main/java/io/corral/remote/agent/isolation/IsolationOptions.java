package io.corral.remote.agent.isolation;

import java.time.Duration;
import java.util.Objects;

/**
 * How an agent isolates its process tasks (the {@code corral agent} flags of the same names).
 *
 * @param cgroups {@code --isolation cgroups} (the default): limits through the kernel's cgroups, and the
 *     agent refuses to start where it cannot use them; false is {@code --isolation none}: no limits at all
 * @param cfs {@code --cgroups-enable-cfs}: {@code cpus} is also a hard CFS quota, not only a share
 * @param maxPids {@code --task-max-pids}: how many processes and threads one task may have at once
 * @param diskWatchInterval {@code --disk-watch-interval}: how often each sandbox's size is measured
 */
public record IsolationOptions(boolean cgroups, boolean cfs, int maxPids, Duration diskWatchInterval) {
  public static final int DEFAULT_MAX_PIDS = 4096;
  /** Mesos' {@code --container_disk_watch_interval}. */
  public static final Duration DEFAULT_DISK_WATCH_INTERVAL = Duration.ofSeconds(15);

  public IsolationOptions {
    Objects.requireNonNull(diskWatchInterval, "diskWatchInterval");
    if (maxPids < 1) {
      throw new IllegalArgumentException("the task pids limit must be at least 1, not " + maxPids);
    }
    if (diskWatchInterval.toMillis() < 1) {
      throw new IllegalArgumentException("the disk watch interval must be positive, not " + diskWatchInterval);
    }
  }

  /** cgroups, CFS quotas on, 4096 pids per task, the sandbox measured every 15 s. */
  public static IsolationOptions defaults() {
    return new IsolationOptions(true, true, DEFAULT_MAX_PIDS, DEFAULT_DISK_WATCH_INTERVAL);
  }

  /** {@code --isolation none}: tasks run without limits. */
  public static IsolationOptions none() {
    return new IsolationOptions(false, false, DEFAULT_MAX_PIDS, DEFAULT_DISK_WATCH_INTERVAL);
  }

  public IsolationOptions withCfs(boolean on) {
    return new IsolationOptions(cgroups, on, maxPids, diskWatchInterval);
  }

  public IsolationOptions withMaxPids(int pids) {
    return new IsolationOptions(cgroups, cfs, pids, diskWatchInterval);
  }

  public IsolationOptions withDiskWatchInterval(Duration interval) {
    return new IsolationOptions(cgroups, cfs, maxPids, interval);
  }
}
