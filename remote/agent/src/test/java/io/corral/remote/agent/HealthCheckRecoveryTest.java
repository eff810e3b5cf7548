package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of an agent process whose task is health checked: the restarted agent checks it again. */
class HealthCheckRecoveryTest {
  @TempDir Path work;

  private Process startAgent(MasterServer master) throws Exception {
    return AgentProcess.start(master.url(), work.resolve("agent").toString(), master.bootstrapCredential());
  }

  @Test
  void checksResumeForATaskFoundAgainAfterTheAgentWasKilled() throws Exception {
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    Process agent = startAgent(master);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "health", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      // No grace period: the restarted agent's first check may already fail, and must count.
      f.launch(offer, HealthCheckTest.checked("kept", offer, "echo > marker; exec sleep 1000",
          HealthCheckTest.quickCheck(1000).setGracePeriodSeconds(0).setType(Protos.HealthCheck.Type.COMMAND)
              .setCommand(Protos.CommandInfo.newBuilder().setValue("test -f marker"))));
      HealthCheckTest.awaitHealth(f, "kept", true);

      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
      agent = startAgent(master);
      Files.delete(work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue()))
          .resolve("kept").resolve("marker"));

      Protos.TaskStatus unhealthy = HealthCheckTest.awaitHealth(f, "kept", false);
      assertTrue(unhealthy.getMessage().contains("exited with 1"), unhealthy.getMessage());
      DockerTaskTest.kill(f, "kept");
      f.awaitUpdate("kept", Protos.TaskState.TASK_KILLED);
    } finally {
      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
      master.close();
    }
  }
}
