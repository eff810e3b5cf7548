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
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real master, a real agent running real processes, a framework over the real scheduler API. */
class AgentDaemonTest {
  @TempDir Path work;
  MasterServer master;
  AgentDaemon agent;

  @BeforeEach
  void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = startAgent();
  }

  private AgentDaemon startAgent() throws Exception {
    return AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"), master.bootstrapCredential(),
        "cpus:4;mem:1024", Map.of("rack", "r1"), "test-node", Duration.ofMillis(500)), TaskRuntimes.forThisPlatform());
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.drain(Duration.ofSeconds(5));
    }
    master.close();
  }

  @Test
  void aMasterRestartFindsTheAgentAndItsTasksAgain() throws Exception {
    agent.close();
    master.close();
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", port).withStateDir(work.resolve("master"))
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    master = MasterServer.start(config);
    agent = startAgent();
    Protos.FrameworkID id;
    Protos.FrameworkInfo info = TestFramework.info("patient").setFailoverTimeout(600).build();
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), info, false).acknowledgingEverything()) {
      id = f.id();
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, shell("long", offer, "sleep 1000"));
      f.awaitUpdate("long", Protos.TaskState.TASK_RUNNING);
    }
    int registrations = agent.registrations();
    master.close();
    master = MasterServer.start(config);
    // The master says nothing of a recovered agent's tasks until the agent is back (as Mesos):
    // reconcile once it is.
    io.corral.remote.agent.runtime.Await.until("the agent registers with the restarted master", Duration.ofSeconds(20),
        () -> agent.registrations() > registrations);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), info.toBuilder().setId(id).build(), false)
        .acknowledgingEverything()) {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      Protos.TaskStatus status = null;
      while (status == null && System.nanoTime() < deadline) {
        f.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build());
        status = f.awaitUpdate("long", Protos.TaskState.TASK_RUNNING);
      }
      assertEquals(agent.agentId(), status.getAgentId().getValue());
      f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
          .setTaskId(Protos.TaskID.newBuilder().setValue("long"))).build());
      f.awaitUpdate("long", Protos.TaskState.TASK_KILLED);
    }
  }

  private static Protos.TaskInfo shell(String id, Protos.Offer offer, String command) {
    return TestFramework.task(id, offer, "cpus:0.1;mem:32", command);
  }

  @Test
  void processTasksFinishFailAndAreKilledWithTheirChildren() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "runner", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      assertEquals("test-node", offer.getHostname());
      f.launch(offer, shell("ok", offer, "echo hello; exit 0"), shell("three", offer, "exit 3"),
          shell("long", offer, "sleep 1000 & sleep 1000"));
      Protos.TaskStatus finished = f.awaitUpdate("ok", Protos.TaskState.TASK_FINISHED);
      f.acknowledge(finished);
      Protos.TaskStatus failed = f.awaitUpdate("three", Protos.TaskState.TASK_FAILED);
      f.acknowledge(failed);
      assertTrue(failed.getMessage().contains("3"), failed.getMessage());
      f.acknowledge(f.awaitUpdate("long", Protos.TaskState.TASK_RUNNING));
      long pid = agent.tasks().get("long").running.pid();
      f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
          .setTaskId(Protos.TaskID.newBuilder().setValue("long"))).build());
      f.acknowledge(f.awaitUpdate("long", Protos.TaskState.TASK_KILLED));
      assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the task's process is gone");
      Path sandbox = work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue())).resolve("ok");
      assertEquals("hello\n", Files.readString(sandbox.resolve("stdout")));
    }
  }

  @Test
  void anAgentRestartRecoversRunningTasksAndReportsTasksThatEndedMeanwhile() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "survivor", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Path gate = work.resolve("gate");
      f.launch(offer, shell("stays", offer, "sleep 1000"),
          shell("ends", offer, "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; exit 4"));
      f.acknowledge(f.awaitUpdate("stays", Protos.TaskState.TASK_RUNNING));
      f.acknowledge(f.awaitUpdate("ends", Protos.TaskState.TASK_RUNNING));
      String id = agent.agentId();
      agent.close();
      agent = null;
      Files.writeString(gate, "go");
      agent = startAgent();
      assertEquals(id, agent.agentId(), "the same agent id after a restart");
      Protos.TaskStatus ended = f.awaitUpdate("ends", Protos.TaskState.TASK_FAILED);
      assertTrue(ended.getMessage().contains("4"), ended.getMessage());
      f.acknowledge(ended);
      assertTrue(agent.tasks().containsKey("stays"), "the running task was found again");
      f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
          .setTaskId(Protos.TaskID.newBuilder().setValue("stays"))).build());
      f.acknowledge(f.awaitUpdate("stays", Protos.TaskState.TASK_KILLED));
      long runningUpdates = f.seen.stream().filter(e -> e.hasUpdate()
          && e.getUpdate().getStatus().getTaskId().getValue().equals("ends")
          && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_FAILED).count();
      assertEquals(1, runningUpdates, "the end was reported once");
    }
  }
}
