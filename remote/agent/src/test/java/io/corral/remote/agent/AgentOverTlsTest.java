package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.MasterTls;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent registers with a master that serves HTTPS only, verifying it with the master's CA
 * file as {@code corral agent --ca-file} does, and runs a task a framework launches over HTTPS.
 */
class AgentOverTlsTest {
  @TempDir Path work;

  @Test
  void anAgentWithTheCaFileRegistersOverHttpsAndRunsATask() throws Exception {
    ClientTls before = ClientTls.shared();
    try (MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withStateDir(work.resolve("master")).withTls(MasterTls.generated(List.of()))
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)))) {
      assertTrue(master.url().startsWith("https://"), master.url());
      Path ca = work.resolve("master/tls/ca.pem");
      AgentConfig config = new AgentConfig(URI.create(master.url()), work.resolve("agent"),
          master.bootstrapCredential(), "cpus:2;mem:512", Map.of(), "tls-node", Duration.ofMillis(500)).withCaFile(ca);
      // what the agent's start-up (AgentCommand.runDaemon) does with --ca-file
      ClientTls.share(ClientTls.trustingOrDefaults(config.caFile()));
      AgentDaemon agent = AgentDaemon.start(config, TaskRuntimes.forThisPlatform());
      try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "over-tls", false)
          .acknowledgingEverything()) {
        Protos.Offer offer = f.awaitOffer();
        assertEquals("tls-node", offer.getHostname());
        f.launch(offer, TestFramework.task("hello", offer, "cpus:0.1;mem:32", "echo over tls"));
        Protos.TaskStatus finished = f.awaitUpdate("hello", Protos.TaskState.TASK_FINISHED);
        assertEquals(agent.agentId(), finished.getAgentId().getValue());
        Path sandbox = work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue()))
            .resolve("hello");
        assertEquals("over tls\n", Files.readString(sandbox.resolve("stdout")));
      } finally {
        agent.drain(Duration.ofSeconds(5));
      }
    } finally {
      ClientTls.share(before);
    }
  }
}
