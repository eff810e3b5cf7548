package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of an agent process running Docker tasks: the next agent process finds its containers by
 * their labels, follows the running one's output on from where it stopped, reports the real exit
 * status of the one that ended meanwhile (once), and removes a container no task of its owns.
 */
class DockerAgentKillNineTest {
  @TempDir Path work;
  DockerTestEngine docker;

  @BeforeEach
  void engine() {
    docker = DockerTestEngine.require();
  }

  @AfterEach
  void cleanUp() {
    if (docker != null) {
      docker.removeAll(agentDir());
      docker.close();
    }
  }

  private Path agentDir() {
    return work.resolve("agent");
  }

  private Process startAgent(MasterServer master) throws Exception {
    return AgentProcess.start(master.url(), agentDir().toString(), master.bootstrapCredential(), docker.host);
  }

  private static long count(TestFramework f, String taskId, Protos.TaskState state) {
    return f.seen.stream().filter(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == state).count();
  }

  /** Lines {@code line-0, line-1, ...} in order, none missing or repeated. */
  private static boolean consecutive(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).equals("line-" + i)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void containersOutliveAKilledAgentAndAreFoundAgain() throws Exception {
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    Process agent = startAgent(master);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "watcher", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Path sandboxes = agentDir().resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue()));
      f.launch(offer,
          DockerTaskTest.dockerTask("talks", offer, "cpus:0.1;mem:32",
              "i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.2; done",
              Protos.ContainerInfo.DockerInfo.Network.NONE).build(),
          DockerTaskTest.dockerTask("ends", offer, "cpus:0.1;mem:32",
              "while [ ! -e gate ]; do sleep 0.05; done; exit 6", Protos.ContainerInfo.DockerInfo.Network.NONE).build());
      f.awaitUpdate("talks", Protos.TaskState.TASK_RUNNING);
      f.awaitUpdate("ends", Protos.TaskState.TASK_RUNNING);
      Path talks = sandboxes.resolve("talks").resolve("stdout");
      DockerTestEngine.await("the first lines of output", Duration.ofSeconds(30),
          () -> lines(talks).size() >= 3);

      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
      Files.writeString(sandboxes.resolve("ends").resolve("gate"), "go");
      DockerTestEngine.await("the gated container has ended", Duration.ofSeconds(30),
          () -> docker.containers(agentDir(), "ends").stream().noneMatch(c -> c.getState().equals("running")));
      String ghost = docker.client.createContainerCmd(DockerTestEngine.IMAGE).withCmd("sleep", "1000")
          .withLabels(Map.of(DockerRuntime.LABEL_AGENT_WORK_DIR, agentDir().toAbsolutePath().normalize().toString(),
              DockerRuntime.LABEL_TASK, "ghost"))
          .exec().getId();
      docker.client.startContainerCmd(ghost).exec();
      int linesWhileDown = lines(talks).size();

      agent = startAgent(master);
      Protos.TaskStatus ended = f.awaitUpdate("ends", Protos.TaskState.TASK_FAILED);
      assertEquals("exited with code 6", ended.getMessage());
      DockerTestEngine.await("the container of an unknown task is removed", Duration.ofSeconds(30),
          () -> docker.containers(agentDir(), "ghost").isEmpty());
      List<Container> running = docker.containers(agentDir(), "talks");
      assertEquals(1, running.size());
      assertEquals("running", running.get(0).getState(), "the container kept running through the agent's death");
      DockerTestEngine.await("output goes on after the restart", Duration.ofSeconds(30),
          () -> lines(talks).size() >= linesWhileDown + 5);

      DockerTaskTest.kill(f, "talks");
      f.awaitUpdate("talks", Protos.TaskState.TASK_KILLED);
      List<String> all = lines(talks);
      assertTrue(consecutive(all), "no line lost or repeated across the restart: " + all);
      assertEquals(1, count(f, "ends", Protos.TaskState.TASK_FAILED), "the end was reported once");
      assertEquals(1, count(f, "talks", Protos.TaskState.TASK_KILLED), "the kill was reported once");
    } finally {
      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
      master.close();
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
