package io.corral.shell.cmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.core.service.ServiceId;
import io.corral.shell.client.ServiceApp;
import io.corral.shell.output.Ansi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How services, their deployments and instances are shown, from the API's JSON. */
class ServiceOutputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ServiceId WEB = ServiceId.of("/web");

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final JsonNode WEB_APP = json("{'id': '/web', 'instances': 3, 'tasksRunning': 2, 'tasksHealthy': 1,"
      + " 'tasksUnhealthy': 1, 'tasksStaged': 1, 'cpus': 0.5, 'mem': 128, 'cmd': 'python3 -m http.server $PORT0',"
      + " 'constraints': [['hostname', 'UNIQUE']], 'healthChecks': [{'protocol': 'HTTP'}],"
      + " 'version': '2026-01-02T10:00:00.000Z', 'versionInfo': {'lastConfigChangeAt': '2026-01-01T09:00:00.000Z'},"
      + " 'deployments': [{'id': '97c136bf-5a28-4b47-9d7e-1f0c8e5f0001'}],"
      + " 'tasks': [{'id': 'web.3f2a9c1e-1', 'host': 'node-a', 'ports': [31000], 'state': 'TASK_RUNNING',"
      + "   'startedAt': '2026-01-02T10:00:05.000Z', 'version': '2026-01-02T10:00:00.000Z',"
      + "   'healthCheckResults': [{'alive': true}]},"
      + "  {'id': 'web.77aa00bb-2', 'host': 'node-b', 'ports': [31001], 'state': 'TASK_RUNNING',"
      + "   'healthCheckResults': [{'alive': false}]}],"
      + " 'lastTaskFailure': {'taskId': 'web.0000', 'state': 'TASK_FAILED', 'message': 'exit 1', 'host': 'node-b',"
      + "   'timestamp': '2026-01-02T09:59:00.000Z'}}");
  static final List<JsonNode> DEPLOYMENTS = List.of(json("{'id': '97c136bf-5a28-4b47-9d7e-1f0c8e5f0001',"
      + " 'affectedApps': ['/web'], 'currentActions': [{'action': 'ScaleApplication', 'app': '/web'}]}"));

  static String print(io.corral.shell.output.Table table, boolean wide) {
    StringWriter text = new StringWriter();
    table.print(new PrintWriter(text), wide, 0, new Ansi(false));
    return text.toString();
  }

  @Test
  void tableShowsInstancesHealthVersionAndTheDeploymentsAction() {
    JsonNode idle = json("{'id': '/db', 'instances': 1, 'tasksRunning': 1, 'version': 'v1', 'cpus': 1, 'mem': 512,"
        + " 'container': {'docker': {'image': 'postgres:16'}}}");
    String table = print(ServicesCommand.table(List.of(WEB_APP, idle), DEPLOYMENTS), false);
    List<String> lines = table.lines().toList();
    assertEquals("ID    INSTANCES  HEALTHY  VERSION                   DEPLOYMENT", lines.get(0));
    assertEquals("/web  2/3        1        2026-01-02T10:00:00.000Z  97c136bf scale", lines.get(1));
    assertEquals("/db   1/1        -        v1                        -", lines.get(2));
    String wide = print(ServicesCommand.table(List.of(WEB_APP, idle), DEPLOYMENTS), true);
    assertTrue(wide.lines().toList().get(1).endsWith("0.5   128  python3 -m http.server $PORT0  hostname:UNIQUE"), wide);
    assertTrue(wide.lines().toList().get(2).contains("postgres:16"), wide);
  }

  @Test
  void showListsInstancesDeploymentsFailureAndWhyInstancesWait() {
    JsonNode queued = json("{'count': 1, 'app': {'id': '/web'}, 'delay': {'timeLeftSeconds': 0},"
        + " 'lastRejections': ['mem: 2 agents have < 128 MB free', 'hostname UNIQUE: 1 agent already runs /web']}");
    String text = ServiceShowCommand.render(ServiceApp.from(WEB_APP), DEPLOYMENTS, queued, new Ansi(false), 0);
    assertTrue(text.contains("instances:   2/3 running, 1 healthy, 1 unhealthy, 1 staged\n"), text);
    assertTrue(text.contains("version:     2026-01-02T10:00:00.000Z (definition of 2026-01-01T09:00:00.000Z)\n"), text);
    assertTrue(text.contains("  97c136bf-5a28-4b47-9d7e-1f0c8e5f0001  scale\n"), text);
    assertTrue(text.contains("last failure: 2026-01-02T09:59:00.000Z  web.0000 TASK_FAILED on node-b: exit 1\n"), text);
    assertTrue(text.contains("waiting:     1 instance(s) not placed yet\n  mem: 2 agents have < 128 MB free\n"
        + "  hostname UNIQUE: 1 agent already runs /web\n"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("web\\.3f2a9c1e-1\\s+node-a\\s+31000\\s+RUNNING\\s+healthy\\s+2026.*")), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("web\\.77aa00bb-2\\s+node-b\\s+31001\\s+RUNNING\\s+unhealthy\\s+-\\s+-")), text);
  }

  @Test
  void aDeploymentIsDoneOnceItIsNoLongerListed() {
    DeploymentProgress.State going = DeploymentProgress.assess(WEB, "97c136bf-5a28-4b47-9d7e-1f0c8e5f0001", WEB_APP, DEPLOYMENTS);
    assertEquals("/web: 2/3 running, 1 healthy, 1 staged  (scale, deployment 97c136bf)",
        assertInstanceOf(DeploymentProgress.Going.class, going).line());
    DeploymentProgress.State done = DeploymentProgress.assess(WEB, "97c136bf-5a28-4b47-9d7e-1f0c8e5f0001", WEB_APP, List.of());
    assertEquals("/web: 2/3 running, 1 healthy, 1 staged", assertInstanceOf(DeploymentProgress.Done.class, done).line());
    DeploymentProgress.State removed = DeploymentProgress.assess(WEB, "97c136bf", null, List.of());
    assertEquals("/web: removed", assertInstanceOf(DeploymentProgress.Done.class, removed).line());
  }

  @Test
  void aStalledDeploymentSaysWhy() {
    JsonNode stalled = WEB_APP.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) stalled.path("deployments").get(0))
        .put("stalled", "no offer fits 1 instance for 5 minutes: mem: 2 agents have < 128 MB free");
    DeploymentProgress.State state = DeploymentProgress.assess(WEB, "97c136bf-5a28-4b47-9d7e-1f0c8e5f0001", stalled, DEPLOYMENTS);
    assertEquals("no offer fits 1 instance for 5 minutes: mem: 2 agents have < 128 MB free",
        assertInstanceOf(DeploymentProgress.Stalled.class, state).why());
  }

  @Test
  void actionsInWords() {
    assertEquals("scale", DeploymentProgress.words("ScaleApplication"));
    assertEquals("restart", DeploymentProgress.words("RestartApplication"));
    assertEquals("kill all old tasks of", DeploymentProgress.words("KillAllOldTasksOf"));
  }

  @Test
  void timeouts() {
    assertEquals(Duration.ofSeconds(90), DeploymentWait.parse("90"));
    assertEquals(Duration.ofSeconds(90), DeploymentWait.parse("90s"));
    assertEquals(Duration.ofMinutes(5), DeploymentWait.parse("5m"));
    assertEquals(Duration.ofHours(1), DeploymentWait.parse("1h"));
    assertThrows(IllegalArgumentException.class, () -> DeploymentWait.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> DeploymentWait.parse("5 minutes"));
    assertEquals("5m", DeploymentWait.describe(Duration.ofMinutes(5)));
    assertEquals("90s", DeploymentWait.describe(Duration.ofSeconds(90)));
  }

  @Test
  void versionsNewestFirstWithTheCurrentMarked() {
    ServiceApp app = ServiceApp.from(WEB_APP);
    String text = print(ServiceVersionsCommand.table(List.of("2026-01-01T09:00:00.000Z", "2026-01-02T10:00:00.000Z",
        "2025-12-31T00:00:00.000Z"), app), false);
    assertEquals(List.of("VERSION                   NOTE", "2026-01-02T10:00:00.000Z  current",
        "2026-01-01T09:00:00.000Z  current definition", "2025-12-31T00:00:00.000Z  -"), text.lines().toList());
  }
}
