package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance whose agent is cut off (SIGSTOP: its connections stay open, it answers nothing):
 * once the master marks the agent unreachable and {@code unreachableStrategy.inactiveAfterSeconds}
 * has passed, a replacement runs elsewhere; when the agent comes back (SIGCONT) its instance is
 * running again, and the app goes back to its one instance.
 */
class ServicesUnreachableTest {
  private static final Duration WITHIN = Duration.ofSeconds(60);
  @TempDir Path work;

  private static void signal(String name, Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
  }

  @Test
  void anUnreachableInstanceIsReplacedAndTheAppShrinksBackWhenItReturns() throws Exception {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "SIGSTOP");
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(1), 2, Duration.ofMillis(100)));
    Process cutOff = AgentProcess.start(master.url(), work.resolve("far").toString(), master.bootstrapCredential());
    AgentDaemon near = null;
    MarathonHttp v2 = new MarathonHttp(master.url());
    try {
      assertEquals(201, v2.send("POST", "/v2/apps", "{\"id\": \"lonely\", \"cmd\": \"sleep 300\", \"cpus\": 0.1,"
          + " \"mem\": 16, \"unreachableStrategy\": {\"inactiveAfterSeconds\": 1, \"expungeAfterSeconds\": 600}}").status());
      JsonNode first = v2.awaitSteady("lonely", 1, false, WITHIN);
      String original = first.path("tasks").path(0).path("id").asText();
      assertEquals("killable-node", first.path("tasks").path(0).path("host").asText());
      near = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("near"),
          master.bootstrapCredential(), "cpus:2;mem:512", Map.of(), "near-node", null), TaskRuntimes.forThisPlatform());

      signal("STOP", cutOff);
      JsonNode replaced = v2.await("/v2/apps/lonely", n -> n.path("app").path("tasks").findValuesAsText("host")
          .contains("near-node") && n.path("app").path("tasksRunning").asInt() == 1, WITHIN,
          "a replacement running on near-node").path("app");
      assertTrue(replaced.path("tasks").findValuesAsText("state").contains("TASK_UNREACHABLE"), replaced.toString());

      signal("CONT", cutOff);
      JsonNode back = v2.await("/v2/apps/lonely", n -> n.path("app").path("tasks").size() == 1
          && n.path("app").path("tasksRunning").asInt() == 1 && n.path("app").path("deployments").isEmpty(),
          WITHIN, "one instance again once the agent is back").path("app");
      assertEquals(1, back.path("instances").asInt());
      System.out.println("kept: " + back.path("tasks").path(0).path("id").asText() + ", original " + original);
      v2.removeAll();
    } finally {
      signal("CONT", cutOff);
      if (near != null) {
        near.close();
      }
      cutOff.toHandle().destroyForcibly();
      cutOff.waitFor(10, TimeUnit.SECONDS);
      master.close();
    }
  }
}
