package io.corral.remote.services.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.service.KillSelection;
import io.corral.core.service.LaunchBackoff;
import io.corral.core.service.PlacementRule;
import io.corral.core.service.ServiceId;
import io.corral.core.service.UpgradeStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppReaderTest {

  static List<String> problems(String text) {
    InvalidAppException e = assertThrows(InvalidAppException.class, () -> AppReader.read(text));
    return e.problems().stream().map(AppProblem::toString).toList();
  }

  @Test
  void aMinimalAppGetsMarathonsDefaults() {
    AppDefinition app = AppReader.read("{\"id\": \"web\", \"cmd\": \"python3 -m http.server $PORT0\"}");
    assertEquals(ServiceId.of("/web"), app.id());
    assertEquals("python3 -m http.server $PORT0", app.cmd());
    assertEquals(List.of(), app.args());
    assertNull(app.user());
    assertEquals(1, app.instances());
    assertEquals(1.0, app.cpus());
    assertEquals(128.0, app.mem());
    assertEquals(0.0, app.disk());
    assertEquals(0, app.gpus());
    assertEquals("", app.executor());
    assertEquals(List.of(Network.HOST), app.networks());
    assertEquals(List.of(new PortDefinition(0, "tcp", null, null)), app.portDefinitions());
    assertFalse(app.requirePorts());
    assertEquals(UpgradeStrategy.DEFAULT, app.upgradeStrategy());
    assertEquals(new LaunchBackoff(Duration.ofSeconds(1), 1.15, Duration.ofSeconds(300)), app.backoff());
    assertNull(app.taskKillGracePeriodSeconds());
    assertEquals(KillSelection.YOUNGEST_FIRST, app.killSelection());
    assertEquals(UnreachableStrategy.DEFAULT, app.unreachableStrategy());
    assertEquals(Map.of(), app.labels());
    assertEquals(List.of(), app.healthChecks());
    assertEquals(List.of(), app.constraints());
    assertNull(app.container());
  }

  @Test
  void everyProblemIsReportedWithItsPath() {
    List<String> found = problems("""
        {"id": "web", "cmd": "x", "cpus": -1, "instances": "three", "foo": 1,
         "constraints": [["hostname", "UNIQUE"], ["rack", "EQUAL", "a"]],
         "healthChecks": [{"protocol": "MESOS_HTTP", "portIndex": 2}]}""");
    assertEquals(List.of(
        "instances: must be a whole number of 0 or more, not \"three\"",
        "cpus: must be more than 0, not -1",
        "constraints[1]: unknown operator 'EQUAL' (one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS)",
        "healthChecks[0].portIndex: 2 but the app has 1 port",
        "foo: unknown field"), found);
  }

  @Test
  void anAppNeedsSomethingToRun() {
    assertEquals(List.of("cmd: an app needs cmd, args or a container image"), problems("{\"id\": \"web\"}"));
  }

  @Test
  void yamlReadsTheSame() {
    AppDefinition yaml = AppReader.read("""
        id: /prod/db
        cmd: sleep 100
        instances: 3
        constraints:
          - [hostname, UNIQUE]
          - [rack, MAX_PER, "2"]
        """);
    assertEquals(ServiceId.of("/prod/db"), yaml.id());
    assertEquals(3, yaml.instances());
    assertEquals(List.of(new PlacementRule("hostname", PlacementRule.Operator.UNIQUE, null),
        new PlacementRule("rack", PlacementRule.Operator.MAX_PER, "2")), yaml.constraints());
    assertTrue(problems("id: web\ncmd: x\ninstances: three\n").contains(
        "instances: must be a whole number of 0 or more, not \"three\""));
  }
}
