package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.isolation.Isolator;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent process isolating its tasks with this host's cgroups (v1 here): what the master and the
 * framework see of a task over its memory or disk, and limits that outlive a kill -9 of the agent.
 */
class AgentIsolationTest {
  @TempDir Path work;
  private MasterServer master;
  private Process agent;
  /** The agent's parent cgroup name (corral/agent-...), once a test has found it. */
  private String agentCgroup;

  @BeforeEach
  void startMaster() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
  }

  @AfterEach
  void stopAll() throws Exception {
    stopAgent();
    master.close();
    Isolator.removeAgentCgroups(work.resolve("agent"));
  }

  private void startAgent() throws Exception {
    agentCgroup = Isolator.agentCgroupName(work.resolve("agent"));
    agent = AgentProcess.start(master.url(), work.resolve("agent").toString(), master.bootstrapCredential(), "isolated");
  }

  private void stopAgent() throws InterruptedException {
    if (agent != null) {
      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void tasksOverTheirMemoryOrDiskEndFailedWithTheLimitationAsReason() throws Exception {
    startAgent();
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "isolated", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Map<String, String> attributes = offer.getAttributesList().stream()
          .collect(Collectors.toMap(Protos.Attribute::getName, a -> a.getText().getValue()));
      assertEquals("cgroups", attributes.get("isolation"), attributes.toString());
      assertEquals("v1", attributes.get("cgroups"), attributes.toString());

      f.launch(offer, TestFramework.task("hog", offer, "cpus:0.5;mem:32", "head -c 200m /dev/zero | tail"),
          TestFramework.task("filler", offer, "cpus:0.1;mem:64;disk:10",
              "date +%s%N > started; dd if=/dev/zero of=fill bs=1M count=50 2>/dev/null; sleep 60"));
      f.awaitUpdate("hog", Protos.TaskState.TASK_RUNNING);
      long running = System.nanoTime();
      Protos.TaskStatus hog = f.awaitUpdate("hog", Protos.TaskState.TASK_FAILED);
      long hogMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - running);
      assertEquals(Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, hog.getReason(), hog.getMessage());
      assertEquals(Protos.TaskStatus.Source.SOURCE_AGENT, hog.getSource());
      assertTrue(hog.getMessage().startsWith("Memory limit exceeded: Requested: 32MB Maximum Used: 32MB"),
          hog.getMessage());

      Protos.TaskStatus filler = f.awaitUpdate("filler", Protos.TaskState.TASK_FAILED);
      long failedAt = System.currentTimeMillis();
      assertEquals(Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_DISK, filler.getReason(), filler.getMessage());
      assertTrue(filler.getMessage().contains("exceeds quota (10MB)"), filler.getMessage());
      Path started = sandboxFile("filler", "started").orElseThrow();
      long diskMillis = failedAt - Long.parseLong(Files.readString(started).trim()) / 1_000_000;
      System.out.printf("figures: memory hog TASK_RUNNING to TASK_FAILED %d ms; 50 MB write started to TASK_FAILED %d ms"
          + " (disk watched every 200 ms)%n", hogMillis, diskMillis);
    }
  }

  @Test
  void limitsHoldThroughAKillNineAndStrayCgroupsAreRemoved() throws Exception {
    startAgent();
    Path gate = work.resolve("gate");
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "isolated", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("gated-hog", offer, "cpus:0.2;mem:32",
          "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; head -c 200m /dev/zero | tail"));
      f.awaitUpdate("gated-hog", Protos.TaskState.TASK_RUNNING);
      Path memory = taskCgroup("gated-hog");
      assertEquals(Long.toString(32L << 20), Files.readString(memory.resolve("memory.limit_in_bytes")).trim());

      stopAgent();
      // The kernel keeps the limit with no agent alive; and a cgroup whose task ended while the agent
      // was down is left behind.
      assertEquals(Long.toString(32L << 20), Files.readString(memory.resolve("memory.limit_in_bytes")).trim());
      Path stray = Files.createDirectory(memory.resolveSibling("ended-while-down"));
      startAgent();

      assertFalse(Files.exists(stray), "the stray cgroup was removed at start");
      assertTrue(Files.isDirectory(memory), "the running task's cgroup was found again");
      Files.writeString(gate, "go");
      Protos.TaskStatus ended = f.awaitUpdate("gated-hog", Protos.TaskState.TASK_FAILED);
      assertEquals(Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, ended.getReason(), ended.getMessage());
      assertFalse(Files.exists(memory), "the ended task's cgroup is gone");
    }
  }

  /** The task's memory cgroup, under this agent's parent. */
  private Path taskCgroup(String taskId) {
    return Path.of("/sys/fs/cgroup/memory/corral", agentCgroup, taskId);
  }

  private Optional<Path> sandboxFile(String taskId, String name) throws IOException {
    try (Stream<Path> files = Files.walk(work.resolve("agent"))) {
      return files.filter(p -> p.getFileName().toString().equals(name) && p.toString().contains(taskId)).findFirst();
    }
  }
}
