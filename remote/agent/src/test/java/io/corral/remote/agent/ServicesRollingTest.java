package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments of a service whose instances serve HTTP (busybox httpd) with a MESOS_HTTP health
 * check, on a real master and agent: a rolling change never leaves fewer healthy instances than
 * the strategy allows nor more instances than it allows; a version that never gets healthy stalls
 * with the reason, the old instances kept, and a rollback returns to them without restarting them.
 */
class ServicesRollingTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  @TempDir Path work;
  private MasterServer master;
  private AgentDaemon agent;
  private MarathonHttp v2;

  @BeforeEach
  void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
        master.bootstrapCredential(), "cpus:4;mem:1024;ports:[31100-31199]", Map.of(), "node-1", null),
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

  /** Three instances serving {@code www/} on their port; healthy only when {@code healthy}. */
  static String web(String label, boolean healthy) {
    String cmd = "mkdir -p www; " + (healthy ? "echo ok > www/health; " : "") + "echo " + label
        + " > www/version; echo $$ > pid; exec busybox httpd -f -p 127.0.0.1:$PORT0 -h www";
    return "{\"id\": \"/web\", \"instances\": 3, \"cpus\": 0.1, \"mem\": 16, \"cmd\": \"" + cmd + "\","
        + " \"portDefinitions\": [{\"port\": 0}],"
        + " \"healthChecks\": [{\"protocol\": \"MESOS_HTTP\", \"path\": \"/health\", \"portIndex\": 0,"
        + " \"gracePeriodSeconds\": 0, \"intervalSeconds\": 1, \"timeoutSeconds\": 2, \"maxConsecutiveFailures\": 2,"
        + " \"delaySeconds\": 0}],"
        + " \"upgradeStrategy\": {\"minimumHealthCapacity\": 1, \"maximumOverCapacity\": 0},"
        + " \"backoffSeconds\": 1, \"backoffFactor\": 1}";
  }

  static Set<String> ids(JsonNode app) {
    Set<String> ids = new TreeSet<>();
    app.path("tasks").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void allHealthyThenAKilledInstanceIsReplacedByAHealthyOne() throws Exception {
    assertEquals(201, v2.send("POST", "/v2/apps", web("one", true)).status());
    JsonNode app = v2.awaitSteady("web", 3, true, WITHIN);
    for (JsonNode t : app.path("tasks")) {
      assertTrue(t.path("healthCheckResults").path(0).path("alive").asBoolean(), t.toString());
      assertEquals("one\n", get(t.path("ports").path(0).asInt(), "/version"));
    }
    String victim = app.path("tasks").path(1).path("id").asText();
    Path pid = work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe("corral-services"))
        .resolve(TaskStore.safe(victim)).resolve("pid");
    long killedAt = System.nanoTime();
    ProcessHandle.of(Long.parseLong(v2.awaitFile(pid).trim())).orElseThrow().destroyForcibly();
    JsonNode after = v2.await("/v2/apps/web", n -> n.path("app").path("tasksHealthy").asInt() == 3
        && !ids(n.path("app")).contains(victim), WITHIN, "a healthy replacement of " + victim).path("app");
    System.out.printf("replacement_healthy_s=%.2f (instance killed to its replacement healthy; backoff 1 s,"
        + " health checks every 1 s)%n", (System.nanoTime() - killedAt) / 1e9);
    assertEquals(3, after.path("tasks").size());
    assertEquals(victim, after.path("lastTaskFailure").path("taskId").asText());
  }

  @Test
  void aRollingChangeNeverDipsBelowTheStrategy() throws Exception {
    assertEquals(201, v2.send("POST", "/v2/apps", web("one", true)).status());
    JsonNode before = v2.awaitSteady("web", 3, true, WITHIN);
    Set<String> old = ids(before);
    MarathonHttp.Reply changed = v2.send("PUT", "/v2/apps/web", web("two", true));
    assertEquals(200, changed.status(), changed.body().toString());
    String version = changed.body().path("version").asText();

    int samples = 0;
    int fewestHealthy = Integer.MAX_VALUE;
    int mostInstances = 0;
    Instant deadline = Instant.now().plus(WITHIN);
    JsonNode app;
    while (true) {
      app = v2.app("web");
      samples++;
      fewestHealthy = Math.min(fewestHealthy, app.path("tasksHealthy").asInt());
      mostInstances = Math.max(mostInstances, app.path("tasks").size());
      boolean done = app.path("deployments").isEmpty() && app.path("tasksHealthy").asInt() == 3
          && app.path("tasks").findValuesAsText("version").stream().allMatch(version::equals);
      if (done || Instant.now().isAfter(deadline)) {
        break;
      }
      Thread.sleep(20); // sampling interval of the invariants below, not a synchronisation
    }
    assertTrue(app.path("deployments").isEmpty(), "the deployment finished: " + app);
    assertTrue(fewestHealthy >= 3, "healthy instances never fell below 3 (minimumHealthCapacity 1): " + fewestHealthy);
    assertTrue(mostInstances <= 4, "at most one instance over (maximumOverCapacity 0 allows one): " + mostInstances);
    assertTrue(samples > 10, "the change was watched: " + samples + " samples");
    Set<String> now = ids(app);
    now.retainAll(old);
    assertTrue(now.isEmpty(), "every old instance was replaced");
    int port = app.path("tasks").path(0).path("ports").path(0).asInt();
    assertEquals("two\n", get(port, "/version"));
  }

  @Test
  void aVersionThatNeverGetsHealthyStallsAndRollsBack() throws Exception {
    assertEquals(201, v2.send("POST", "/v2/apps", web("good", true)).status());
    JsonNode good = v2.awaitSteady("web", 3, true, WITHIN);
    Set<String> old = ids(good);
    String goodConfig = good.path("versionInfo").path("lastConfigChangeAt").asText();

    assertEquals(200, v2.send("PUT", "/v2/apps/web", web("bad", false)).status());
    JsonNode stalled = v2.await("/v2/apps/web", n -> n.path("app").path("deployments").path(0).has("stalled"),
        WITHIN, "the deployment to say it is stalled").path("app");
    String reason = stalled.path("deployments").path(0).path("stalled").asText();
    assertTrue(reason.contains("new instances failed"), reason);
    assertTrue(ids(stalled).containsAll(old), "the old instances are kept: " + stalled);
    assertEquals(3, stalled.path("tasksHealthy").asInt());
    assertFalse(stalled.path("lastTaskFailure").isMissingNode());
    assertEquals(1, v2.get("/v2/deployments").size());

    assertEquals(409, v2.send("POST", "/v2/apps/web/rollback", null).status(), "the stalled deployment holds the app");
    MarathonHttp.Reply back = v2.send("POST", "/v2/apps/web/rollback?force=true", null);
    assertEquals(200, back.status(), back.body().toString());
    JsonNode rolledBack = v2.awaitSteady("web", 3, true, WITHIN);
    assertEquals(old, ids(rolledBack), "back to the old instances, none restarted");
    assertEquals(goodConfig, rolledBack.path("versionInfo").path("lastConfigChangeAt").asText());
    assertEquals(0, v2.get("/v2/deployments").size());
  }
}
