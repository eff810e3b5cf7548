package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.api.MesosJson;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterProcess;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent with real processes meets a master that restarted or that never knew its tasks. */
class AgentReRegistrationTest {
  @TempDir Path work;

  private AgentDaemon agent(String master, String credential) throws Exception {
    return AgentDaemon.start(new AgentConfig(URI.create(master), work.resolve("agent"), credential, "cpus:2;mem:512",
        Map.of(), "rejoining-node", Duration.ofMillis(500)), TaskRuntimes.forThisPlatform());
  }

  private Process startMaster(int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = work.resolve("master-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MasterProcess.class.getName(),
        work.resolve("master").toString(), Integer.toString(port)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Await.until("the master process listens", Duration.ofSeconds(30),
        () -> read(log).lines().anyMatch(l -> l.startsWith("listening ")));
    return p;
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static Response.GetTasks tasks(String master) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(master + "/api/v1"))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_TASKS\"}")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    return MesosJson.parse(r.body(), Response.newBuilder()).build().getGetTasks();
  }

  @Test
  void aMasterProcessKilledAndRestartedFindsTheAgentAgainWithNothingLostOrDoubled() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    Process master = startMaster(port);
    AgentDaemon agent = null;
    try {
      agent = agent(url, Files.readString(work.resolve("master").resolve(MasterServer.CREDENTIAL_FILE)).trim());
      Path gate = work.resolve("gate");
      Protos.FrameworkInfo info = TestFramework.info("steady").setFailoverTimeout(600).build();
      Protos.FrameworkID id;
      try (TestFramework f = TestFramework.subscribe(URI.create(url), info, false).acknowledgingEverything()) {
        id = f.id();
        Protos.Offer offer = f.awaitOffer();
        f.launch(offer, TestFramework.task("stays", offer, "cpus:0.1;mem:32", "sleep 1000"),
            TestFramework.task("ends", offer, "cpus:0.1;mem:32",
                "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; exit 5"));
        f.awaitUpdate("stays", Protos.TaskState.TASK_RUNNING);
        f.awaitUpdate("ends", Protos.TaskState.TASK_RUNNING);
      }
      ProcessHandle stays = ProcessHandle.of(agent.tasks().get("stays").running.pid()).orElseThrow();

      master.toHandle().destroyForcibly();
      assertTrue(master.waitFor(10, TimeUnit.SECONDS));
      master = startMaster(port);

      try (TestFramework f = TestFramework.subscribe(URI.create(url), info.toBuilder().setId(id).build(), false)
          .acknowledgingEverything()) {
        Files.writeString(gate, "go");
        Protos.TaskStatus ended = f.awaitUpdate("ends", Protos.TaskState.TASK_FAILED);
        assertTrue(ended.getMessage().contains("5"), ended.getMessage());
        assertTrue(stays.isAlive(), "the running task lived through the master's restart");
        assertEquals(agent.agentId(), ended.getAgentId().getValue(), "the same agent, re-registered");
        f.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
            .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.RECONCILE)
            .setReconcile(org.apache.mesos.v1.scheduler.Protos.Call.Reconcile.newBuilder()).build());
        f.awaitUpdate("stays", Protos.TaskState.TASK_RUNNING);
        long ends = f.seen.stream().filter(e -> e.getType() == Event.Type.UPDATE
            && e.getUpdate().getStatus().getTaskId().getValue().equals("ends")
            && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_FAILED).count();
        assertEquals(1, ends, "the end that happened after the restart reached the framework once");
        Response.GetTasks all = tasks(url);
        assertEquals(List.of("ends", "stays"), java.util.stream.Stream.concat(all.getTasksList().stream(),
            all.getCompletedTasksList().stream()).map(t -> t.getTaskId().getValue()).sorted().toList(),
            "no task lost or doubled");
        assertEquals(Protos.TaskState.TASK_RUNNING, all.getTasksList().stream()
            .filter(t -> t.getTaskId().getValue().equals("stays")).findFirst().orElseThrow().getState());
        f.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
            .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.KILL)
            .setKill(org.apache.mesos.v1.scheduler.Protos.Call.Kill.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue("stays"))).build());
        f.awaitUpdate("stays", Protos.TaskState.TASK_KILLED);
        assertTrue(Await.gone(stays), "a kill after the restart reaches the task");
      }
    } finally {
      if (agent != null) {
        agent.close();
      }
      master.toHandle().destroyForcibly();
      master.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aProcessOfATaskTheMasterDoesNotKnowIsKilledWhenTheAgentRegisters() throws Exception {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    MasterServer first = MasterServer.start(config);
    AgentDaemon agent = agent(first.url(), first.bootstrapCredential());
    ProcessHandle orphan;
    try (TestFramework f = TestFramework.subscribe(URI.create(first.url()), "forgotten", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("orphan", offer, "cpus:0.1;mem:32", "sleep 1000"));
      f.awaitUpdate("orphan", Protos.TaskState.TASK_RUNNING);
      orphan = ProcessHandle.of(agent.tasks().get("orphan").running.pid()).orElseThrow();
    }
    agent.close();
    first.close();
    assertTrue(orphan.isAlive(), "the task outlives its agent and its master");

    // A master that never heard of the task's framework (its state is gone): the agent reports the
    // task when it registers, and the master has it killed.
    MasterServer second = MasterServer.start(config);
    AgentDaemon again = agent(second.url(), second.bootstrapCredential());
    try {
      Await.until("the unknown task's process is killed", Duration.ofSeconds(20), () -> Await.gone(orphan));
      Await.until("the agent forgets the task once its end is acknowledged", Duration.ofSeconds(20),
          () -> again.tasks().isEmpty());
    } finally {
      again.close();
      second.close();
    }
  }
}
