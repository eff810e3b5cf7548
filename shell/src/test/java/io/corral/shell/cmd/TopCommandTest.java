package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static io.corral.shell.ShellRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.agent.AgentConfig;
import io.corral.remote.agent.AgentDaemon;
import io.corral.remote.agent.TaskRuntimes;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import io.corral.shell.client.ContainerUsage;
import io.corral.shell.client.MasterClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral top} and the usage columns of {@code tasks -o wide}, against a real master and a real
 * agent (sampling every 200 ms) running a real task that spins a core.
 */
class TopCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static MasterServer master;
  static AgentDaemon agent;
  static ShellSession previous;
  static String spinner;

  @BeforeAll
  static void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), dir.resolve("agent"), master.bootstrapCredential(),
        "cpus:2;mem:512;disk:1024", Map.of(), "usage-node", Duration.ofSeconds(1))
        .withUsageInterval(Duration.ofMillis(200)), TaskRuntimes.forThisPlatform());
    previous = ShellSession.install(new ShellSession(Map.of("CORRAL_MASTER", master.url(),
        "CORRAL_HOME", dir.resolve("corral-home").toString())));
    TestCluster.await(() -> !new MasterClient(URI.create(master.url())).query(
        org.apache.mesos.v1.master.Protos.Call.Type.GET_AGENTS).getGetAgents().getAgentsList().isEmpty(), "the agent");
    spinner = ok("run", "--name", "spinner", "--mem", "64", "--disk", "16", "--", "while :; do :; done").outLines().get(0);
    TestCluster.await(() -> {
      List<ContainerUsage> all = new MasterClient(URI.create(master.url())).containers(null);
      return all.stream().anyMatch(u -> u.taskId().equals(spinner) && u.cpusUsed() > 0.05 && u.memBytes() > 0);
    }, "the spinner's usage is reported");
  }

  @AfterAll
  static void stop() {
    if (spinner != null) {
      corral("kill", spinner);
    }
    if (agent != null) {
      agent.close();
    }
    master.close();
    if (previous != null) {
      ShellSession.install(previous);
    }
  }

  @Test
  void topOnceAsJsonIsTheGetContainersAnswer() throws Exception {
    JsonNode json = JSON.readTree(ok("top", "--once", "-o", "json").out());
    assertEquals("GET_CONTAINERS", json.path("type").asText(), json::toString);
    JsonNode containers = json.path("get_containers").path("containers");
    assertEquals(1, containers.size(), json::toString);
    JsonNode c = containers.get(0);
    assertEquals(spinner, c.path("task_id").path("value").asText());
    assertEquals(agent.agentId(), c.path("agent_id").path("value").asText());
    assertTrue(c.path("resource_statistics").path("mem_rss_bytes").asLong() > 0, c::toString);
    assertTrue(c.path("resource_statistics").path("cpus_user_time_secs").asDouble() > 0, c::toString);
    assertEquals(64L << 20, c.path("resource_statistics").path("mem_limit_bytes").asLong(), c::toString);
    assertTrue(c.path("cpus_used").asDouble() > 0.05, c::toString);
  }

  @Test
  void topOnceAsATableShowsCoresMemoryAndDisk() {
    ShellRun top = ok("top", "-n", "1", "--sort", "mem", "--agent", "usage-node");
    List<String> lines = top.outLines();
    assertTrue(lines.get(0).matches("TASK\\s+NAME\\s+AGENT\\s+CPU\\s+CPUS\\s+MEM\\s+DISK\\s+PROCS\\s*"), top::toString);
    String row = lines.stream().filter(l -> l.startsWith(spinner)).findFirst().orElseThrow(() -> new AssertionError(top));
    assertTrue(row.matches(".*spinner\\s+usage-node\\s+\\d\\.\\d\\d\\s+0\\.1\\s+[0-9.]+[BKMG]/64M\\s+[0-9.]+[BKMG]/16M\\s+\\d+\\s*"),
        row);
    ShellRun wide = ok("top", "--once", "-o", "wide");
    assertTrue(wide.outLines().get(0).contains("PEAK") && wide.outLines().get(0).contains("FRAMEWORK"), wide::toString);
  }

  @Test
  void tasksWideHasUsageColumns() {
    ShellRun wide = ok("tasks", "-o", "wide");
    assertTrue(wide.outLines().get(0).matches(".*AGE\\s+CPU USED\\s+MEM USED\\s+PORTS.*"), wide::toString);
    String row = wide.outLines().stream().filter(l -> l.startsWith(spinner)).findFirst()
        .orElseThrow(() -> new AssertionError(wide));
    assertTrue(row.matches(".*\\s\\d\\.\\d\\d\\s+[0-9.]+[BKMG]\\s.*"), row);
    ShellRun narrow = ok("tasks");
    assertTrue(!narrow.outLines().get(0).contains("CPU USED"), "usage only in the wide table: " + narrow);
  }
}
