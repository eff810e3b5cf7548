package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Marathon's constraints against three real agents (own work dirs) on one real master: {@code node-a}
 * and {@code node-b} in rack {@code r1}, {@code node-c} in rack {@code r2}. Each app's instances
 * land where its constraints allow, and an instance that fits nowhere waits with the reason in
 * {@code /v2/queue}.
 */
class ServicesPlacementTest {
  private static final Duration STEADY = Duration.ofSeconds(20);
  private static final String RACK_OF = "node-a:r1 node-b:r1 node-c:r2";
  @TempDir Path work;
  private MasterServer master;
  private final List<AgentDaemon> agents = new ArrayList<>();
  private MarathonHttp v2;

  @BeforeEach
  void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    int base = 31200;
    for (String node : RACK_OF.split(" ")) {
      String[] hostAndRack = node.split(":");
      agents.add(AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve(hostAndRack[0]),
          master.bootstrapCredential(), "cpus:2;mem:512;ports:[" + base + "-" + (base + 9) + "]",
          Map.of("rack", hostAndRack[1]), hostAndRack[0], null), TaskRuntimes.forThisPlatform()));
      base += 10;
    }
    v2 = new MarathonHttp(master.url());
    v2.await("/master/state", n -> n.path("slaves").size() == 3, STEADY, "three agents registered");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      v2.removeAll();
    } finally {
      agents.forEach(AgentDaemon::close);
      master.close();
    }
  }

  private void create(String id, int instances, String constraint) throws Exception {
    MarathonHttp.Reply created = v2.send("POST", "/v2/apps", "{\"id\": \"" + id + "\", \"cmd\": \"sleep 300\","
        + " \"instances\": " + instances + ", \"cpus\": 0.1, \"mem\": 16, \"constraints\": [" + constraint + "]}");
    assertEquals(201, created.status(), created.body().toString());
  }

  /** Instances per host, from the app's tasks. */
  private static Map<String, Integer> perHost(JsonNode app) {
    Map<String, Integer> hosts = new TreeMap<>();
    app.path("tasks").forEach(t -> hosts.merge(t.path("host").asText(), 1, Integer::sum));
    return hosts;
  }

  private static Map<String, Integer> perRack(JsonNode app) {
    Map<String, Integer> racks = new TreeMap<>();
    perHost(app).forEach((host, n) -> racks.merge(host.equals("node-c") ? "r2" : "r1", n, Integer::sum));
    return racks;
  }

  @Test
  void uniqueHostnamePutsOneInstanceOnEachAgent() throws Exception {
    create("unique", 3, "[\"hostname\", \"UNIQUE\"]");
    JsonNode app = v2.awaitSteady("unique", 3, false, STEADY);
    assertEquals(Map.of("node-a", 1, "node-b", 1, "node-c", 1), perHost(app), app.toString());
  }

  @Test
  void maxPerRackRunsOnePerRackAndTheThirdWaitsSayingWhy() throws Exception {
    create("spread", 3, "[\"rack\", \"MAX_PER\", \"1\"]");
    JsonNode app = v2.await("/v2/apps/spread", n -> n.path("app").path("tasksRunning").asInt() == 2, STEADY,
        "two instances running").path("app");
    assertEquals(Map.of("r1", 1, "r2", 1), perRack(app), app.toString());
    assertEquals(1, app.path("deployments").size(), "the deployment waits for the third: " + app);

    // Every agent is offered again after the two launches and turned down, each for its rack.
    String rule = "[\"rack\",\"MAX_PER\",\"1\"]";
    JsonNode queue = v2.await("/v2/queue", n -> n.path("queue").path(0).path("lastRejections").path(0).asText()
        .startsWith(rule + ": 3 agents"), STEADY, "the third instance turned down by every agent");
    JsonNode waiting = queue.path("queue").path(0);
    assertEquals("/spread", waiting.path("app").path("id").asText(), queue.toString());
    assertEquals(1, waiting.path("count").asInt(), queue.toString());
    assertEquals(1, waiting.path("lastRejections").size(), "one reason, the rack: " + queue);
    String reason = waiting.path("lastRejections").path(0).asText();
    assertTrue(reason.matches(".*e\\.g\\. node-[abc]: rack 'r[12]' already has 1 instances.*"), reason);

    // Still two after every agent was offered again.
    JsonNode later = v2.app("spread");
    assertEquals(2, later.path("tasks").size(), later.toString());
    assertEquals(Map.of("r1", 1, "r2", 1), perRack(later), later.toString());
  }

  @Test
  void isRackPutsEveryInstanceOnTheAgentsOfThatRack() throws Exception {
    create("r2-only", 3, "[\"rack\", \"IS\", \"r2\"]");
    JsonNode app = v2.awaitSteady("r2-only", 3, false, STEADY);
    assertEquals(Map.of("node-c", 3), perHost(app), app.toString());
  }

  @Test
  void agentsReportTheirOsAsAnAttribute() throws Exception {
    create("on-linux", 3, "[\"os\", \"IS\", \"linux\"]");
    JsonNode app = v2.awaitSteady("on-linux", 3, false, STEADY);
    assertEquals(3, app.path("tasks").size(), app.toString());

    create("on-windows", 1, "[\"os\", \"IS\", \"windows\"]");
    JsonNode queue = v2.await("/v2/queue", n -> n.path("queue").path(0).path("lastRejections").size() > 0,
        STEADY, "a rejection reason for the Windows instance");
    String reason = queue.path("queue").path(0).path("lastRejections").path(0).asText();
    assertTrue(reason.contains("os is 'linux', not 'windows'"), reason);
    assertEquals(0, v2.app("on-windows").path("tasks").size());
  }

  @Test
  void groupByRackSpreadsInstancesEvenlyOverTheRacks() throws Exception {
    create("grouped", 4, "[\"rack\", \"GROUP_BY\", \"2\"]");
    JsonNode app = v2.awaitSteady("grouped", 4, false, STEADY);
    assertEquals(Map.of("r1", 2, "r2", 2), perRack(app), app.toString());
    assertEquals(2, perHost(app).get("node-c"), "node-c is rack r2 alone: " + app);
  }
}
