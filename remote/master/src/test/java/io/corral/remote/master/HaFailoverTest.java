package io.corral.remote.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.MesosJson;
import io.corral.remote.master.ha.MasterContender;
import io.corral.remote.master.ha.ZkTesting;
import io.corral.remote.api.client.ZkUrl;
import io.corral.remote.master.sim.SimulatedAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two masters on loopback ports sharing a real ZooKeeper server: the follower redirects to the
 * leader, and when the leader goes the follower takes over with the leader's agents, frameworks
 * and tasks read back from ZooKeeper.
 */
class HaFailoverTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<String> deposed = new CopyOnWriteArrayList<>();
  private ZkTesting zk;

  @BeforeEach
  void startZooKeeper() throws Exception {
    zk = ZkTesting.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    zk.close();
  }

  private HaMasterServer master(ZkUrl url) {
    return master(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)), url);
  }

  private HaMasterServer master(MasterConfig config, ZkUrl url) {
    HaMasterServer m = HaMasterServer.start(config, new HaMasterServer.Options(url, Duration.ofSeconds(5), null, 0),
        deposed::add);
    closeables.add(m);
    return m;
  }

  private HttpResponse<String> get(HaMasterServer m, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(m.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(HaMasterServer m, String path, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(m.url() + path)).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Response.GetState state(HaMasterServer m) throws Exception {
    HttpResponse<String> r = post(m, "/api/v1", MesosJson.printUtf8(Call.newBuilder().setType(Call.Type.GET_STATE).build()));
    assertEquals(200, r.statusCode(), r.body());
    return MesosJson.parse(r.body().getBytes(StandardCharsets.UTF_8), Response.newBuilder()).build().getGetState();
  }

  private static String elected(HttpResponse<String> metrics) {
    int at = metrics.body().indexOf("\"master/elected\":");
    return metrics.body().substring(at + 17, at + 20);
  }

  @Test
  void theFollowerRedirectsAndTakesOverWithTheLeadersState() throws Exception {
    ZkUrl url = zk.url("/corral");
    HaMasterServer a = master(url);
    await().atMost(DEADLINE).until(a::leading);
    HaMasterServer b = master(url);
    String leader = "//127.0.0.1:" + a.port();
    await().atMost(DEADLINE).until(() -> b.leader().equals(java.util.Optional.of("127.0.0.1:" + a.port())));

    // the follower sends everything to the leader, in Mesos's form
    await().atMost(DEADLINE).until(() -> get(b, "/master/redirect").statusCode() == 307);
    assertEquals(leader, get(b, "/master/redirect").headers().firstValue("Location").orElseThrow());
    assertEquals(leader, get(a, "/master/redirect").headers().firstValue("Location").orElseThrow(),
        "the leader redirects to itself");
    HttpResponse<String> subscribe = post(b, "/api/v1/scheduler", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(307, subscribe.statusCode());
    assertEquals(leader + "/api/v1/scheduler", subscribe.headers().firstValue("Location").orElseThrow());
    assertEquals(leader + "/api/v1", post(b, "/api/v1", new byte[0]).headers().firstValue("Location").orElseThrow());
    assertEquals(leader + "/api/agent/v1", post(b, "/api/agent/v1", new byte[0]).headers().firstValue("Location")
        .orElseThrow());
    assertEquals(leader + "/master/state", get(b, "/master/state").headers().firstValue("Location").orElseThrow());
    assertEquals(200, get(b, "/health").statusCode());
    assertEquals("0.0", elected(get(b, "/metrics/snapshot")));
    assertEquals("1.0", elected(get(a, "/metrics/snapshot")));

    // the election znodes are where Mesos-aware tools look for them
    CuratorFramework client = zk.client();
    List<String> znodes = client.getChildren().forPath("/corral").stream()
        .filter(n -> n.startsWith(MasterContender.PREFIX)).sorted().toList();
    assertEquals(2, znodes.size());
    Protos.MasterInfo first = MesosJson.parse(client.getData().forPath("/corral/" + znodes.get(0)),
        Protos.MasterInfo.newBuilder()).build();
    assertEquals(a.masterId(), first.getId());
    assertEquals(a.port(), first.getPort());
    assertEquals("127.0.0.1", first.getAddress().getIp());
    assertEquals("master@127.0.0.1:" + a.port(), first.getPid());
    assertEquals(0x0100007f, first.getIp(), "the IPv4 address in network order, as Mesos writes it");

    // the leader gets an agent and a framework with a running task
    SimulatedAgent agent = SimulatedAgent.start(URI.create(a.url()), a.bootstrapCredential().orElseThrow(), "node-a",
        "cpus:4;mem:1024", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
    closeables.add(agent);
    Protos.FrameworkID frameworkId;
    try (TestFramework f = TestFramework.subscribe(URI.create(a.url()), "survivor", false)) {
      frameworkId = f.id();
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("t1", offer, "cpus:1;mem:64", "sleep 1000"));
      f.acknowledge(f.awaitUpdate("t1", Protos.TaskState.TASK_RUNNING));
    }

    try (TestFramework viaFollower = TestFramework.subscribe(URI.create(b.url()), "via-follower", false)) {
      assertTrue(state(a).getGetFrameworks().getFrameworksList().stream()
          .anyMatch(fw -> fw.getFrameworkInfo().getId().equals(viaFollower.id())), "subscribed through the 307");
    }

    a.close();
    await().atMost(DEADLINE).until(b::leading);
    assertTrue(deposed.isEmpty(), "a master that left on purpose was not deposed: " + deposed);
    assertEquals("1.0", elected(get(b, "/metrics/snapshot")));
    Response.GetState after = state(b);
    assertEquals(List.of("t1"), after.getGetTasks().getTasksList().stream().map(t -> t.getTaskId().getValue()).toList());
    assertEquals(Protos.TaskState.TASK_RUNNING, after.getGetTasks().getTasks(0).getState());
    assertTrue(after.getGetFrameworks().getFrameworksList().stream()
        .anyMatch(fw -> fw.getFrameworkInfo().getId().equals(frameworkId)), "the framework is known");
    assertEquals(1, after.getGetAgents().getAgentsCount() + after.getGetAgents().getRecoveredAgentsCount());
    assertTrue(get(b, "/master/state").body().contains("\"survivor\""), "/master/state shows the framework");

    // the framework fails over to the new leader and, once the agent is back, finds its task
    // (until then the new leader says nothing of the agent's tasks, as Mesos)
    Protos.FrameworkInfo info = TestFramework.info("survivor").setId(frameworkId).build();
    try (TestFramework again = TestFramework.subscribe(URI.create(b.url()), info, false)) {
      assertEquals(frameworkId, again.id());
      agent.registerWith(URI.create(b.url()));
      again.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.RECONCILE)
          .setReconcile(org.apache.mesos.v1.scheduler.Protos.Call.Reconcile.newBuilder()).build());
      again.awaitUpdate("t1", Protos.TaskState.TASK_RUNNING);
    }
  }

  private HttpResponse<String> post(HaMasterServer m, String path, String body, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(m.url() + path)).header("Content-Type", "application/json")
        .header("Accept", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPrincipalTokenAndItsRevocationOutliveTheLeaderThatMadeThem() throws Exception {
    ZkUrl url = zk.url("/tokens");
    MasterConfig authenticating = MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100))
        .withAuthentication(new MasterConfig.Authentication(null));
    HaMasterServer a = master(authenticating, url);
    await().atMost(DEADLINE).until(a::leading);
    HaMasterServer b = master(authenticating, url);
    await().atMost(DEADLINE).until(() -> get(b, "/master/redirect").statusCode() == 307);

    String operatorA = a.operatorToken().orElseThrow();
    String kept = tokenOf(post(a, NodeCalls.PATH, "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw1\"}", operatorA));
    HttpResponse<String> second = post(a, NodeCalls.PATH, "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw2\"}",
        operatorA);
    String revoked = tokenOf(second);
    String revokedId = second.body().replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
    assertEquals(200, post(a, NodeCalls.PATH, "{\"type\":\"REVOKE_TOKEN\",\"id\":\"" + revokedId + "\"}", operatorA)
        .statusCode());

    a.close();
    await().atMost(DEADLINE).until(b::leading);
    String getState = "{\"type\":\"GET_STATE\"}";
    assertEquals(200, post(b, "/api/v1", getState, kept).statusCode(), "the new leader knows the token");
    assertEquals(401, post(b, "/api/v1", getState, revoked).statusCode(), "and that the other was revoked");
  }

  private static String tokenOf(HttpResponse<String> created) {
    assertEquals(200, created.statusCode(), created.body());
    return created.body().replaceAll(".*\"token\":\"(crl_[A-Za-z0-9_-]+)\".*", "$1");
  }

  @Test
  void aLeaderWhoseZnodeIsDeletedStopsLeadingAtOnce() throws Exception {
    ZkUrl url = zk.url("/deposed");
    HaMasterServer a = master(url);
    await().atMost(DEADLINE).until(a::leading);
    HaMasterServer b = master(url);
    await().atMost(DEADLINE).until(() -> get(b, "/master/redirect").statusCode() == 307);

    TestFramework subscribed = TestFramework.subscribe(URI.create(a.url()), "cut-off", false);
    closeables.add(subscribed);

    zk.client().delete().forPath(a.electionNode());
    await().atMost(DEADLINE).until(() -> !deposed.isEmpty());
    assertFalse(a.leading());
    await().atMost(DEADLINE).until(() -> subscribed.ended);
    assertTrue(deposed.get(0).contains("deleted"), deposed.get(0));
    HttpResponse<String> refused = post(a, "/api/v1/scheduler", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(503, refused.statusCode());
    assertTrue(refused.body().contains("lost its leadership"), refused.body());
    assertEquals("0.0", elected(get(a, "/metrics/snapshot")));
    assertEquals(200, get(a, "/health").statusCode());
    await().atMost(DEADLINE).until(b::leading);
    assertEquals("//127.0.0.1:" + b.port(), get(b, "/master/redirect").headers().firstValue("Location").orElseThrow());
  }

  @Test
  void aLeaderCutOffFromZooKeeperStopsLeadingAtOnceAndFollowersStopRedirecting() throws Exception {
    HaMasterServer a = master(zk.url("/cutoff"));
    await().atMost(DEADLINE).until(a::leading);
    HaMasterServer b = master(zk.url("/cutoff"));
    await().atMost(DEADLINE).until(() -> get(b, "/master/redirect").statusCode() == 307);

    zk.stopServer();
    await().atMost(DEADLINE).until(() -> !deposed.isEmpty());
    assertTrue(deposed.get(0).contains("connection to ZooKeeper"), deposed.get(0));
    assertFalse(a.leading());
    assertEquals(503, get(a, "/api/v1").statusCode());
    await().atMost(DEADLINE).until(() -> get(b, "/master/redirect").statusCode() == 503);
    assertTrue(get(b, "/master/redirect").body().contains(LeaderGate.NO_LEADER));
    assertEquals(1, deposed.size(), "the follower was not deposed: " + deposed);
    assertFalse(b.leading());
  }

  @Test
  void withAThreeServerEnsembleTheStateOutlivesAServerAndTheLeader() throws Exception {
    try (org.apache.curator.test.TestingCluster ensemble = ZkTesting.ensemble()) {
      ZkUrl url = ZkUrl.parse("zk://" + ensemble.getConnectString() + "/ensemble");
      assertEquals(3, url.servers().size());
      HaMasterServer a = master(url);
      await().atMost(DEADLINE).until(a::leading);
      HaMasterServer b = master(url);
      await().atMost(DEADLINE).until(() -> get(b, "/master/redirect").statusCode() == 307);
      SimulatedAgent agent = SimulatedAgent.start(URI.create(b.url()), a.bootstrapCredential().orElseThrow(),
          "node-e", "cpus:2;mem:512", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      closeables.add(agent);
      assertEquals(1, state(a).getGetAgents().getAgentsCount(), "registered through the follower's 307");

      ensemble.killServer(ensemble.getInstances().iterator().next());
      a.close();
      await().atMost(DEADLINE).until(b::leading);
      Response.GetState after = state(b);
      assertEquals(1, after.getGetAgents().getAgentsCount() + after.getGetAgents().getRecoveredAgentsCount());
    }
  }

  @Test
  void withoutALeaderTheAnswerIs503() throws Exception {
    HaMasterServer a = master(zk.url("/alone"));
    await().atMost(DEADLINE).until(a::leading);
    zk.client().delete().forPath(a.electionNode());
    await().atMost(DEADLINE).until(() -> !deposed.isEmpty());
    HttpResponse<String> r = get(a, "/master/redirect");
    assertEquals(503, r.statusCode());
    assertFalse(r.headers().firstValue("Location").isPresent());
  }
}
