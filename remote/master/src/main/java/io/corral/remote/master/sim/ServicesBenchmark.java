package io.corral.remote.master.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The service scheduler of a real master, driven over its Marathon API on loopback, with simulated
 * agents that report tasks as the agent daemon does (STARTING, RUNNING, then healthy). Times one
 * app applied until all its instances are healthy and the replacement of a failed instance, then
 * measures the master's CPU while many small apps hold steady.
 */
public final class ServicesBenchmark {
  /** What each simulated agent offers. */
  public static final String AGENT_RESOURCES = "cpus:8;mem:32768;ports:[31000-32000]";
  /** After the apps are steady and before the window: late acknowledgements and state writes land. */
  public static final Duration SETTLE = Duration.ofSeconds(2);
  static final String APPLY_ID = "/bench/apply";
  private static final long POLL_MILLIS = 20;

  /**
   * @param instances instances of the one app applied first
   * @param services apps created for the steady window, {@code instancesPerService} each
   * @param warmups times the same app is applied and removed, unmeasured, before the measured apply
   * @param stateDir where the master keeps SQLite state; null keeps it in memory
   */
  public record Settings(int agents, int instances, int services, int instancesPerService, Duration steadyWindow,
      int backoffSeconds, int warmups, Path stateDir) {}

  /**
   * What one run measured; times in seconds. The steady figures cover the window only: CPU of the
   * master loop thread, of the whole process (master and simulated agents, which are idle then),
   * by thread, and the offers the master sent (the service scheduler is its only framework).
   */
  public record Result(Settings settings, Duration allocationInterval, double setupSeconds, double applyToFirstRunning,
      double applyToRunning, double applyToHealthy, double replace, double servicesToHealthy, double steadySeconds,
      double steadyLoopCpuSeconds, double steadyProcessCpuSeconds, long steadyOffers,
      Map<String, Double> steadyCpuByThread) {
    public double steadyLoopCpuMillisPerSecond() {
      return steadyLoopCpuSeconds * 1000 / steadySeconds;
    }

    /** Percent of one core. */
    public double steadyProcessCpuPercent() {
      return steadyProcessCpuSeconds * 100 / steadySeconds;
    }
  }

  private ServicesBenchmark() {}

  public static Result run(Settings s, Consumer<String> progress) throws Exception {
    long setupStart = System.nanoTime();
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(s.stateDir());
    try (MasterServer master = MasterServer.start(config)) {
      URI uri = URI.create(master.url());
      List<SimulatedAgent> agents = SimulatedAgents.start(uri, master.bootstrapCredential(), s.agents(),
          AGENT_RESOURCES, SimulatedAgent.Mode.RUN_LIKE_AN_AGENT);
      try {
        progress.accept(s.agents() + " simulated agents registered");
        MarathonHttp api = new MarathonHttp(uri);
        double setup = seconds(setupStart, System.nanoTime());

        for (int i = 1; i <= s.warmups(); i++) {
          String id = "/bench/warmup-" + i;
          apply(api, id, s, progress);
          remove(api, id);
        }
        long[] apply = apply(api, APPLY_ID, s, progress);
        double replace = replace(api, agents, s, progress);
        remove(api, APPLY_ID);

        Steady steady = steady(api, s, progress);
        return new Result(s, config.allocationInterval(), setup, seconds(apply[0], apply[1]),
            seconds(apply[0], apply[2]),
            seconds(apply[0], apply[3]), replace, steady.toHealthy(), steady.window(), steady.loopCpu(),
            steady.processCpu(), steady.offers(), steady.byThread());
      } finally {
        agents.forEach(SimulatedAgent::close);
      }
    }
  }

  /** What the steady phase measured: seconds to healthy, the window and the CPU seconds within it. */
  private record Steady(double toHealthy, double window, double loopCpu, double processCpu, long offers,
      Map<String, Double> byThread) {}

