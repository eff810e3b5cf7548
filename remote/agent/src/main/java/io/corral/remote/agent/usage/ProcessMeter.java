package io.corral.remote.agent.usage;

import io.corral.remote.agent.isolation.CgroupCounters;
import io.corral.remote.agent.isolation.TaskCgroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process tasks on Linux: the task's cgroup counters when it has a cgroup (exact, and they see every
 * process the task ever started), else its process tree under the supervisor from {@code /proc},
 * read once per round and only when some task needs it.
 */
public final class ProcessMeter implements TaskMeter {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessMeter.class);

  private final TaskCgroups cgroups;
  private final Path proc;
  private final long ticksPerSecond;
  private final long pageBytes;
  private ProcessTable table;
  private boolean warned;

  ProcessMeter(TaskCgroups cgroups, Path proc, long ticksPerSecond, long pageBytes) {
    this.cgroups = cgroups;
    this.proc = proc;
    this.ticksPerSecond = ticksPerSecond;
    this.pageBytes = pageBytes;
  }

  /** With this host's {@code /proc}, clock tick and page size (asked once, of {@code getconf}). */
  public static ProcessMeter forThisHost(TaskCgroups cgroups) {
    return new ProcessMeter(cgroups, Path.of("/proc"), getconf("CLK_TCK", 100), getconf("PAGESIZE", 4096));
  }

  @Override
  public void startRound() {
    table = null;
  }

  /** The table is a round's only: let it go until the next. */
  @Override
  public void retain(java.util.Set<String> taskIds) {
    table = null;
  }

  @Override
  public Optional<UsageCounters> read(MeteredTask task) {
    Optional<CgroupCounters> counters = cgroups.counters(task.taskId());
    if (counters.isPresent()) {
      return counters.map(ProcessMeter::fromCgroup);
    }
    if (task.pid() <= 0) {
      return Optional.empty();
    }
    if (table == null) {
      try {
        table = ProcessTable.read(proc, ticksPerSecond, pageBytes);
      } catch (IOException e) {
        if (!warned) {
          warned = true;
          LOG.warn("cannot read {}: the cpu and memory of tasks without a cgroup are not sampled ({})", proc, e.toString());
        }
        return Optional.empty();
      }
    }
    return table.tree(task.pid());
  }

  /** A counter the hierarchy does not keep is 0 there, and no limit is {@link Long#MAX_VALUE}. */
  static UsageCounters fromCgroup(CgroupCounters c) {
    return new UsageCounters(c.cpuUserNanos(), c.cpuSystemNanos(), c.memoryBytes(),
        c.memoryPeakBytes() > 0 ? c.memoryPeakBytes() : UsageCounters.UNKNOWN,
        c.memoryLimitBytes() > 0 && c.memoryLimitBytes() != Long.MAX_VALUE ? c.memoryLimitBytes() : UsageCounters.UNKNOWN,
        c.pids() > 0 ? c.pids() : UsageCounters.UNKNOWN);
  }

  private static long getconf(String name, long otherwise) {
    try {
      Process p = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        long value = Long.parseLong(new String(out, StandardCharsets.US_ASCII).trim());
        if (value > 0) {
          return value;
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("getconf {}: {}; taking {}", name, e.toString(), otherwise);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return otherwise;
  }

  /** Whether this host has a {@code /proc} to read. */
  public static boolean available() {
    return Files.isDirectory(Path.of("/proc/self"));
  }
}
