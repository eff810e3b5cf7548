package io.corral.remote.master.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU time of this process and of its threads, as the JVM counts it, for the benchmarks' breakdowns. */
final class ThreadCpu {
  private ThreadCpu() {}

  /** CPU time of this process so far, in seconds; NaN where the JVM cannot tell. */
  static double processSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** CPU nanoseconds of every live thread, by thread id. */
  static Map<Long, Long> snapshot() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    if (mx.isThreadCpuTimeSupported()) {
      for (long id : mx.getAllThreadIds()) {
        long t = mx.getThreadCpuTime(id);
        if (t >= 0) {
          cpu.put(id, t);
        }
      }
    }
    return cpu;
  }

  /** CPU seconds of all live Java threads since {@code before}. */
  static double totalSince(Map<Long, Long> before) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum / 1e9;
  }

  /** CPU nanoseconds of the live threads named {@code name} since {@code before}. */
  static long since(Map<Long, Long> before, String name) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
      ThreadInfo info = mx.getThreadInfo(e.getKey());
      if (info != null && info.getThreadName().equals(name)) {
        sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
      }
    }
    return sum;
  }

  /**
   * CPU seconds spent since {@code before}, by thread name with numbers folded ("corral-http-#"),
   * largest first, those under {@code minSeconds} left out; what no Java thread accounts for (the
   * JIT compilers, the garbage collector) is "jvm (jit, gc)". Threads that ended meanwhile are
   * missing from it.
   */
  static Map<String, Double> byName(Map<Long, Long> before, double processSeconds, double minSeconds) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Double> byName = new HashMap<>();
    double accounted = 0;
    for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
      ThreadInfo info = mx.getThreadInfo(e.getKey());
      if (info == null) {
        continue;
      }
      double seconds = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e9;
      accounted += seconds;
      byName.merge(info.getThreadName().replaceAll("[0-9]+", "#"), seconds, Double::sum);
    }
    byName.put("jvm (jit, gc)", Math.max(0, processSeconds - accounted));
    Map<String, Double> sorted = new LinkedHashMap<>();
    byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .filter(e -> e.getValue() >= minSeconds).forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
