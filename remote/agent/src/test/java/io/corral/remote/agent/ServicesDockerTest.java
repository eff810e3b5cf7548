package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Docker app through {@code /v2} against a real master, a real agent and the real dockerd: its
 * containers serve on Docker's bridge, published on host ports taken from the offer, Mesos HTTP
 * checks reach them there and mark them healthy, and removing the app removes its containers.
 */
class ServicesDockerTest {
  private static final Duration STEADY = Duration.ofSeconds(40);
  @TempDir Path work;
  private DockerTestEngine docker;
  private MasterServer master;
  private AgentDaemon agent;
  private MarathonHttp v2;
  private String offered;

  @BeforeEach
  void start() throws Exception {
    docker = DockerTestEngine.require();
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    offered = MarathonHttp.freePorts(4);
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), agentDir(), master.bootstrapCredential(),
        "cpus:4;mem:1024;" + offered, Map.of(), "docker-node", Duration.ofMillis(500)),
        TaskRuntimes.forThisPlatform(), docker.runtime(agentDir()));
    v2 = new MarathonHttp(master.url());
  }

  private Path agentDir() {
    return work.resolve("agent");
  }

  @AfterEach
  void stop() throws Exception {
    if (v2 != null) {
      v2.removeAll();
    }
    if (agent != null) {
      agent.drain(Duration.ofSeconds(5));
    }
    if (master != null) {
      master.close();
    }
    if (docker != null) {
      docker.removeAll(agentDir());
      docker.close();
    }
  }

  private static String get(int port) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/index.html")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (java.io.IOException e) {
      return "unreachable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private Set<String> runningContainerTasks() {
    Set<String> tasks = new HashSet<>();
    for (Container c : docker.containers(agentDir(), null)) {
      if ("running".equals(c.getState())) {
        tasks.add(c.getLabels().get(DockerRuntime.LABEL_TASK));
      }
    }
    return tasks;
  }

  @Test
  void aDockerAppOnTheBridgeBecomesHealthyServesOnItsHostPortsAndIsRemoved() throws Exception {
    String app = "{\"id\": \"/web/busy\", \"instances\": 2, \"cpus\": 0.1, \"mem\": 32,"
        + " \"cmd\": \"echo served-by-$MESOS_TASK_ID > /tmp/index.html && exec httpd -f -p 8080 -h /tmp\","
        + " \"container\": {\"type\": \"DOCKER\", \"docker\": {\"image\": \"" + DockerTestEngine.IMAGE + "\"},"
        + "   \"portMappings\": [{\"containerPort\": 8080, \"hostPort\": 0, \"name\": \"http\"}]},"
        + " \"networks\": [{\"mode\": \"container/bridge\"}],"
        + " \"healthChecks\": [{\"protocol\": \"MESOS_HTTP\", \"portIndex\": 0, \"path\": \"/index.html\","
        + "   \"gracePeriodSeconds\": 30, \"intervalSeconds\": 1, \"timeoutSeconds\": 2, \"delaySeconds\": 0,"
        + "   \"maxConsecutiveFailures\": 3}]}";
    MarathonHttp.Reply created = v2.send("POST", "/v2/apps", app);
    assertEquals(201, created.status(), created.body().toString());
    JsonNode steady = v2.awaitSteady("web/busy", 2, true, STEADY);
    assertEquals(2, steady.path("tasksHealthy").asInt(), steady.toString());
    assertEquals(0, steady.path("tasksUnhealthy").asInt(), steady.toString());

    List<String> taskIds = new ArrayList<>();
    Set<Integer> hostPorts = new HashSet<>();
    for (JsonNode task : steady.path("tasks")) {
      String id = task.path("id").asText();
      taskIds.add(id);
      assertEquals(1, task.path("ports").size(), task.toString());
      int hostPort = task.path("ports").path(0).asInt();
      assertTrue(offered.matches(".*[\\[,]" + hostPort + "-.*"), "a host port from the offer " + offered + ": " + task);
      hostPorts.add(hostPort);
      assertTrue(task.path("healthCheckResults").path(0).path("alive").asBoolean(), task.toString());
      assertEquals("served-by-" + id + "\n", get(hostPort).substring(4), "the container behind " + hostPort);
    }
    assertEquals(2, hostPorts.size(), "each instance has its own host port: " + hostPorts);
    assertEquals(new HashSet<>(taskIds), runningContainerTasks(), "one running container per instance");

    MarathonHttp.Reply removed = v2.send("DELETE", "/v2/apps/web/busy", null);
    assertEquals(200, removed.status(), removed.body().toString());
    v2.await("/v2/tasks", n -> n.path("tasks").isEmpty(), STEADY, "every instance stopped");
    assertEquals(404, v2.send("GET", "/v2/apps/web/busy", null).status());
    DockerTestEngine.await("the app's containers are removed", STEADY,
        () -> docker.containers(agentDir(), null).isEmpty());
    for (int port : hostPorts) {
      assertTrue(get(port).startsWith("unreachable"), "nothing serves on " + port + " any more");
    }
  }
}
