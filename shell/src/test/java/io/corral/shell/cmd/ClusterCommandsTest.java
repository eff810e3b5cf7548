package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static io.corral.shell.ShellRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import io.corral.shell.client.LiveValues;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and administration commands against one real master with two real agents, in table and JSON/YAML forms. */
class ClusterCommandsTest {
  @TempDir static Path dir;
  static TestCluster cluster;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.twoRacks(dir);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static JsonNode json(String... args) throws Exception {
    return JSON.readTree(ok(args).out());
  }

  static String agentId(String hostname) {
    return cluster.view().agents().stream().filter(a -> a.hostname().equals(hostname)).findFirst().orElseThrow().id();
  }

  @Test
  void statusInTableAndJson() throws Exception {
    ShellRun table = ok("status");
    assertTrue(table.out().contains("agents      2 active"), table::toString);
    assertTrue(table.out().contains("cpus        0 of 4 used"), table::toString);
    assertTrue(table.out().startsWith("master      " + cluster.master.url()), table::toString);
    JsonNode json = json("status", "-o", "json");
    assertEquals(2, json.path("agents").path("active").asInt(), json::toString);
    assertEquals(cluster.master.masterId(), json.path("master").path("master_info").path("id").asText());
    assertEquals("1.11.0", json.path("version").path("version_info").path("version").asText());
  }

  @Test
  void agentsInTableJsonAndYaml() throws Exception {
    ShellRun table = ok("agents");
    assertEquals("ID", table.outLines().get(0).split("\\s+")[0]);
    assertTrue(table.outLines().get(0).matches("ID\\s+HOSTNAME\\s+STATE\\s+OS\\s+CPUS\\s+MEM\\s+TASKS"), table::toString);
    assertEquals(3, table.outLines().size(), table::toString);
    String a = table.outLines().stream().filter(l -> l.contains("node-a")).findFirst().orElseThrow();
    assertTrue(a.matches(".*node-a\\s+ACTIVE\\s+linux\\s+0/2\\s+0/512\\s+0"), a);
    assertFalse(table.out().contains("\u001b["), "no colors when the session has none");
    assertTrue(ok("agents", "-o", "wide").out().contains("rack:r1"));

    JsonNode json = json("agents", "-o", "json");
    assertEquals(2, json.path("agents").size(), json::toString);
    assertEquals("node-a", json.path("agents").path(0).path("agent_info").path("hostname").asText());
    assertEquals(agentId("node-a"), json.path("agents").path(0).path("agent_info").path("id").path("value").asText());
    JsonNode yaml = new YAMLMapper().readTree(ok("agents", "-o", "yaml").out());
    assertEquals(json, yaml);
  }

  @Test
  void agentShowByIdPrefixSuffixAndHostname() throws Exception {
    String id = agentId("node-b");
    ShellRun byHost = ok("agents", "show", "node-b");
    assertTrue(byHost.out().contains("id:          " + id), byHost::toString);
    assertTrue(byHost.out().contains("rack:r2"), byHost::toString);
    String suffix = id.substring(id.lastIndexOf('-'));
    assertEquals(id, json("agents", "show", suffix, "-o", "json").path("agent_info").path("id").path("value").asText());
    assertEquals(id, json("agents", "show", id, "-o", "json").path("agent_info").path("id").path("value").asText());
    // 'agent show' is 'agents show' (the agent daemon command carries the per-agent actions too).
    assertEquals(id, json("agent", "show", id, "-o", "json").path("agent_info").path("id").path("value").asText());
  }

  @Test
  void unknownAgentIsExit3WithTheClosestId() {
    String id = agentId("node-a");
    String typo = id.substring(0, id.length() - 1) + "9";
    ShellRun r = corral("agents", "show", typo);
    assertEquals(ExitCodes.NOT_FOUND, r.exitCode(), r::toString);
    assertEquals("error: no agent with id '" + typo + "' (did you mean '" + id + "'?)", r.err().strip());
    ShellRun host = corral("agents", "drain", "node-c");
    assertEquals(ExitCodes.NOT_FOUND, host.exitCode(), host::toString);
    assertTrue(host.err().strip().matches("error: no agent with id 'node-c' \\(did you mean 'node-[ab]'\\?\\)"), host::toString);
  }

  @Test
  void ambiguousPrefixIsAUsageError() {
    ShellRun r = corral("agents", "show", cluster.master.masterId());
    assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    assertTrue(r.err().contains("matches 2 agents"), r::toString);
  }

  @Test
  void deactivateAndReactivateAnAgent() throws Exception {
    ShellRun off = ok("agents", "deactivate", "node-b");
    assertTrue(off.out().contains("(node-b) is deactivated"), off::toString);
    assertTrue(ok("agents").out().lines().anyMatch(l -> l.matches(".*node-b\\s+DEACTIVATED.*")));
    assertTrue(json("agents", "-o", "json").path("agents").path(1).path("deactivated").asBoolean());
    ok("agents", "reactivate", "node-b");
    assertTrue(ok("agents").out().lines().anyMatch(l -> l.matches(".*node-b\\s+ACTIVE.*")));
  }

