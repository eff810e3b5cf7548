package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static io.corral.shell.ShellRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service commands against a real master's service scheduler (/v2) with two real agents. */
class ServiceCommandsIT {
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

  static JsonNode service(String id) throws Exception {
    JsonNode all = JSON.readTree(ok("services", "-o", "json").out());
    for (JsonNode app : all) {
      if (app.path("id").asText().equals(id)) {
        return app;
      }
    }
    return null;
  }

  static Set<String> taskIds(JsonNode app) {
    Set<String> ids = new TreeSet<>();
    app.path("tasks").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }

  @Test
  void applyListScaleRestartLogsAndRemoveAService() throws Exception {
    Path file = Files.writeString(dir.resolve("web.json"), "{\"id\": \"/web\", \"instances\": 2, \"cpus\": 0.1,"
        + " \"mem\": 32, \"cmd\": \"echo up; sleep 300\"}");

    ShellRun applied = ok("service", "apply", "-f", file.toString(), "--timeout", "60s");
    assertTrue(applied.out().startsWith("/web: created"), applied::toString);
    assertTrue(applied.out().contains("/web: 2/2 running"), applied::toString);
    JsonNode web = service("/web");
    assertEquals(2, web.path("instances").asInt(), web::toString);
    assertEquals(2, web.path("tasksRunning").asInt(), web::toString);
    io.corral.shell.ShellSession.current().liveValues().invalidate();
    assertEquals(List.of("/web"), io.corral.shell.ShellSession.current().liveValues().serviceIds(), "completion's service ids");
    assertTrue(ok("services").out().lines().anyMatch(l -> l.matches("/web\\s+2/2\\s+-\\s+\\S+\\s+-")),
        () -> ok("services").toString());

    ShellRun scaled = ok("service", "scale", "web", "3", "--timeout", "60s");
    assertTrue(scaled.out().contains("/web: 3/3 running"), scaled::toString);
    Set<String> before = taskIds(service("/web"));
    assertEquals(3, before.size(), before::toString);

    ShellRun show = ok("service", "show", "/web");
    assertEquals(3, show.out().lines().filter(l -> l.matches("web\\S*\\s+node-[ab]\\s+.*RUNNING.*")).count(), show::toString);

    TestCluster.await(() -> corral("service", "logs", "web").out().lines().filter(l -> l.matches("\\[\\S+\\] up")).count() == 3,
        "three instances' output, prefixed");

    ShellRun restarted = ok("service", "restart", "web", "--timeout", "90s");
    assertTrue(restarted.out().contains("/web: 3/3 running"), restarted::toString);
    Set<String> after = taskIds(service("/web"));
    assertEquals(3, after.size(), after::toString);
    List<String> kept = new ArrayList<>(before);
    kept.retainAll(after);
    assertTrue(kept.isEmpty(), "restart replaced every instance: " + before + " then " + after);

    JsonNode versions = JSON.readTree(ok("service", "versions", "web", "-o", "json").out());
    assertTrue(versions.path("versions").size() >= 1, versions::toString);

    ShellRun reapplied = ok("service", "apply", "-f", file.toString(), "--timeout", "90s");
    assertTrue(reapplied.out().startsWith("/web: updated"), reapplied::toString);
    assertTrue(reapplied.out().contains("/web: 2/2 running"), reapplied::toString);

    ShellRun removed = ok("service", "remove", "web", "--yes", "--timeout", "60s");
    assertTrue(removed.out().contains("/web: removed"), removed::toString);
    assertEquals(0, JSON.readTree(ok("services", "-o", "json").out()).size());
    TestCluster.await(() -> cluster.view().liveTasks().isEmpty(), "the service's tasks ended");

    ShellRun gone = corral("service", "show", "web");
    assertEquals(ExitCodes.NOT_FOUND, gone.exitCode(), gone::toString);
    assertTrue(gone.err().contains("error: no service '/web'"), gone::toString);
  }

  @Test
  void anInvalidDefinitionIsRefusedWithItsFields() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "id: /bad\ninstances: -1\ncpus: -2\ncmd: sleep 300\n");
    ShellRun r = corral("service", "apply", "-f", file.toString());
    assertEquals(ExitCodes.FAILED, r.exitCode(), r::toString);
    assertTrue(r.err().contains("error: the master refused the definition of '/bad'"), r::toString);
    assertTrue(r.err().contains("  /cpus: "), r::toString);
    ShellRun missing = corral("service", "scale", "nothing-here", "1");
    assertEquals(ExitCodes.NOT_FOUND, missing.exitCode(), missing::toString);
    assertTrue(missing.err().contains("error: no service '/nothing-here'"), missing::toString);
  }

  /** {@code explain SERVICE}: what keeps its instances waiting, from the explainer and from the scheduler's last offers. */
  @Test
  void explainSaysWhyAServicesInstancesWait() throws Exception {
    Path file = Files.writeString(dir.resolve("wide.yaml"), "id: /wide\ninstances: 3\ncpus: 0.1\nmem: 16\n"
        + "cmd: sleep 300\nconstraints:\n  - [hostname, UNIQUE]\n");
    ok("service", "apply", "-f", file.toString(), "--no-wait");
    ShellRun explained = null;
    for (int i = 0; i < 200; i++) {
      explained = corral("explain", "wide");
      if (explained.out().contains("the scheduler's last offers")) {
        break;
      }
      Thread.sleep(50); // polling interval of a condition with a deadline
    }
    assertEquals(ExitCodes.FAILED, explained.exitCode(), explained::toString);
    assertTrue(explained.out().contains("/wide (cpus 0.1, mem 16 MB, constraints [[\"hostname\",\"UNIQUE\"]]): 1 instance waits"),
        explained::toString);
    assertTrue(explained.out().contains("[\"hostname\",\"UNIQUE\"]: "), explained::toString);
    ok("service", "scale", "wide", "2", "--force");
    ShellRun settled = corral("explain", "/wide");
    for (int i = 0; i < 200 && settled.exitCode() != ExitCodes.OK; i++) {
      Thread.sleep(50); // polling interval of a condition with a deadline
      settled = corral("explain", "/wide");
    }
    assertEquals(ExitCodes.OK, settled.exitCode(), settled::toString);
    assertTrue(settled.out().contains("nothing waits"), settled::toString);
    ok("service", "remove", "wide", "--yes");
  }
}
