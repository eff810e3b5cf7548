package io.corral.remote.master;

import static io.corral.remote.master.OperatorApiTest.offer;
import static io.corral.remote.master.OperatorApiTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.master.sim.SimulatedAgent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The classic (v0) endpoints tools read: {@code /master/state} in v0 shape (slaves, slave_id,
 * resources as flat maps), {@code /metrics/snapshot} with Mesos' metric names, {@code /health},
 * {@code /version}, and 404 for anything else.
 */
class ClassicEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MasterFixture m;
  private SimulatedAgent agent;
  private TestFramework framework;

  @BeforeEach
  void launchOneTask() throws Exception {
    m = new MasterFixture(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50)));
    agent = m.agent("node-1", "cpus:4;mem:1024;ports:[31000-31009]", Map.of("rack", "r1"),
        SimulatedAgent.Mode.RUN_UNTIL_KILLED);
    framework = m.framework("classic", false);
    Protos.Offer offer = offer(framework);
    framework.launch(offer, TestFramework.task("c-1", offer, "cpus:1;mem:128", "sleep 1000"));
    framework.acknowledge(update(framework, "c-1", Protos.TaskState.TASK_RUNNING));
  }

  @AfterEach
  void stop() {
    m.close();
  }

  @Test
  void masterStateIsV0Shaped() throws Exception {
    for (String path : List.of("/master/state", "/master/state.json", "/state", "/state.json")) {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null), path);
      JsonNode state = JSON.readTree(r.body());
      assertEquals(m.master.masterId(), state.path("id").asText(), path);
      assertEquals(OperatorCalls.VERSION, state.path("version").asText());
      assertEquals(1, state.path("activated_slaves").asInt());

      JsonNode slaves = state.path("slaves");
      assertEquals(1, slaves.size(), path);
      JsonNode slave = slaves.get(0);
      assertEquals(agent.agentId(), slave.path("id").asText());
      assertEquals("node-1", slave.path("hostname").asText());
      assertEquals(JSON.readTree("{\"cpus\":4.0,\"mem\":1024.0,\"disk\":0.0,\"gpus\":0.0,\"ports\":\"[31000-31009]\"}"),
          slave.path("resources"), "a flat resource map, ranges as text");
      assertEquals(1.0, slave.path("used_resources").path("cpus").doubleValue());
      assertEquals(128.0, slave.path("used_resources").path("mem").doubleValue());
      assertEquals("r1", slave.path("attributes").path("rack").asText());
      assertTrue(slave.path("active").asBoolean());

      JsonNode frameworks = state.path("frameworks");
      assertEquals(1, frameworks.size());
      JsonNode fw = frameworks.get(0);
      assertEquals(framework.id().getValue(), fw.path("id").asText());
      assertEquals("classic", fw.path("name").asText());
      assertTrue(fw.path("active").asBoolean());
      assertEquals(1, fw.path("tasks").size());
      JsonNode task = fw.path("tasks").get(0);
      assertEquals("c-1", task.path("id").asText());
      assertEquals(agent.agentId(), task.path("slave_id").asText());
      assertEquals(framework.id().getValue(), task.path("framework_id").asText());
      assertEquals("TASK_RUNNING", task.path("state").asText());
      assertEquals(1.0, task.path("resources").path("cpus").doubleValue());
      assertTrue(task.path("resources").path("cpus").isNumber(), "numbers, not strings");
      assertEquals(1.0, fw.path("used_resources").path("cpus").doubleValue());
    }
  }

  @Test
  void metricsSnapshotHasMesosNamesAndNumbers() throws Exception {
    HttpResponse<String> r = get("/metrics/snapshot");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
    JsonNode metrics = JSON.readTree(r.body());
    List<String> notNumbers = new ArrayList<>();
    metrics.fields().forEachRemaining(e -> {
      if (!e.getValue().isNumber()) {
        notNumbers.add(e.getKey());
      }
    });
    assertEquals(List.of(), notNumbers, "every metric is a number");
    assertEquals(1.0, number(metrics, "master/elected"));
    assertEquals(1.0, number(metrics, "master/slaves_active"));
    assertEquals(1.0, number(metrics, "master/slaves_connected"));
    assertEquals(1.0, number(metrics, "master/frameworks_connected"));
    assertEquals(1.0, number(metrics, "master/tasks_running"));
    assertEquals(0.0, number(metrics, "master/tasks_staging"));
    assertEquals(0.0, number(metrics, "master/tasks_finished"));
    assertEquals(0.0, number(metrics, "master/tasks_gone_by_operator"));
    assertTrue(number(metrics, "master/uptime_secs") >= 0);
  }

  @Test
  void healthIs200() throws Exception {
    for (String path : List.of("/health", "/master/health")) {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), path);
      assertEquals("", r.body());
    }
  }

  @Test
  void versionNamesTheMesosVersion() throws Exception {
    HttpResponse<String> r = get("/version");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(OperatorCalls.VERSION, JSON.readTree(r.body()).path("version").asText());
  }

  @Test
  void unknownPathIs404() throws Exception {
    for (String path : List.of("/master/nope", "/api/v2", "/")) {
      HttpResponse<String> missing = get(path);
      assertEquals(404, missing.statusCode(), path + ": " + missing.body());
      assertTrue(missing.body().contains(path), missing.body());
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return m.http.send(HttpRequest.newBuilder(m.uri().resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double number(JsonNode metrics, String name) {
    JsonNode n = metrics.get(name);
    if (n == null) {
      throw new AssertionError("no metric " + name + " in " + metrics);
    }
    return n.doubleValue();
  }
}
