package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service scheduler in a real master with a real agent, driven over real HTTP through the
 * Marathon-compatible {@code /v2}: instances kept running, replaced when they die, scaled, removed;
 * bad definitions and conflicting changes refused as Marathon refuses them.
 */
class ServicesTest {
  private static final Duration STEADY = Duration.ofSeconds(30);
  @TempDir Path work;
  private MasterServer master;
  private AgentDaemon agent;
  private MarathonHttp v2;

  @BeforeEach
  void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
        master.bootstrapCredential(), "cpus:2;mem:1024;ports:[31000-31099]", Map.of("rack", "r1"), "node-1", null),
        TaskRuntimes.forThisPlatform());
    v2 = new MarathonHttp(master.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      v2.removeAll();
    } finally {
      agent.close();
      master.close();
    }
  }

  private Path sandbox(String taskId) {
    return work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe("corral-services"))
        .resolve(TaskStore.safe(taskId));
  }

  private static List<String> taskIds(JsonNode app) {
    List<String> ids = new ArrayList<>();
    app.path("tasks").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  @Test
  void aDeadInstanceIsReplaced() throws Exception {
    MarathonHttp.Reply created = v2.send("POST", "/v2/apps",
        "{\"id\": \"sleeper\", \"cmd\": \"echo $$ > pid; exec sleep 300\", \"instances\": 2, \"cpus\": 0.1, \"mem\": 16}");
    assertEquals(201, created.status(), created.body().toString());
    assertEquals("/sleeper", created.body().path("id").asText());
    JsonNode app = v2.awaitSteady("sleeper", 2, false, STEADY);
    List<String> before = taskIds(app);
    String victim = before.get(0);
    assertTrue(victim.startsWith("sleeper."), victim);
    Path pidFile = sandbox(victim).resolve("pid");
    long pid = Long.parseLong(v2.awaitFile(pidFile).trim());

    long killedAt = System.nanoTime();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    JsonNode after = v2.await("/v2/apps/sleeper", n -> {
      List<String> ids = taskIds(n.path("app"));
      return n.path("app").path("tasksRunning").asInt() == 2 && !ids.contains(victim);
    }, STEADY, "a replacement of " + victim).path("app");
    System.out.printf("replacement_s=%.2f (instance killed to its replacement running)%n",
        (System.nanoTime() - killedAt) / 1e9);
    assertTrue(taskIds(after).contains(before.get(1)), "the other instance was left alone");
    assertEquals(victim, after.path("lastTaskFailure").path("taskId").asText());
    assertEquals("TASK_FAILED", after.path("lastTaskFailure").path("state").asText());
  }

  @Test
  void scaleThenRemove() throws Exception {
    assertEquals(201, v2.send("POST", "/v2/apps",
        "{\"id\": \"/group/web\", \"cmd\": \"sleep 300\", \"instances\": 1, \"cpus\": 0.1, \"mem\": 16}").status());
    v2.awaitSteady("group/web", 1, false, STEADY);
    MarathonHttp.Reply scaled = v2.send("PUT", "/v2/apps/group/web", "{\"instances\": 3}");
    assertEquals(200, scaled.status(), scaled.body().toString());
    assertFalse(scaled.body().path("deploymentId").asText().isEmpty());
    JsonNode app = v2.awaitSteady("group/web", 3, false, STEADY);
    assertEquals(app.path("versionInfo").path("lastConfigChangeAt").asText(),
        v2.get("/v2/apps/group/web/versions").path("versions").get(1).asText(), "a scale keeps the configuration");

    MarathonHttp.Reply removed = v2.send("DELETE", "/v2/apps/group/web", null);
    assertEquals(200, removed.status(), removed.body().toString());
    v2.await("/v2/tasks", n -> n.path("tasks").isEmpty(), STEADY, "every instance stopped");
    assertEquals(404, v2.send("GET", "/v2/apps/group/web", null).status());
    assertEquals(0, v2.get("/v2/apps").path("apps").size());
  }

  @Test
  void badDefinitionsAndConflictsAreRefusedAsMarathonRefusesThem() throws Exception {
    MarathonHttp.Reply invalid = v2.send("POST", "/v2/apps", "{\"id\": \"bad\", \"cmd\": \"true\", \"cpus\": -1}");
    assertEquals(422, invalid.status(), invalid.body().toString());
    assertEquals("/cpus", invalid.body().path("details").path(0).path("path").asText(), invalid.body().toString());
    assertEquals(400, v2.send("POST", "/v2/apps", "{\"id\": ").status(), "malformed JSON");
    assertEquals(404, v2.send("GET", "/v2/apps/nothing", null).status());
    assertEquals("App '/nothing' does not exist", v2.send("GET", "/v2/apps/nothing", null).body().path("message").asText());

    // An instance no agent can take: the deployment waits, says why, and holds the app.
    String nowhere = "{\"id\": \"waiting\", \"cmd\": \"sleep 300\", \"cpus\": 0.1, \"mem\": 16,"
        + " \"constraints\": [[\"hostname\", \"IS\", \"nowhere\"]]}";
    assertEquals(201, v2.send("POST", "/v2/apps", nowhere).status());
    assertEquals(409, v2.send("POST", "/v2/apps", nowhere).status(), "an app with that id exists");
    JsonNode queue = v2.await("/v2/queue", n -> n.path("queue").path(0).path("lastRejections").size() > 0,
        STEADY, "a rejection reason for the waiting instance");
    String reason = queue.path("queue").path(0).path("lastRejections").path(0).asText();
    assertTrue(reason.contains("nowhere") && reason.contains("node-1"), reason);
    MarathonHttp.Reply locked = v2.send("PUT", "/v2/apps/waiting", "{\"instances\": 2}");
    assertEquals(409, locked.status(), locked.body().toString());
    assertFalse(locked.body().path("deployments").path(0).path("id").asText().isEmpty());
    MarathonHttp.Reply forced = v2.send("PUT", "/v2/apps/waiting?force=true", "{\"constraints\": []}");
    assertEquals(200, forced.status(), forced.body().toString());
    v2.awaitSteady("waiting", 1, false, STEADY);
    assertNotEquals(0, v2.get("/v2/apps/waiting/versions").path("versions").size());
  }

  @Test
  void instancesGetPortsAndTheirEnvironment() throws Exception {
    assertEquals(201, v2.send("POST", "/v2/apps", "{\"id\": \"ported\", \"cmd\": \"env > env.txt; exec sleep 300\","
        + " \"cpus\": 0.1, \"mem\": 16, \"portDefinitions\": [{\"port\": 0, \"name\": \"http\"}, {\"port\": 0}]}").status());
    JsonNode app = v2.awaitSteady("ported", 1, false, STEADY);
    JsonNode task = app.path("tasks").path(0);
    int port0 = task.path("ports").path(0).asInt();
    assertTrue(port0 >= 31000 && port0 <= 31099, task.toString());
    String env = v2.awaitFile(sandbox(task.path("id").asText()).resolve("env.txt"));
    assertTrue(env.contains("PORT0=" + port0), env);
    assertTrue(env.contains("PORT_HTTP=" + port0), env);
    assertTrue(env.contains("MARATHON_APP_ID=/ported"), env);
    assertTrue(env.contains("HOST=node-1"), env);
    assertTrue(Files.exists(sandbox(task.path("id").asText())));
  }

  /** Marathon's {@code args} become Mesos' {@code value} and whole argv; the program sees exactly its arguments. */
  @Test
  void argsRunWithoutAShellAsMesosRunsThem() throws Exception {
    assertEquals(201, v2.send("POST", "/v2/apps", "{\"id\": \"argv\", \"cpus\": 0.1, \"mem\": 16, \"args\":"
        + " [\"/bin/sh\", \"-c\", \"echo \\\"$0|$1\\\" > said; exec sleep 300\", \"zero\", \"first\"]}").status());
    JsonNode task = v2.awaitSteady("argv", 1, false, STEADY).path("tasks").path(0);
    assertEquals("zero|first\n", v2.awaitFile(sandbox(task.path("id").asText()).resolve("said")));
  }
}
