package io.corral.remote.services.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.KillSelection;
import io.corral.core.service.ServiceId;
import io.corral.core.service.ServiceSpec;
import io.corral.core.service.UpgradeStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppRoundTripTest {
  static final String FULL = """
      {"id": "/prod/web", "args": ["nginx", "-g", "daemon off;"], "user": "www", "env": {"A": "1", "B": "2"},
       "instances": 3, "cpus": 0.5, "mem": 256.5, "disk": 10, "gpus": 0, "executor": "",
       "constraints": [["hostname", "UNIQUE"], ["os", "IS", "linux"], ["rack", "MAX_PER", "2"]],
       "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25", "network": "BRIDGE", "forcePullImage": true,
         "parameters": [{"key": "log-driver", "value": "none"}]},
         "portMappings": [{"containerPort": 80, "hostPort": 0, "servicePort": 10000, "protocol": "tcp", "name": "http",
           "labels": {"VIP_0": "web:80"}}, {"containerPort": 9000, "protocol": "udp,tcp"}]},
       "healthChecks": [{"protocol": "MESOS_HTTP", "path": "/health", "portIndex": 0, "maxConsecutiveFailures": 0}],
       "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2},
       "backoffSeconds": 2, "backoffFactor": 2, "maxLaunchDelaySeconds": 60, "taskKillGracePeriodSeconds": 5,
       "killSelection": "OLDEST_FIRST", "unreachableStrategy": "disabled", "labels": {"team": "web"},
       "uris": ["https://example.com/conf.tgz"], "acceptedResourceRoles": ["*"], "dependencies": ["db"],
       "version": "2024-01-01T00:00:00.000Z", "versionInfo": {"lastScalingAt": "x"}, "tasksRunning": 3,
       "deployments": [], "tasks": []}""";

  @Test
  void everyFieldIsRead() {
    AppDefinition app = AppReader.read(FULL);
    assertEquals(List.of("nginx", "-g", "daemon off;"), app.args());
    assertEquals(Map.of("A", "1", "B", "2"), app.env());
    assertEquals(List.of(Network.BRIDGE), app.networks());
    assertEquals(List.of(), app.portDefinitions());
    assertEquals(List.of(new PortMapping(80, 0, 10000, "tcp", "http", Map.of("VIP_0", "web:80")),
        new PortMapping(9000, 0, 0, "udp,tcp", null, null)), app.container().portMappings());
    assertEquals(List.of(new AppContainer.Parameter("log-driver", "none")), app.container().parameters());
    assertEquals(0, app.healthChecks().get(0).maxConsecutiveFailures());
    assertEquals(new UpgradeStrategy(0.5, 0.2), app.upgradeStrategy());
    assertEquals(60, app.backoff().max().toSeconds());
    assertEquals(KillSelection.OLDEST_FIRST, app.killSelection());
    assertEquals(UnreachableStrategy.DISABLED, app.unreachableStrategy());
    assertEquals(List.of(new Artifact("https://example.com/conf.tgz", false, true, false, null)), app.fetch());
    assertEquals(List.of(ServiceId.of("/prod/db")), app.dependencies());
    assertEquals(List.of("*"), app.acceptedResourceRoles());
  }

  @Test
  void writingAndReadingBackGivesTheSameApp() {
    for (String text : List.of(FULL, "{\"id\": \"web\", \"cmd\": \"sleep 1\"}",
        "{\"id\": \"t\", \"cmd\": \"x\", \"requirePorts\": true, \"portDefinitions\": [{\"port\": 8080, \"name\": \"a\"}],"
            + " \"healthChecks\": [{\"protocol\": \"COMMAND\", \"command\": {\"value\": \"true\"}}],"
            + " \"unreachableStrategy\": {\"inactiveAfterSeconds\": 60, \"expungeAfterSeconds\": 120}}")) {
      AppDefinition app = AppReader.read(text);
      ObjectNode written = AppWriter.write(app, Instant.parse("2024-05-01T10:00:00Z"),
          Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-04-01T09:00:00.5Z"));
      assertEquals(app, AppReader.read(written));
      assertEquals(app, AppReader.read(written.toString()));
    }
  }

  @Test
  void theWriterGivesEveryDefaultAndTheVersions() {
    ObjectNode out = AppWriter.write(AppReader.read("{\"id\": \"web\", \"cmd\": \"sleep 1\"}"),
        Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:00Z"),
        Instant.parse("2024-04-01T09:00:00.5Z"));
    assertEquals("2024-05-01T10:00:00.000Z", out.get("version").asText());
    assertEquals("2024-04-01T09:00:00.500Z", out.at("/versionInfo/lastConfigChangeAt").asText());
    assertEquals(1, out.get("cpus").asInt());
    assertEquals(128, out.get("mem").asInt());
    assertEquals(300, out.get("maxLaunchDelaySeconds").asInt());
    assertEquals(1.15, out.get("backoffFactor").asDouble());
    assertEquals("YOUNGEST_FIRST", out.get("killSelection").asText());
    assertEquals("{\"inactiveAfterSeconds\":0,\"expungeAfterSeconds\":0}", out.get("unreachableStrategy").toString());
    assertEquals("[{\"mode\":\"host\"}]", out.get("networks").toString());
    assertEquals("[{\"port\":0,\"protocol\":\"tcp\",\"labels\":{}}]", out.get("portDefinitions").toString());
  }

  @Test
  void aPartialUpdateReplacesTheFieldsItNames() throws Exception {
    AppDefinition current = AppReader.read(FULL);
    JsonNode partial = new ObjectMapper().readTree("{\"instances\": 5, \"cmd\": \"nginx\", \"labels\": {\"x\": \"y\"},"
        + " \"upgradeStrategy\": null}");
    AppDefinition merged = AppReader.merge(current, partial);
    assertEquals(5, merged.instances());
    assertEquals("nginx", merged.cmd());
    assertEquals(List.of(), merged.args());
    assertEquals(Map.of("x", "y"), merged.labels());
    assertEquals(UpgradeStrategy.DEFAULT, merged.upgradeStrategy());
    assertEquals(current.container(), merged.container());
    assertEquals(current.healthChecks(), merged.healthChecks());

    InvalidAppException e = assertThrows(InvalidAppException.class,
        () -> AppReader.merge(current, new ObjectMapper().readTree("{\"cpus\": 0}")));
    assertEquals("cpus: must be more than 0, not 0", e.problems().get(0).toString());
    assertThrows(InvalidAppException.class,
        () -> AppReader.merge(current, new ObjectMapper().readTree("{\"id\": \"/other\"}")));
  }

  @Test
  void aChangeOfNetworkingDropsTheOldPortDefinitions() throws Exception {
    AppDefinition current = AppReader.read("{\"id\": \"web\", \"cmd\": \"x\"}");
    AppDefinition merged = AppReader.merge(current, new ObjectMapper().readTree(
        "{\"container\": {\"type\": \"DOCKER\", \"docker\": {\"image\": \"nginx\"},"
            + " \"portMappings\": [{\"containerPort\": 80}]}, \"networks\": [{\"mode\": \"container/bridge\"}]}"));
    assertTrue(merged.bridgeNetworking());
    assertEquals(List.of(), merged.portDefinitions());
    assertEquals(1, merged.portCount());
  }

  @Test
  void scalingKeepsEverythingElseAndTheSpecFollows() {
    AppDefinition app = AppReader.read(FULL);
    AppDefinition scaled = app.withInstances(7);
    assertEquals(7, scaled.instances());
    assertEquals(app, scaled.withInstances(3));
    ServiceSpec spec = app.spec("v1");
    assertEquals(new ServiceSpec(ServiceId.of("/prod/web"), "v1", 3, true, new UpgradeStrategy(0.5, 0.2),
        KillSelection.OLDEST_FIRST), spec);
    assertFalse(AppReader.read("{\"id\": \"a\", \"cmd\": \"x\"}").spec("v").healthChecked());
  }

  @Test
  void legacyFormsAreReadIntoTheCurrentOnes() {
    AppDefinition app = AppReader.read("""
        {"id": "a", "cmd": "x", "ports": [0, 0], "uris": ["http://h/run.sh"],
         "container": {"type": "MESOS"}}""");
    assertEquals(2, app.portDefinitions().size());
    assertFalse(app.fetch().get(0).extract());
    assertEquals(AppContainer.Type.MESOS, app.container().type());
    assertNull(app.image());
    AppDefinition none = AppReader.read("""
        {"id": "b", "container": {"docker": {"image": "busybox", "network": "NONE"}}}""");
    assertEquals(List.of(new Network(Network.Mode.CONTAINER, null, null)), none.networks());
    assertEquals(AppContainer.Type.DOCKER, none.container().type());
  }
}
