package io.corral.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.service.ServiceId;
import io.corral.shell.ExitCodes;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The service API's refusals and definition files, in the operator's words. */
class ServiceRefusalsTest {
  static final URI MASTER = URI.create("http://127.0.0.1:5050");
  static final ServiceId WEB = ServiceId.of("web");

  @Test
  void unknownServiceIsExit3NamingIt() {
    CommandException e = ServiceRefusals.refusal(404, "{\"message\": \"App '/web' does not exist\"}", WEB, MASTER, null,
        "GET /v2/apps/web");
    assertEquals(ExitCodes.NOT_FOUND, e.getExitCode());
    assertEquals("no service '/web'", e.getMessage());
  }

  @Test
  void aMasterWithoutTheApiSaysSo() {
    CommandException e = ServiceRefusals.refusal(404, "", null, MASTER, null, "GET /v2/apps");
    assertEquals(ExitCodes.FAILED, e.getExitCode());
    assertTrue(e.getMessage().contains("has no service API"), e.getMessage());
    CommandException endpoint = ServiceRefusals.refusal(404, "{\"message\": \"no such endpoint: /v2/apps/web/rollback\"}",
        WEB, MASTER, null, "POST /v2/apps/web/rollback");
    assertTrue(endpoint.getMessage().contains("has no service API"), endpoint.getMessage());
    CommandException version = ServiceRefusals.refusal(404, "{\"message\": \"Version 'x' of app '/web' does not exist\"}",
        WEB, MASTER, null, "GET /v2/apps/web/versions/x");
    assertEquals(ExitCodes.NOT_FOUND, version.getExitCode());
    assertEquals("/web: Version 'x' of app '/web' does not exist", version.getMessage());
  }

  @Test
  void aLockedServiceNamesTheDeploymentAndForce() {
    CommandException e = ServiceRefusals.refusal(409, "{\"message\": \"App is locked by one or more deployments. Override"
        + " with the option '?force=true'.\", \"deployments\": [{\"id\": \"97c136bf-5a28\"}]}", WEB, MASTER, null, "PUT");
    assertEquals(ExitCodes.FAILED, e.getExitCode());
    assertTrue(e.getMessage().startsWith("service '/web' is being changed by deployment 97c136bf-5a28"), e.getMessage());
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
  }

  @Test
  void anInvalidDefinitionListsEveryPathAndReason() {
    CommandException e = ServiceRefusals.refusal(422, "{\"message\": \"Object is not valid\", \"details\": ["
        + "{\"path\": \"/cpus\", \"errors\": [\"error.min\"]}, {\"path\": \"/mem\", \"errors\": [\"must be positive\","
        + " \"too small\"]}]}", WEB, MASTER, null, "POST /v2/apps");
    assertEquals("the master refused the definition of '/web': Object is not valid\n  /cpus: error.min\n"
        + "  /mem: must be positive; too small", e.getMessage());
  }

  @Test
  void refusedCredentialsSayWhatToGive() {
    CommandException e = ServiceRefusals.refusal(401, "", WEB, MASTER, null, "GET /v2/apps");
    assertTrue(e.getMessage().contains("needs credentials"), e.getMessage());
  }

  @Test
  void otherRefusalsCarryTheMastersMessage() {
    CommandException e = ServiceRefusals.refusal(500, "boom", WEB, MASTER, null, "POST /v2/apps/web/restart");
    assertEquals("the master refused POST /v2/apps/web/restart (500): boom", e.getMessage());
  }

  @Test
  void definitionsInJsonOrYaml() {
    ServiceDefinition json = ServiceDefinition.parse("web.json", "{\"id\": \"web\", \"instances\": 2, \"cmd\": \"sleep 300\"}");
    assertEquals("/web", json.id().path());
    assertEquals(2, json.json().path("instances").asInt());
    ServiceDefinition yaml = ServiceDefinition.parse("web.yaml", "id: /prod/web\ninstances: 3\ncmd: sleep 300\n");
    assertEquals("/prod/web", yaml.id().path());
    assertEquals(3, yaml.json().path("instances").asInt());
  }

  @Test
  void badDefinitionsAreUsageErrorsNamingThePlace() {
    CommandException noId = assertThrows(CommandException.class, () -> ServiceDefinition.parse("a.yaml", "cmd: x\n"));
    assertEquals(ExitCodes.USAGE, noId.getExitCode());
    assertEquals("a.yaml: the definition has no id (e.g. id: /web)", noId.getMessage());
    CommandException broken = assertThrows(CommandException.class, () -> ServiceDefinition.parse("a.json", "{\"id\": }"));
    assertTrue(broken.getMessage().startsWith("a.json:1:"), broken.getMessage());
    CommandException badId = assertThrows(CommandException.class, () -> ServiceDefinition.parse("a.yaml", "id: Web_1\n"));
    assertTrue(badId.getMessage().startsWith("a.yaml: id: 'Web_1'"), badId.getMessage());
    CommandException list = assertThrows(CommandException.class, () -> ServiceDefinition.parse("a.yaml", "- id: /a\n"));
    assertTrue(list.getMessage().contains("expected one service definition"), list.getMessage());
  }

  @Test
  void shortIds() {
    assertEquals("3f2a9c1e", ServiceApp.shortTaskId("web.3f2a9c1e-11aa-4bb2-8c7d-000000000001"));
    assertEquals("abc", ServiceApp.shortTaskId("abc"));
    assertEquals("97c136bf", ServiceApp.shortDeploymentId("97c136bf-5a28-4b47-9d7e-1f0c8e5f0001"));
  }
}
