package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.api.MesosJson;
import io.corral.remote.master.HaMasterServer;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.TestFramework;
import io.corral.remote.api.client.ZkMasters;
import io.corral.remote.master.ha.ZkTesting;
import io.corral.remote.api.client.ZkUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent running a real process, given two masters that share a real ZooKeeper server:
 * it registers through the follower's 307, and when the leader goes it registers with the new
 * leader, which knows its task from ZooKeeper and can kill it.
 */
class AgentFailoverTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir Path work;

  private static HaMasterServer master(ZkUrl url) {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    return HaMasterServer.start(config, new HaMasterServer.Options(url, Duration.ofSeconds(5), null, 0), reason -> { });
  }

  private static Response.GetState state(HaMasterServer m) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.url() + "/api/v1"))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_STATE\"}")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    return MesosJson.parse(r.body(), Response.newBuilder()).build().getGetState();
  }

  private static int connectedAgents(HaMasterServer m) {
    try {
      // Active: registered with this master (one it only recovered from the store is listed, not active).
      return (int) state(m).getGetAgents().getAgentsList().stream().filter(a -> a.getActive()).count();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void anAgentWhoseMastersComeFromZooKeeperFindsAMasterThatJoinedAfterIt() throws Exception {
    try (ZkTesting zk = ZkTesting.start()) {
      ZkUrl url = zk.url("/later");
      HaMasterServer a = master(url);
      HaMasterServer c = null;
      AgentDaemon agent = null;
      try {
        Await.until("the first master leads", DEADLINE, a::leading);
        agent = AgentDaemon.start(new AgentConfig(URI.create(a.url()), work.resolve("agent"),
            a.bootstrapCredential().orElseThrow(), "cpus:1;mem:256", Map.of(), "late-node", Duration.ofMillis(500),
            List.of(), () -> ZkMasters.find(url, Duration.ofSeconds(5))), TaskRuntimes.forThisPlatform());
        AgentDaemon registered = agent;
        Await.until("the agent registers", DEADLINE, () -> registered.agentId() != null);
        String agentId = agent.agentId();

        c = master(url); // unknown to the agent when it started
        HaMasterServer later = c;
        Await.until("the new master follows", DEADLINE, () -> later.leader().isPresent());
        a.close();
        Await.until("the new master leads", DEADLINE, later::leading);
        Await.until("the agent re-registers with it", DEADLINE, () -> connectedAgents(later) == 1);
        assertEquals(agentId, state(c).getGetAgents().getAgents(0).getAgentInfo().getId().getValue());
      } finally {
        if (agent != null) {
          agent.close();
        }
        if (c != null) {
          c.close();
        }
        a.close();
      }
    }
  }

  @Test
  void theAgentFollowsTheLeaderAndKeepsItsTaskThroughAFailover() throws Exception {
    try (ZkTesting zk = ZkTesting.start()) {
      ZkUrl url = zk.url("/corral");
      HaMasterServer a = master(url);
      HaMasterServer b = null;
      AgentDaemon agent = null;
      try {
        Await.until("the first master leads", DEADLINE, a::leading);
        b = master(url);
        HaMasterServer follower = b;
        Await.until("the second master follows", DEADLINE,
            () -> follower.leader().equals(java.util.Optional.of("127.0.0.1:" + a.port())));
        // the follower first: the agent registers through its 307
        agent = AgentDaemon.start(new AgentConfig(URI.create(b.url()), work.resolve("agent"),
            a.bootstrapCredential().orElseThrow(), "cpus:2;mem:512", Map.of(), "ha-node", Duration.ofMillis(500),
            List.of(URI.create(a.url())), null), TaskRuntimes.forThisPlatform());
        AgentDaemon registered = agent;
        Await.until("the agent registers with the leader", DEADLINE, () -> registered.agentId() != null);
        assertEquals(1, state(a).getGetAgents().getAgentsCount());

        Protos.FrameworkInfo info = TestFramework.info("steady").setFailoverTimeout(600).build();
        Protos.FrameworkID id;
        try (TestFramework f = TestFramework.subscribe(URI.create(a.url()), info, false).acknowledgingEverything()) {
          id = f.id();
          Protos.Offer offer = f.awaitOffer();
          f.launch(offer, TestFramework.task("stays", offer, "cpus:0.1;mem:32", "sleep 1000"));
          f.awaitUpdate("stays", Protos.TaskState.TASK_RUNNING);
        }
        ProcessHandle stays = ProcessHandle.of(agent.tasks().get("stays").running.pid()).orElseThrow();

        a.close();
        HaMasterServer leader = b;
        Await.until("the second master leads", DEADLINE, leader::leading);
        Await.until("the agent re-registers with the new leader", DEADLINE,
            () -> connectedAgents(leader) == 1);
        Response.GetState after = state(leader);
        assertEquals(agent.agentId(), after.getGetAgents().getAgents(0).getAgentInfo().getId().getValue());
        assertEquals(List.of("stays"), after.getGetTasks().getTasksList().stream()
            .map(t -> t.getTaskId().getValue()).toList());
        assertEquals(Protos.TaskState.TASK_RUNNING, after.getGetTasks().getTasks(0).getState());
        assertTrue(stays.isAlive(), "the task lived through the failover");

        try (TestFramework f = TestFramework.subscribe(URI.create(b.url()), info.toBuilder().setId(id).build(), false)
            .acknowledgingEverything()) {
          f.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build());
          f.awaitUpdate("stays", Protos.TaskState.TASK_RUNNING);
          f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
              .setTaskId(Protos.TaskID.newBuilder().setValue("stays"))).build());
          f.awaitUpdate("stays", Protos.TaskState.TASK_KILLED);
        }
        Await.until("the task's process is gone", DEADLINE, () -> !stays.isAlive());
      } finally {
        if (agent != null) {
          agent.close();
        }
        if (b != null) {
          b.close();
        }
        a.close();
      }
    }
  }
}
