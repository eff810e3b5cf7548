package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.master.sim.SimulatedAgent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corral's operator calls at /api/corral/v1: the token, per-host credentials and node records, over real HTTP. */
class NodeCallsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static HttpResponse<String> post(MasterFixture m, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(m.uri().resolve(NodeCalls.PATH)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return m.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode call(MasterFixture m, String body) throws Exception {
    HttpResponse<String> r = post(m, m.master.operatorToken(), body);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void callsNeedTheOperatorTokenWhichIsAnOwnerOnlyFile() throws Exception {
    try (MasterFixture m = new MasterFixture(dir.resolve("state"))) {
      Path file = dir.resolve("state").resolve(MasterServer.OPERATOR_TOKEN_FILE);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals(m.master.operatorToken(), Files.readString(file).trim());
      assertEquals(401, post(m, null, "{\"type\":\"GET_NODES\"}").statusCode());
      assertEquals(401, post(m, "wrong", "{\"type\":\"GET_NODES\"}").statusCode());
      assertEquals(401, post(m, m.master.bootstrapCredential(), "{\"type\":\"ISSUE_CREDENTIAL\",\"issued_for\":\"x\"}")
          .statusCode());
      assertEquals(400, post(m, m.master.operatorToken(), "{\"type\":\"NOPE\"}").statusCode());
      assertEquals(400, post(m, m.master.operatorToken(), "not json").statusCode());
      assertEquals(400, post(m, m.master.operatorToken(), "{\"type\":\"ISSUE_CREDENTIAL\"}").statusCode());
    }
  }

  @Test
  void anIssuedCredentialRegistersAnAgentThatNodeRecordsFindAndRevocationShutsOut() throws Exception {
    Path state = dir.resolve("state");
    String credential;
    String credentialId;
    String agentId;
    try (MasterFixture m = new MasterFixture(state)) {
      JsonNode issued = call(m, "{\"type\":\"ISSUE_CREDENTIAL\",\"issued_for\":\"host-a\"}");
      credential = issued.get("credential").asText();
      credentialId = issued.get("id").asText();
      assertTrue(credential.startsWith(credentialId + "."));
      SimulatedAgent agent = SimulatedAgent.start(m.uri(), credential, "host-a", "cpus:1;mem:128", Map.of(),
          SimulatedAgent.Mode.FINISH_AT_ONCE);
      m.closeables.add(agent);
      agentId = agent.agentId();
      JsonNode found = call(m, "{\"type\":\"GET_AGENTS_BY_CREDENTIAL\",\"credential_id\":\"" + credentialId + "\"}");
      assertEquals(1, found.get("agents").size());
      assertEquals(agentId, found.get("agents").get(0).get("agent_id").asText());
      assertEquals("host-a", found.get("agents").get(0).get("hostname").asText());
      call(m, "{\"type\":\"PUT_NODE\",\"node\":{\"name\":\"host-a\",\"os\":\"linux\",\"credential_id\":\""
          + credentialId + "\"}}");
      call(m, "{\"type\":\"PUT_NODE\",\"node\":{\"name\":\"host-b\",\"os\":\"linux\",\"credential_id\":\"none\"}}");
      call(m, "{\"type\":\"REMOVE_NODE\",\"name\":\"host-b\"}");
    }
    try (MasterFixture m = new MasterFixture(state)) {
      JsonNode nodes = call(m, "{\"type\":\"GET_NODES\"}").get("nodes");
      assertEquals(1, nodes.size(), nodes.toString());
      JsonNode a = nodes.get(0);
      assertEquals("host-a", a.get("name").asText());
      assertTrue(a.get("credential_valid").asBoolean());
      assertEquals(agentId, a.get("agent").get("agent_id").asText());
      assertFalse(a.get("agent").get("connected").asBoolean());
      assertTrue(call(m, "{\"type\":\"REVOKE_CREDENTIAL\",\"id\":\"" + credentialId + "\"}").get("revoked").asBoolean());
      assertFalse(call(m, "{\"type\":\"GET_NODES\"}").get("nodes").get(0).get("credential_valid").asBoolean());
      HttpResponse<String> refused = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/corral/agent/v1"))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + credential)
          .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"PONG\",\"agent_id\":\"" + agentId + "\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode());
    }
  }
}
