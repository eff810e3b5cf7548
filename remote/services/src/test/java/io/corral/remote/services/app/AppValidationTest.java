package io.corral.remote.services.app;

import static io.corral.remote.services.app.AppReaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppValidationTest {

  @Test
  void malformedJsonNamesLineAndColumn() {
    InvalidAppException e = assertThrows(InvalidAppException.class,
        () -> AppReader.read("{\"id\": \"web\",\n  \"cmd\": }"));
    assertTrue(e.malformed());
    String reason = e.problems().get(0).reason();
    assertTrue(reason.startsWith("malformed JSON at line 2, column 10: "), reason);
    assertEquals("Invalid JSON", e.marathonBody().get("message").asText());
  }

  @Test
  void malformedYamlNamesLineAndColumn() {
    InvalidAppException e = assertThrows(InvalidAppException.class,
        () -> AppReader.read("id: web\ncmd: [unclosed\n", AppReader.Format.YAML));
    assertTrue(e.problems().get(0).reason().startsWith("malformed YAML at line "), e.getMessage());
  }

  @Test
  void nanAndInfinityAreRefused() {
    assertTrue(assertThrows(InvalidAppException.class, () -> AppReader.read("{\"id\":\"a\",\"cmd\":\"x\",\"cpus\":NaN}"))
        .malformed());
    InvalidAppException yaml = assertThrows(InvalidAppException.class,
        () -> AppReader.read("id: a\ncmd: x\ncpus: .nan\n"));
    assertEquals("malformed YAML at line 3, column 11: Malformed numeric value '.nan'",
        yaml.problems().get(0).reason());
  }

  @Test
  void duplicateFieldsAreMalformed() {
    assertTrue(assertThrows(InvalidAppException.class,
        () -> AppReader.read("{\"id\":\"a\",\"cmd\":\"x\",\"cmd\":\"y\"}")).malformed());
  }

  @Test
  void marathonsErrorBodyGroupsErrorsByPath() {
    InvalidAppException e = assertThrows(InvalidAppException.class, () -> AppReader.read(
        "{\"id\":\"a\",\"cmd\":\"x\",\"healthChecks\":[{\"portIndex\":2}]}"));
    ObjectNode body = e.marathonBody();
    assertEquals("{\"message\":\"Object is not valid\",\"details\":[{\"path\":\"/healthChecks(0)/portIndex\","
        + "\"errors\":[\"2 but the app has 1 port\"]}]}", body.toString());
    assertEquals("/", new AppProblem("", "x").marathonPath());
  }

  @Test
  void eachFieldNamesItsProblem() {
    assertEquals(List.of(
        "id: 'Web' in app id '/Web' is not a valid path segment: use lower-case letters, digits, '-' and '.',"
            + " starting and ending with a letter or digit",
        "mem: must be 0 or more, not -5",
        "gpus: must be a whole number of 0 or more, not 0.5",
        "upgradeStrategy.minimumHealthCapacity: must be between 0 and 1, not 1.5",
        "backoffFactor: must be 1 or more, not 0.5",
        "killSelection: must be YOUNGEST_FIRST or OLDEST_FIRST, not 'RANDOM'",
        "unreachableStrategy.inactiveAfterSeconds: must be at most expungeAfterSeconds (10), not 20",
        "labels.tier: must be a string, not 1"),
        problems("""
            {"id": "Web", "cmd": "x", "mem": -5, "gpus": 0.5, "upgradeStrategy": {"minimumHealthCapacity": 1.5},
             "backoffFactor": 0.5, "killSelection": "RANDOM",
             "unreachableStrategy": {"inactiveAfterSeconds": 20, "expungeAfterSeconds": 10},
             "labels": {"tier": 1}}"""));
  }

  @Test
  void constraintsAreCheckedOneByOne() {
    assertEquals(List.of(
        "constraints[0]: must be [field, operator] or [field, operator, value], not [\"hostname\"]",
        "constraints[1]: MAX_PER needs a whole number of 1 or more, not 'x'",
        "constraints[2]: '(' is not a regular expression: Unclosed group"),
        problems("""
            {"id": "a", "cmd": "x", "constraints": [["hostname"], ["rack", "MAX_PER", "x"], ["os", "LIKE", "("]]}"""));
  }

  @Test
  void unknownFieldsAreRefusedAtEveryLevel() {
    assertEquals(List.of("container.docker.bar: unknown field", "healthChecks[0].foo: unknown field", "baz: unknown field"),
        problems("""
            {"id": "a", "baz": 1, "container": {"type": "DOCKER", "docker": {"image": "nginx", "bar": true}},
             "networks": [{"mode": "container/bridge"}],
             "healthChecks": [{"protocol": "COMMAND", "command": {"value": "true"}, "foo": 2}]}"""));
  }

  @Test
  void whatCorralCannotProvideIsRefusedWithTheReason() {
    assertEquals(List.of(
        "env.TOKEN: secret references are not supported: give the value as a string",
        "executor: custom executors are not supported: leave it empty (the command executor)",
        "container.volumes: volumes are not supported: Corral's agents give a task its sandbox only",
        "container.docker.privileged: privileged containers are refused: they hold the agent's root",
        "secrets: secrets are not supported"),
        problems("""
            {"id": "a", "env": {"TOKEN": {"secret": "s1"}}, "executor": "/custom",
             "container": {"type": "DOCKER", "volumes": [{"hostPath": "/etc", "containerPath": "/x", "mode": "RO"}],
                           "docker": {"image": "nginx", "privileged": true}},
             "secrets": {"s1": {"source": "x"}}}"""));
  }

  @Test
  void portsBelongToTheirNetwork() {
    assertEquals(List.of("networks: container/bridge needs a DOCKER container: other tasks run on the host's network"),
        problems("{\"id\":\"a\",\"cmd\":\"x\",\"networks\":[{\"mode\":\"container/bridge\"}]}"));
    assertEquals(List.of("portDefinitions: only on the host's network; on container/bridge give the container's"
            + " portMappings"),
        problems("""
            {"id": "a", "container": {"type": "DOCKER", "docker": {"image": "nginx", "network": "BRIDGE"}},
             "portDefinitions": [{"port": 0}]}"""));
    assertEquals(List.of("portDefinitions[1].name: 'http' is the name of another port"),
        problems("{\"id\":\"a\",\"cmd\":\"x\",\"portDefinitions\":[{\"name\":\"http\"},{\"name\":\"http\"}]}"));
  }

  @Test
  void healthChecksNeedWhatTheirProtocolNeeds() {
    assertEquals(List.of(
        "healthChecks[0].protocol: unknown protocol 'UDP' (one of MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND,"
            + " HTTP, HTTPS, TCP)",
        "healthChecks[1].command: a COMMAND health check needs command: {\"value\": \"...\"}",
        "healthChecks[2]: needs a port: the app has 0 ports",
        "healthChecks[3].path: only an HTTP or HTTPS health check has a path"),
        problems("""
            {"id": "a", "cmd": "x", "portDefinitions": [], "healthChecks": [
              {"protocol": "UDP"}, {"protocol": "COMMAND"}, {"protocol": "MESOS_TCP"},
              {"protocol": "TCP", "port": 80, "path": "/x"}]}"""));
  }
}
