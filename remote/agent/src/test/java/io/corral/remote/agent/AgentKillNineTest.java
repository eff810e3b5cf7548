package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a whole agent process while it runs tasks: a new agent process finds them, nothing lost or doubled. */
class AgentKillNineTest {
  @TempDir Path work;

  private Process startAgent(MasterServer master) throws Exception {
    return AgentProcess.start(master.url(), work.resolve("agent").toString(), master.bootstrapCredential());
  }

  @Test
  void aKilledAgentProcessIsReplacedAndItsTasksAreFoundAgain() throws Exception {
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    Process agent = startAgent(master);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "watcher", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Path gate = work.resolve("gate");
      f.launch(offer, TestFramework.task("stays", offer, "cpus:0.1;mem:32", "sleep 1000"),
          TestFramework.task("ends", offer, "cpus:0.1;mem:32",
              "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; exit 6"));
      f.awaitUpdate("stays", Protos.TaskState.TASK_RUNNING);
      f.awaitUpdate("ends", Protos.TaskState.TASK_RUNNING);

      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
      Files.writeString(gate, "go");
      agent = startAgent(master);

      Protos.TaskStatus ended = f.awaitUpdate("ends", Protos.TaskState.TASK_FAILED);
      assertTrue(ended.getMessage().contains("6"), ended.getMessage());
      f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
          .setTaskId(Protos.TaskID.newBuilder().setValue("stays"))).build());
      f.awaitUpdate("stays", Protos.TaskState.TASK_KILLED);
      long endings = f.seen.stream().filter(e -> e.hasUpdate()
          && e.getUpdate().getStatus().getTaskId().getValue().equals("ends")
          && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_FAILED).count();
      assertEquals(1, endings, "the end of the task was reported once");
    } finally {
      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
      master.close();
    }
  }
}
