package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.agent.usage.UsageSampler;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What sampling costs an agent running 100 tasks: the sampler thread's cpu, wall time and allocation
 * per round, and what it keeps in the heap. A measurement, not a check: it runs only when asked,
 * {@code mvn -o -B test -pl remote/agent -am -Dtest=UsageOverheadTest -Dcorral.usage.overhead=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, and prints its figures; tasks get cgroups where the host allows,
 * unless {@code -Dcorral.usage.overhead.isolation=none} (every figure from {@code /proc} then).
 */
class UsageOverheadTest {
  private static final int TASKS = 100;
  private static final int ROUNDS = 20;
  @TempDir Path work;

  @Test
  void samplingAHundredTasks() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("corral.usage.overhead"), "a measurement: -Dcorral.usage.overhead=true");
    try (MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)))) {
      AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
          master.bootstrapCredential(), "cpus:8;mem:8192;disk:8192", Map.of(), "overhead-node", Duration.ofMillis(500))
          .withUsageInterval(Duration.ofMillis(500)), "none".equals(System.getProperty("corral.usage.overhead.isolation"))
              ? TaskRuntimes.forThisPlatform() : UsageThroughMasterTest.isolatedOrNot(work.resolve("agent")));
      try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "overhead", false).acknowledgingEverything()) {
        Protos.Offer offer = f.awaitOffer();
        List<Protos.TaskInfo> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          tasks.add(TestFramework.task("t" + i, offer, "cpus:0.01;mem:4;disk:1", "exec sleep 600"));
        }
        f.launch(offer, tasks.toArray(Protos.TaskInfo[]::new));
        UsageSampler sampler = agent.usageSampler();
        Await.until(TASKS + " tasks sampled", Duration.ofSeconds(60), () -> sampler.latest().size() == TASKS);
        long cpu = 0;
        long wall = 0;
        long allocated = 0;
        long maxCpu = 0;
        for (int i = 0; i < ROUNDS; i++) {
          long after = sampler.rounds();
          Await.until("a round", Duration.ofSeconds(10), () -> sampler.rounds() > after);
          UsageSampler.RoundCost c = sampler.lastCost();
          assertEquals(TASKS, c.tasks());
          cpu += c.cpuNanos();
          wall += c.wallNanos();
          allocated += c.allocatedBytes();
          maxCpu = Math.max(maxCpu, c.cpuNanos());
        }
        long processes;
        try (var s = Files.list(Path.of("/proc"))) {
          processes = s.filter(p -> p.getFileName().toString().matches("\\d+")).count();
        }
        System.out.printf(Locale.ROOT, "usage sampling, %d tasks (%s), %d processes on the host, %d rounds:%n"
            + "  sampler cpu per round: mean %.2f ms (max %.2f ms), %.1f us per task%n"
            + "  wall per round: mean %.2f ms; allocated per round: %.0f KB (%.0f bytes per task)%n"
            + "  USAGE calls sent: %d%n  kept in the heap: %s%n",
            TASKS, agent.taskCgroups().counters("t0").isPresent() ? "in cgroups" : "from /proc", processes, ROUNDS, cpu / 1e6 / ROUNDS, maxCpu / 1e6, cpu / 1e3 / ROUNDS / TASKS, wall / 1e6 / ROUNDS,
            allocated / 1024.0 / ROUNDS, (double) allocated / ROUNDS / TASKS, sampler.calls(), retained());
        agent.drain(Duration.ofSeconds(30));
      }
    }
  }

  /** The live instances of the sampler's classes, from a class histogram of this JVM. */
  private static String retained() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    long bytes = 0;
    StringBuilder which = new StringBuilder();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && (f[3].startsWith("io.corral.remote.agent.usage.") || f[3].contains("ResourceStatistics"))) {
        bytes += Long.parseLong(f[2]);
        which.append(String.format(Locale.ROOT, "%n    %s x%s = %s B", f[3], f[1], f[2]));
      }
    }
    return bytes + " bytes" + which;
  }
}
