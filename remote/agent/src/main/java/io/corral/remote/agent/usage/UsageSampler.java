package io.corral.remote.agent.usage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every running task each interval on one thread of its own, and hands the round to the
 * {@link UsageReporter}. A round reads each task's counters from its kind's {@link TaskMeter}, the
 * sandbox's size, and derives the cores used since the previous round and the highest memory seen.
 */
public final class UsageSampler implements AutoCloseable {
  /**
   * The default interval: figures a person watching {@code corral top} sees move, for a few
   * milliseconds of agent cpu per round at a hundred tasks (see docs/agent-protocol.md, USAGE).
   */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** Sandboxes are walked at most this often (Mesos' {@code disk/du} default), or every round when rounds are rarer. */
  static final Duration DISK_INTERVAL = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(UsageSampler.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Supplier<List<MeteredTask>> tasks;
  private final Map<MeteredTask.Kind, TaskMeter> meters;
  private final UsageReporter reporter;
  private final Duration interval;
  private final SandboxSizes sandboxes;
  private final Map<String, Previous> previous = new HashMap<>();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "corral-usage");
    t.setDaemon(true);
    return t;
  });
  private volatile List<TaskUsage> latest = List.of();
  private volatile RoundCost lastCost = new RoundCost(0, 0, 0, 0);
  private final AtomicLong rounds = new AtomicLong();

  /** What the task's previous sample needs to carry into the next. */
  private record Previous(long atNanos, long cpuNanos, long peakBytes) {}

  /** What the last round cost the agent: its thread's cpu, the wall time and the bytes it allocated, for how many tasks. */
  public record RoundCost(int tasks, long cpuNanos, long wallNanos, long allocatedBytes) {}

  UsageSampler(Supplier<List<MeteredTask>> tasks, Map<MeteredTask.Kind, TaskMeter> meters, UsageLink link,
      Duration interval) {
    this.tasks = tasks;
    this.meters = Map.copyOf(meters);
    this.reporter = new UsageReporter(link);
    this.interval = interval;
    this.sandboxes = new SandboxSizes(interval.compareTo(DISK_INTERVAL) > 0 ? interval : DISK_INTERVAL);
  }

  /**
   * Samples {@code tasks} every {@code interval}: process tasks through {@code processMeter}, containers
   * through {@code containerMeter}, reported over {@code link}.
   */
  public static UsageSampler start(Supplier<List<MeteredTask>> tasks, TaskMeter processMeter,
      TaskMeter containerMeter, UsageLink link, Duration interval) {
    UsageSampler sampler = new UsageSampler(tasks,
        Map.of(MeteredTask.Kind.PROCESS, processMeter, MeteredTask.Kind.CONTAINER, containerMeter), link, interval);
    long period = interval.toMillis();
    sampler.thread.scheduleWithFixedDelay(sampler::roundSafely, period, period, TimeUnit.MILLISECONDS);
    return sampler;
  }

  private void roundSafely() {
    try {
      round();
    } catch (RuntimeException e) {
      LOG.warn("sampling task usage failed; trying again in {} ms", interval.toMillis(), e);
    }
  }

  /** One round: every running task read, the results kept as {@link #latest()} and reported. */
  void round() {
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    long allocatedBefore = allocated();
    long start = System.nanoTime();
    List<MeteredTask> running = tasks.get();
    meters.values().forEach(TaskMeter::startRound);
    List<TaskUsage> round = new ArrayList<>(running.size());
    Map<String, Previous> next = new HashMap<>();
    double timestamp = System.currentTimeMillis() / 1000.0;
    for (MeteredTask t : running) {
      long now = System.nanoTime();
      UsageCounters counters = meters.getOrDefault(t.kind(), TaskMeter.NONE).read(t).orElse(null);
      long disk = sandboxes.of(t.taskId(), t.sandbox(), now);
      Previous before = previous.get(t.taskId());
      double cpusUsed = -1;
      long peak = -1;
      long cpu = -1;
      if (counters != null) {
        cpu = counters.cpuNanos();
        if (before != null && before.cpuNanos >= 0 && now > before.atNanos && cpu >= before.cpuNanos) {
          cpusUsed = (double) (cpu - before.cpuNanos) / (now - before.atNanos);
        }
        peak = Math.max(counters.memoryPeakBytes(), counters.memoryBytes());
      }
      if (before != null) {
        peak = Math.max(peak, before.peakBytes);
      }
      next.put(t.taskId(), new Previous(now, cpu, peak));
      round.add(new TaskUsage(t, timestamp, counters, disk, cpusUsed, peak));
    }
    previous.clear();
    previous.putAll(next);
    sandboxes.retain(next.keySet());
    meters.values().forEach(m -> m.retain(next.keySet()));
    latest = List.copyOf(round);
    reporter.report(round);
    lastCost = new RoundCost(running.size(), THREADS.getCurrentThreadCpuTime() - cpuBefore, System.nanoTime() - start,
        allocated() - allocatedBefore);
    rounds.incrementAndGet();
    LOG.debug("sampled {} task(s) in {} us of cpu", running.size(), lastCost.cpuNanos() / 1000);
  }

  /** Bytes this thread has allocated, where the JVM counts them (HotSpot does); else 0. */
  private static long allocated() {
    return THREADS instanceof com.sun.management.ThreadMXBean hotspot ? hotspot.getCurrentThreadAllocatedBytes() : 0;
  }

  /** The last round's samples. */
  public List<TaskUsage> latest() {
    return latest;
  }

  /** What the last round cost. */
  public RoundCost lastCost() {
    return lastCost;
  }

  /** How many rounds have been completed. */
  public long rounds() {
    return rounds.get();
  }

  /** How many USAGE calls went to the master. */
  public long calls() {
    return reporter.calls();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
