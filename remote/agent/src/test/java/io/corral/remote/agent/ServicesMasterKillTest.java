package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.agent.runtime.Await;
import io.corral.remote.master.MasterProcess;
import io.corral.remote.master.MasterServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the master (its own process, SQLite state) in the middle of a rolling deployment: the
 * restarted master resumes the same deployment with the same instances, none started twice, and
 * carries it to its end once the new version gets healthy.
 */
class ServicesMasterKillTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  @TempDir Path work;

  private Process startMaster(int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = work.resolve("master-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MasterProcess.class.getName(),
        work.resolve("master").toString(), Integer.toString(port)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Await.until("the master process listens", Duration.ofSeconds(30),
        () -> Files.exists(log) && read(log).lines().anyMatch(l -> l.startsWith("listening ")));
    return p;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  /** The web app of {@link ServicesRollingTest}, whose new version gets healthy only once {@code gate} exists. */
  private static String gated(Path gate) {
    String healthy = "(while [ ! -e '" + gate + "' ]; do sleep 0.1; done; echo ok > www/health) & ";
    return ServicesRollingTest.web("two", false).replace("echo two > www/version; ",
        "echo two > www/version; " + healthy).replace("\"gracePeriodSeconds\": 0", "\"gracePeriodSeconds\": 300");
  }

  @Test
  void aDeploymentResumesAfterTheMasterIsKilledWithNothingStartedTwice() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    Process master = startMaster(port);
    AgentDaemon agent = null;
    MarathonHttp v2 = new MarathonHttp(url);
    try {
      agent = AgentDaemon.start(new AgentConfig(URI.create(url), work.resolve("agent"),
          Files.readString(work.resolve("master").resolve(MasterServer.CREDENTIAL_FILE)).trim(),
          "cpus:4;mem:1024;ports:[31200-31299]", Map.of(), "node-1", Duration.ofMillis(500)),
          TaskRuntimes.forThisPlatform());
      assertEquals(201, v2.send("POST", "/v2/apps", ServicesRollingTest.web("one", true)).status());
      Set<String> old = ServicesRollingTest.ids(v2.awaitSteady("web", 3, true, WITHIN));

      Path gate = work.resolve("gate");
      MarathonHttp.Reply changed = v2.send("PUT", "/v2/apps/web", gated(gate));
      assertEquals(200, changed.status(), changed.body().toString());
      String deployment = changed.body().path("deploymentId").asText();
      String version = changed.body().path("version").asText();
      JsonNode midway = v2.await("/v2/apps/web", n -> n.path("app").path("tasks").size() == 4
          && n.path("app").path("tasksRunning").asInt() == 4, WITHIN, "one new instance running beside the old").path("app");
      Set<String> before = ServicesRollingTest.ids(midway);

      master.toHandle().destroyForcibly();
      assertTrue(master.waitFor(10, TimeUnit.SECONDS));
      master = startMaster(port);

      JsonNode resumed = v2.await("/v2/apps/web", n -> n.path("app").path("tasksRunning").asInt() == 4
          && n.path("app").path("tasksHealthy").asInt() == 3, WITHIN, "the instances found again").path("app");
      assertEquals(before, ServicesRollingTest.ids(resumed), "the same instances: none lost, none started twice");
      assertEquals(deployment, resumed.path("deployments").path(0).path("id").asText(), "the same deployment");
      assertEquals(1, v2.get("/v2/deployments").size());

      Files.writeString(gate, "go");
      JsonNode done = v2.awaitSteady("web", 3, true, WITHIN);
      assertTrue(done.path("tasks").findValuesAsText("version").stream().allMatch(version::equals), done.toString());
      Set<String> stillOld = new TreeSet<>(ServicesRollingTest.ids(done));
      stillOld.retainAll(old);
      assertTrue(stillOld.isEmpty(), "every old instance replaced");
      assertEquals(0, v2.get("/v2/deployments").size());
      v2.removeAll();
    } finally {
      if (agent != null) {
        agent.close();
      }
      master.toHandle().destroyForcibly();
      master.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
