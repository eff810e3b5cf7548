package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.agent.isolation.IsolationOptions;
import io.corral.remote.agent.isolation.IsolationUnavailable;
import io.corral.remote.agent.runtime.Await;
import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage from the agent to the operator over real HTTP: two real agents sample real processes (one
 * holding about 40 MB and spinning a core, in a cgroup where the host allows; one asleep, read from
 * {@code /proc}), report them to a real master, whose
 * GET_CONTAINERS shows the figures, by agent or for all, and forgets a task once it has ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsageThroughMasterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path work;
  MasterServer master;
  AgentDaemon busyAgent;
  AgentDaemon idleAgent;
  TestFramework framework;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    busyAgent = agent("busy", isolatedOrNot(work.resolve("busy")));
    idleAgent = agent("idle", TaskRuntimes.forThisPlatform());
    framework = TestFramework.subscribe(URI.create(master.url()), "usage", false).acknowledgingEverything();
    Map<String, Protos.Offer> offers = new HashMap<>();
    while (offers.size() < 2) {
      for (Protos.Offer o : framework.awaitType(Event.Type.OFFERS).getOffers().getOffersList()) {
        offers.put(o.getAgentId().getValue(), o);
      }
    }
    Protos.Offer busy = offers.get(busyAgent.agentId());
    Protos.Offer idle = offers.get(idleAgent.agentId());
    // About 40 MB held in a shell variable, then a busy loop.
    framework.launch(busy, TestFramework.task("hog", busy, "cpus:1;mem:256;disk:64",
        "x=$(head -c 40000000 /dev/zero | tr '\\0' a); echo held > held; while :; do :; done"));
    framework.launch(idle, TestFramework.task("nap", idle, "cpus:0.1;mem:32", "exec sleep 600"));
    framework.awaitUpdate("hog", Protos.TaskState.TASK_RUNNING);
    framework.awaitUpdate("nap", Protos.TaskState.TASK_RUNNING);
  }

  /** The busy agent's tasks get cgroups where this host allows it (their figures then come from there), the idle's never. */
  static TaskRuntime isolatedOrNot(Path workDir) {
    try {
      return TaskRuntimes.forAgent(IsolationOptions.defaults(), workDir);
    } catch (IsolationUnavailable e) {
      return TaskRuntimes.forThisPlatform();
    }
  }

  private AgentDaemon agent(String name, TaskRuntime runtime) throws Exception {
    return AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve(name), master.bootstrapCredential(),
        "cpus:2;mem:1024;disk:1024", Map.of(), name + "-node", Duration.ofMillis(500)).withUsageInterval(INTERVAL),
        runtime);
  }

  @AfterAll
  void stop() throws Exception {
    framework.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue("nap"))).build());
    framework.awaitUpdate("nap", Protos.TaskState.TASK_KILLED);
    framework.close();
    busyAgent.drain(Duration.ofSeconds(10));
    idleAgent.drain(Duration.ofSeconds(10));
    master.close();
  }

  private JsonNode containers(String agentId) throws Exception {
    String body = "{\"type\":\"GET_CONTAINERS\"" + (agentId == null ? "" : ",\"agent_id\":{\"value\":\"" + agentId + "\"}")
        + "}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/api/corral/agents/v1"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode json = JSON.readTree(r.body());
    assertEquals("GET_CONTAINERS", json.path("type").asText());
    return json.path("get_containers").path("containers");
  }

  private JsonNode container(JsonNode containers, String task) {
    for (JsonNode c : containers) {
      if (c.path("task_id").path("value").asText().equals(task)) {
        return c;
      }
    }
    return null;
  }

  private JsonNode statisticsOf(String task) throws Exception {
    JsonNode c = container(containers(null), task);
    return c == null ? null : c.path("resource_statistics");
  }

  @Test
  @Order(1)
  void theMasterShowsWhatARunningTaskUses() throws Exception {
    Await.until("the hog's memory and cpu are reported", WAIT, () -> {
      try {
        JsonNode s = statisticsOf("hog");
        return s != null && s.path("mem_rss_bytes").asLong() > 30_000_000 && s.path("cpus_user_time_secs").asDouble() > 0;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    JsonNode first = statisticsOf("hog");
    double cpu = first.path("cpus_user_time_secs").asDouble();
    Await.until("the hog's cpu time grows", WAIT, () -> {
      try {
        return statisticsOf("hog").path("cpus_user_time_secs").asDouble() > cpu + 0.1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    JsonNode hog = container(containers(null), "hog");
    JsonNode s = hog.path("resource_statistics");
    assertEquals(busyAgent.agentId(), hog.path("agent_id").path("value").asText());
    assertEquals(framework.id().getValue(), hog.path("framework_id").path("value").asText());
    assertEquals("hog", hog.path("executor_id").path("value").asText());
    assertEquals(1.0, s.path("cpus_limit").asDouble());
    assertEquals(256L << 20, s.path("mem_limit_bytes").asLong());
    assertEquals(64L << 20, s.path("disk_limit_bytes").asLong());
    assertTrue(s.path("timestamp").asDouble() > 1.7e9, s.toString());
    assertTrue(s.path("processes").asInt() >= 1, s.toString());
    Await.until("the sandbox's size is reported", WAIT, () -> {
      try {
        return statisticsOf("hog").path("disk_used_bytes").asLong() > 0;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Await.until("the hog is seen using the cpu", WAIT, () -> {
      try {
        return container(containers(null), "hog").path("cpus_used").asDouble() > 0.1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(hog.path("mem_peak_bytes").asLong() >= s.path("mem_rss_bytes").asLong() || !hog.has("mem_peak_bytes"),
        hog.toString());
  }

  @Test
  @Order(2)
  void containersAreFilteredByAgent() throws Exception {
    Await.until("the nap is reported", WAIT, () -> {
      try {
        return statisticsOf("nap") != null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    JsonNode idle = containers(idleAgent.agentId());
    assertEquals(1, idle.size(), idle.toString());
    assertEquals("nap", idle.get(0).path("task_id").path("value").asText());
    JsonNode busy = containers(busyAgent.agentId());
    assertEquals(1, busy.size(), busy.toString());
    assertEquals("hog", busy.get(0).path("task_id").path("value").asText());
    assertEquals(2, containers(null).size());
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(master.url() + "/api/corral/agents/v1"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_CONTAINERS\",\"agent_id\":{\"value\":\"nope\"}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unknown.statusCode(), unknown.body());
  }

  @Test
  @Order(3)
  void anEndedTaskDisappears() throws Exception {
    framework.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue("hog"))).build());
    framework.awaitUpdate("hog", Protos.TaskState.TASK_KILLED);
    Await.until("the hog is gone from GET_CONTAINERS", WAIT, () -> {
      try {
        return statisticsOf("hog") == null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(0, containers(busyAgent.agentId()).size());
    assertEquals(1, containers(null).size(), "the other agent's task is still there");
  }
}