  @Test
  void rolesQuotaAndWeights() throws Exception {
    ShellRun set = ok("quota", "set", "dev", "cpus:1;mem:128");
    assertEquals("quota of role dev: cpus:1;mem:128", set.out().strip());
    ShellRun quota = ok("quota");
    assertTrue(quota.out().lines().anyMatch(l -> l.matches("dev\\s+cpus:1;mem:128")), quota::toString);
    JsonNode q = json("quota", "-o", "json");
    assertEquals("dev", q.path("status").path("configs").path(0).path("role").asText(), q::toString);

    ok("weights", "set", "dev=2.5", "ops=0.5");
    ShellRun weights = ok("weights");
    assertTrue(weights.out().lines().anyMatch(l -> l.matches("dev\\s+2.5")), weights::toString);
    JsonNode w = json("weights", "-o", "json");
    assertEquals(2, w.path("weight_infos").size(), w::toString);

    ShellRun roles = ok("roles");
    assertTrue(roles.out().lines().anyMatch(l -> l.matches("dev\\s+2.5\\s+cpus:1;mem:128\\s+0\\s+0\\s+0")), roles::toString);
    JsonNode r = json("roles", "-o", "json");
    assertTrue(r.path("roles").findValuesAsText("name").contains("ops"), r::toString);

    ok("quota", "remove", "dev");
    assertFalse(ok("quota", "-o", "json").out().contains("\"dev\""));
    ShellRun again = corral("quota", "remove", "dev");
    assertEquals(ExitCodes.NOT_FOUND, again.exitCode(), again::toString);
  }

  @Test
  void badValuesAreUsageErrors() {
    ShellRun weight = corral("weights", "set", "dev=-1");
    assertEquals(ExitCodes.USAGE, weight.exitCode(), weight::toString);
    assertEquals("error: weight of role 'dev' must be a positive number, not -1", weight.err().strip());
    ShellRun output = corral("agents", "-o", "xml");
    assertEquals(ExitCodes.USAGE, output.exitCode(), output::toString);
    assertTrue(output.err().startsWith("error: unknown output format 'xml' (expected table, wide, json or yaml)"), output::toString);
    ShellRun quota = corral("quota", "set", "dev", "cpus:lots");
    assertEquals(ExitCodes.USAGE, quota.exitCode(), quota::toString);
    assertTrue(quota.err().startsWith("error: invalid resources 'cpus:lots'"), quota::toString);
    ShellRun state = corral("tasks", "--state", "runing");
    assertEquals(ExitCodes.USAGE, state.exitCode(), state::toString);
    assertTrue(state.err().startsWith("error: unknown task state 'runing' (did you mean 'running'?)"), state::toString);
    ShellRun master = corral("status", "--master", "ftp://x");
    assertEquals(ExitCodes.USAGE, master.exitCode(), master::toString);
  }

  @Test
  void versionShowsClientAndMaster() throws Exception {
    ShellRun v = ok("version");
    assertTrue(v.outLines().get(0).startsWith("corral  "), v::toString);
    assertEquals("master  1.11.0 (Mesos v1 API) at " + cluster.master.url(), v.outLines().get(1));
    assertEquals("1.11.0", json("version", "-o", "json").path("master").path("version").asText());
  }

  @Test
  void tablesAreCutToTheTerminalInTheInteractiveShell() {
    io.corral.shell.ShellSession s = io.corral.shell.ShellSession.current();
    s.setInteractive(true);
    s.setTerminalWidth(50);
    s.setColor(true);
    try {
      ShellRun r = ok("agents");
      r.outLines().forEach(l -> assertTrue(l.replaceAll("\u001b\\[[0-9;]*m", "").length() <= 50, l));
      assertTrue(r.out().contains("…"), r::toString);
      assertTrue(r.out().contains("\u001b[32mACTIVE"), r::toString);
      ShellRun wide = ok("agents", "-o", "wide");
      assertTrue(wide.out().contains(agentId("node-a")), "wide is never cut");
    } finally {
      s.setInteractive(false);
      s.setColor(false);
    }
  }

  @Test
  void liveValuesListWhatExistsForCompletion() {
    LiveValues live = ShellSession.current().liveValues();
    live.invalidate();
    assertEquals(java.util.List.of(agentId("node-a"), agentId("node-b")).stream().sorted().toList(),
        live.agentIds());
    assertEquals(java.util.List.of("node-a", "node-b"), live.agentHostnames());
    // '*' once a framework used it; the master's service scheduler subscribes in its own role
    assertTrue(live.roles().stream().allMatch(r -> r.equals("*")
        || r.equals(io.corral.remote.master.MasterConfig.DEFAULT_SERVICES_ROLE)), live.roles()::toString);
    assertEquals(java.util.List.of(), live.taskIds());
    assertEquals(java.util.List.of(), live.serviceIds());
  }

  @Test
  void emptyListsSaySoOnStderr() {
    ShellRun r = ok("tasks");
    assertEquals("", r.out());
    assertTrue(r.err().contains("no live tasks"), r::toString);
  }
}
