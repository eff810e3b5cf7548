package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.agent.runtime.Await;
import io.corral.remote.master.HaMasterServer;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.ha.ZkTesting;
import io.corral.remote.api.client.ZkUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service scheduler through a failover: two masters share a real ZooKeeper server, a real agent
 * runs an app's instances, the leader goes (it leaves, or its JVM is killed with SIGKILL), and the
 * new leader carries on with the same instances (none launched again) and takes changes.
 */
class ServicesHaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir Path work;
  private ZkTesting zk;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  /** {@code /v2} of the master that leads now: the app is removed through it at the end. */
  private MarathonHttp leader;

  @BeforeEach
  void startZooKeeper() throws Exception {
    zk = ZkTesting.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    try {
      if (leader != null) {
        leader.removeAll(); // instances outlive their agent: none is left running
      }
    } finally {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        closeables.get(i).close();
      }
      zk.close();
    }
  }

  private HaMasterServer master(ZkUrl url) {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    HaMasterServer m = HaMasterServer.start(config, new HaMasterServer.Options(url, Duration.ofSeconds(5), null, 0),
        reason -> { });
    closeables.add(m);
    return m;
  }

  /** The ids of the tasks of the service scheduler's framework that the master holds as not ended. */
  private static Set<String> liveServiceTasks(String masterUrl) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(masterUrl + "/api/v1"))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_TASKS\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    Set<String> live = new TreeSet<>();
    for (JsonNode t : JSON.readTree(r.body()).path("get_tasks").path("tasks")) {
      if (t.path("framework_id").path("value").asText().equals("corral-services")) {
        String state = t.path("state").asText();
        assertTrue(state.equals("TASK_RUNNING") || state.equals("TASK_STAGING") || state.equals("TASK_STARTING"),
            "a task the master lists as live: " + t);
        live.add(t.path("task_id").path("value").asText());
      }
    }
    return live;
  }

  private static Set<String> taskIds(JsonNode app) {
    Set<String> ids = new TreeSet<>();
    app.path("tasks").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  /** The first leader: where it listens, the credential agents register with, and how it goes away. */
  private record FirstLeader(String url, int port, String credential, Runnable goAway) {}

  @Test
  void afterTheLeaderLeavesTheNewLeaderKeepsTheAppsInstancesAndTakesChanges() throws Exception {
    ZkUrl url = zk.url("/services");
    HaMasterServer a = master(url);
    Await.until("the first master leads", DEADLINE, a::leading);
    carriesOn(url, new FirstLeader(a.url(), a.port(), a.bootstrapCredential().orElseThrow(), a::close));
  }

  /** The leader's JVM is killed: no goodbye, its election node lasts until its ZooKeeper session expires. */
  @Test
  void afterTheLeaderIsKilledTheNewLeaderKeepsTheAppsInstancesAndTakesChanges() throws Exception {
    ZkUrl url = zk.url("/killed");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = work.resolve("leader.log");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HaMasterProcess.class.getName(),
        "zk://" + zk.connectString() + "/killed").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    closeables.add(() -> {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    });
    Await.until("the master process leads", DEADLINE, () -> read(log).contains("\nleading "));
    String printed = read(log);
    String masterUrl = printed.replaceAll("(?s).*\nlistening (\\S+)\n.*", "$1");
    String credential = printed.replaceAll("(?s).*\nleading (\\S+)\n.*", "$1");
    carriesOn(url, new FirstLeader(masterUrl, URI.create(masterUrl).getPort(), credential, () -> {
      p.destroyForcibly();
      try {
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the killed master's JVM ended");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
  }

  private static String read(Path file) {
    try {
      return "\n" + Files.readString(file);
    } catch (java.io.IOException e) {
      return ""; // not written yet
    }
  }

  /**
   * With {@code a} leading: a second master follows, an agent runs an app's two instances, {@code a}
   * goes away; the second master leads with the same two instances and scales the app to three.
   */
  private void carriesOn(ZkUrl url, FirstLeader a) throws Exception {
    HaMasterServer b = master(url);
    Await.until("the second master follows", DEADLINE,
        () -> b.leader().equals(Optional.of("127.0.0.1:" + a.port())));
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(a.url()), work.resolve("agent"),
        a.credential(), "cpus:2;mem:512;ports:[31500-31519]", Map.of(), "ha-node",
        Duration.ofMillis(500), List.of(URI.create(b.url())), null), TaskRuntimes.forThisPlatform());
    closeables.add(agent); // closed first

    MarathonHttp first = new MarathonHttp(a.url());
    leader = first;
    MarathonHttp.Reply created = first.send("POST", "/v2/apps",
        "{\"id\": \"/ha/sleeper\", \"cmd\": \"sleep 300\", \"instances\": 2, \"cpus\": 0.1, \"mem\": 16}");
    assertEquals(201, created.status(), created.body().toString());
    Set<String> before = taskIds(first.awaitSteady("ha/sleeper", 2, false, DEADLINE));
    assertEquals(before, liveServiceTasks(a.url()));
    MarathonHttp.Reply viaFollower = new MarathonHttp(b.url()).send("GET", "/v2/apps/ha/sleeper?embed=app.tasks", null);
    assertEquals(307, viaFollower.status(), "the follower sends /v2 to the leader: " + viaFollower.body());
    assertEquals("//127.0.0.1:" + a.port() + "/v2/apps/ha/sleeper?embed=app.tasks",
        viaFollower.headers().get("Location"));
    List<ProcessHandle> processes = new ArrayList<>();
    for (String id : before) {
      processes.add(ProcessHandle.of(agent.tasks().get(id).running.pid()).orElseThrow());
    }

    a.goAway().run();
    Await.until("the second master leads", DEADLINE, b::leading);
    MarathonHttp second = new MarathonHttp(b.url());
    leader = second;
    JsonNode after = second.await("/v2/apps/ha/sleeper", n -> n.path("app").path("tasksRunning").asInt() == 2
        && n.path("app").path("deployments").isEmpty(), DEADLINE, "the app running on the new leader").path("app");
    assertEquals(before, taskIds(after), "the same instances: " + after);
    Await.until("the new leader knows both tasks as live", DEADLINE, () -> {
      try {
        return liveServiceTasks(b.url()).equals(before);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(before, agent.tasks().keySet(), "nothing else was launched on the agent");
    processes.forEach(p -> assertTrue(p.isAlive(), "instance process " + p.pid() + " lived through the failover"));

    MarathonHttp.Reply scaled = second.send("PUT", "/v2/apps/ha/sleeper", "{\"instances\": 3}");
    assertEquals(200, scaled.status(), scaled.body().toString());
    Set<String> three = taskIds(second.awaitSteady("ha/sleeper", 3, false, DEADLINE));
    assertTrue(three.containsAll(before), "the scale added to the instances: " + three);
    assertEquals(three, liveServiceTasks(b.url()));
    assertEquals(three, agent.tasks().keySet());
  }
}
