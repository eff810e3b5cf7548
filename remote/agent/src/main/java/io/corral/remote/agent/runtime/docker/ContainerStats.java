package io.corral.remote.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import io.corral.remote.agent.usage.UsageCounters;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One reading of a container's statistics from the engine ({@code docker stats --no-stream}): the
 * engine answers once, after its own sampling delay (about a second), so callers must not wait on
 * it from a thread that has other work.
 */
final class ContainerStats {
  private ContainerStats() {}

  static CompletableFuture<Optional<UsageCounters>> read(DockerClient client, String containerId) {
    CompletableFuture<Optional<UsageCounters>> result = new CompletableFuture<>();
    client.statsCmd(containerId).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
      @Override
      public void onNext(Statistics stats) {
        result.complete(Optional.ofNullable(stats).map(ContainerStats::counters));
      }

      @Override
      public void onError(Throwable failure) {
        result.completeExceptionally(failure);
      }

      @Override
      public void onComplete() {
        result.complete(Optional.empty());
      }
    });
    return result;
  }

  /**
   * The engine's figures as counters. Memory is what {@code docker stats} shows as used (the
   * cgroup's usage less its inactive file cache); the peak is the engine's only on cgroup v1.
   */
  static UsageCounters counters(Statistics s) {
    long user = UsageCounters.UNKNOWN;
    long system = UsageCounters.UNKNOWN;
    CpuStatsConfig cpu = s.getCpuStats();
    if (cpu != null && cpu.getCpuUsage() != null) {
      user = orUnknown(cpu.getCpuUsage().getUsageInUsermode());
      system = orUnknown(cpu.getCpuUsage().getUsageInKernelmode());
      if (user < 0 && cpu.getCpuUsage().getTotalUsage() != null) {
        user = cpu.getCpuUsage().getTotalUsage();
      }
    }
    long memory = UsageCounters.UNKNOWN;
    long peak = UsageCounters.UNKNOWN;
    long limit = UsageCounters.UNKNOWN;
    MemoryStatsConfig m = s.getMemoryStats();
    if (m != null) {
      memory = orUnknown(m.getUsage());
      if (memory > 0 && m.getStats() != null) {
        Long inactive = m.getStats().getTotalInactiveFile() != null ? m.getStats().getTotalInactiveFile()
            : m.getStats().getInactiveFile();
        if (inactive != null && inactive < memory) {
          memory -= inactive;
        }
      }
      peak = orUnknown(m.getMaxUsage());
      limit = orUnknown(m.getLimit());
    }
    long pids = s.getPidsStats() == null ? UsageCounters.UNKNOWN : orUnknown(s.getPidsStats().getCurrent());
    return new UsageCounters(user, system, memory, peak, limit, pids);
  }

  private static long orUnknown(Long value) {
    return value == null ? UsageCounters.UNKNOWN : value;
  }
}
