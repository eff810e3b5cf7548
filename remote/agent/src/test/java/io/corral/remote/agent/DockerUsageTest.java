package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.agent.usage.TaskUsage;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Docker task's usage comes from the engine's statistics: a real dockerd, a container spinning a core. */
class DockerUsageTest {
  @TempDir Path work;

  @Test
  void aContainersCpuAndMemoryComeFromTheEngine() throws Exception {
    try (DockerTestEngine docker = DockerTestEngine.require();
        MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
            .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)))) {
      Path dir = work.resolve("agent");
      AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), dir, master.bootstrapCredential(),
          "cpus:2;mem:1024", Map.of(), "docker-usage-node", Duration.ofMillis(500))
          .withUsageInterval(Duration.ofMillis(300)), TaskRuntimes.forThisPlatform(), docker.runtime(dir));
      try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "docker-usage", false)
          .acknowledgingEverything()) {
        Protos.Offer offer = f.awaitOffer();
        f.launch(offer, DockerTaskTest.dockerTask("spin", offer, "cpus:1;mem:128", "while :; do :; done",
            Protos.ContainerInfo.DockerInfo.Network.HOST).build());
        f.awaitUpdate("spin", Protos.TaskState.TASK_RUNNING);
        Await.until("the engine's figures of the container", Duration.ofSeconds(30), () -> spin(agent)
            .map(u -> u.counters() != null && u.counters().cpuUserNanos() > 0 && u.counters().memoryBytes() > 0
                && u.counters().memoryLimitBytes() == 128L << 20 && u.cpusUsed() > 0)
            .orElse(false));
        double seconds = spin(agent).orElseThrow().statistics().getCpusUserTimeSecs();
        Await.until("its cpu time grows", Duration.ofSeconds(30),
            () -> spin(agent).orElseThrow().statistics().getCpusUserTimeSecs() > seconds);
        assertTrue(spin(agent).orElseThrow().statistics().getProcesses() >= 1);
        DockerTaskTest.kill(f, "spin");
        f.awaitUpdate("spin", Protos.TaskState.TASK_KILLED);
      } finally {
        agent.drain(Duration.ofSeconds(5));
        docker.removeAll(dir);
      }
    }
  }

  private static Optional<TaskUsage> spin(AgentDaemon agent) {
    return agent.usageSampler().latest().stream().filter(u -> u.task().taskId().equals("spin")).findFirst();
  }
}