  /** Creates the steady apps, waits until all are healthy and settled, then measures the window. */
  private static Steady steady(MarathonHttp api, Settings s, Consumer<String> progress) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < s.services(); i++) {
      api.createApp(BenchApps.checked(steadyId(i), s.instancesPerService(), s.backoffSeconds()));
    }
    long healthy = api.await(api::apps, apps -> allHealthy(apps, s), 100, Duration.ofSeconds(300),
        s.services() + " apps healthy");
    api.await(api::deployments, d -> d.isArray() && d.isEmpty(), 100, Duration.ofSeconds(60), "without deployments");
    progress.accept(s.services() + " apps of " + s.instancesPerService() + " healthy; settling for "
        + SETTLE.toSeconds() + " s, then measuring for " + s.steadyWindow().toSeconds() + " s");
    Thread.sleep(SETTLE.toMillis());

    long offersBefore = api.offersSent();
    Map<Long, Long> threadsBefore = ThreadCpu.snapshot();
    double cpuBefore = ThreadCpu.processSeconds();
    long windowStart = System.nanoTime();
    Thread.sleep(s.steadyWindow().toMillis());
    long windowEnd = System.nanoTime();
    // The process's CPU time comes in clock ticks (10 ms) and its threads' in nanoseconds: over a
    // quiet window the threads' sum can be the larger, and closer, figure.
    double cpu = Math.max(ThreadCpu.processSeconds() - cpuBefore, ThreadCpu.totalSince(threadsBefore));
    long loopNanos = ThreadCpu.since(threadsBefore, "corral-master-loop");
    Map<String, Double> byThread = ThreadCpu.byName(threadsBefore, cpu, 0.0005);
    long offers = api.offersSent() - offersBefore;
    return new Steady(seconds(start, healthy), seconds(windowStart, windowEnd), loopNanos / 1e9, cpu, offers,
        byThread);
  }

  /** Start, first instance running, all running, all healthy without a deployment (nanoTimes). */
  private static long[] apply(MarathonHttp api, String id, Settings s, Consumer<String> progress) throws Exception {
    int n = s.instances();
    long[] times = new long[4];
    times[0] = System.nanoTime();
    api.createApp(BenchApps.checked(id, n, s.backoffSeconds()));
    times[3] = api.await(() -> api.app(id), app -> {
      int running = app.path("tasksRunning").asInt();
      long now = System.nanoTime();
      if (times[1] == 0 && running > 0) {
        times[1] = now;
      }
      if (times[2] == 0 && running == n) {
        times[2] = now;
      }
      return running == n && app.path("tasksHealthy").asInt() == n && app.path("deployments").isEmpty();
    }, POLL_MILLIS, Duration.ofSeconds(120), n + " instances of " + id + " healthy");
    progress.accept(String.format(Locale.ROOT, "%s: first of %d instances running in %.2f s, all in %.2f s,"
        + " all healthy in %.2f s", id, n, seconds(times[0], times[1]), seconds(times[0], times[2]),
        seconds(times[0], times[3])));
    return times;
  }

  private static void remove(MarathonHttp api, String id) throws Exception {
    api.deleteApp(id);
    api.await(() -> api.app(id), JsonNode::isNull, POLL_MILLIS, Duration.ofSeconds(60), id + " removed");
  }

  /** Fails one instance of the applied app at its agent; seconds until all are running and healthy again. */
  private static double replace(MarathonHttp api, List<SimulatedAgent> agents, Settings s, Consumer<String> progress)
      throws Exception {
    String victim = api.tasks(APPLY_ID).get(0).path("id").asText();
    SimulatedAgent holder = agents.stream().filter(a -> a.tasks().containsKey(victim)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no simulated agent holds " + victim));
    long start = System.nanoTime();
    holder.fail(victim);
    long end = api.await(() -> api.tasks(APPLY_ID), tasks -> replaced(tasks, victim, s.instances()), POLL_MILLIS,
        Duration.ofSeconds(60 + 2L * s.backoffSeconds()), "a replacement for " + victim + " healthy");
    double seconds = seconds(start, end);
    progress.accept(String.format(Locale.ROOT, "%s failed; replaced and healthy in %.2f s", victim, seconds));
    return seconds;
  }

  private static boolean replaced(JsonNode tasks, String failed, int instances) {
    int healthy = 0;
    for (JsonNode t : tasks) {
      if (t.path("id").asText().equals(failed)) {
        return false;
      }
      if (t.path("state").asText().equals("TASK_RUNNING") && t.path("healthCheckResults").path(0).path("alive")
          .asBoolean(false)) {
        healthy++;
      }
    }
    return healthy == instances;
  }

  private static boolean allHealthy(JsonNode apps, Settings s) {
    int steady = 0;
    for (JsonNode app : apps) {
      int n = s.instancesPerService();
      if (app.path("id").asText().startsWith(STEADY_PREFIX) && app.path("tasksRunning").asInt() == n
          && app.path("tasksHealthy").asInt() == n && app.path("deployments").isEmpty()) {
        steady++;
      }
    }
    return steady == s.services();
  }

  private static final String STEADY_PREFIX = "/bench/steady/";

  private static String steadyId(int i) {
    return String.format(Locale.ROOT, "%sapp-%04d", STEADY_PREFIX, i);
  }

  private static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / (double) TimeUnit.SECONDS.toNanos(1);
  }
}
