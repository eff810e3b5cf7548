package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.master.OperatorApiTest.Operator;
import io.corral.remote.master.sim.SimulatedAgent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents are bound to their identity: a join credential admits new agents, each of which is
 * issued its own credential in REGISTERED; only that credential registers or calls as that agent.
 * A real master over loopback, agents speaking the real protocol.
 */
class AgentIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static ObjectNode registerCall(String hostname, String agentId) {
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
    AgentProtocol.put(call, "agent_info", Protos.AgentInfo.newBuilder().setHostname(hostname).build());
    call.put("arch", "x86_64");
    call.put("version", "test");
    if (agentId != null) {
      call.put("agent_id", agentId);
    }
    call.putArray("tasks");
    return call;
  }

  /** A REGISTER the master must refuse: its status and message. */
  private static AgentConnection.RefusedException refusedRegister(URI master, String credential, String agentId) {
    return assertThrows(AgentConnection.RefusedException.class, () -> AgentConnection.register(master, credential,
        registerCall("intruder", agentId), new Ignoring(), Duration.ofSeconds(10)).close());
  }

  /** A PONG for {@code agentId} with {@code credential}, outside of any registration's stream. */
  private static HttpResponse<String> pong(MasterFixture m, String credential, String agentId) throws Exception {
    return m.http.send(HttpRequest.newBuilder(m.uri().resolve(AgentProtocol.PATH))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + credential)
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"PONG\",\"agent_id\":\"" + agentId + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode nodeCall(MasterFixture m, String body) throws Exception {
    HttpResponse<String> r = m.http.send(HttpRequest.newBuilder(m.uri().resolve(NodeCalls.PATH))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + m.master.operatorToken())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static SimulatedAgent join(URI master, String credential, String hostname) throws Exception {
    return SimulatedAgent.start(master, credential, hostname, "cpus:2;mem:256", Map.of(),
        SimulatedAgent.Mode.RUN_UNTIL_KILLED);
  }

  private static Response.GetAgents agents(MasterFixture m) throws Exception {
    return new Operator(m, false).query(OperatorApiTest.call(Call.Type.GET_AGENTS)).getGetAgents();
  }

  private static boolean connected(MasterFixture m, String agentId) throws Exception {
    return agents(m).getAgentsList().stream()
        .anyMatch(a -> a.getAgentInfo().getId().getValue().equals(agentId) && a.getActive());
  }

  private static String idOf(String credential) {
    return credential.substring(0, credential.indexOf('.'));
  }

  @Test
  void agentsJoiningWithOneJoinCredentialAreEachIssuedTheirOwn() throws Exception {
    try (MasterFixture m = new MasterFixture((Path) null)) {
      String join = m.master.bootstrapCredential();
      SimulatedAgent a = join(m.uri(), join, "host-a");
      SimulatedAgent b = join(m.uri(), join, "host-b");
      m.closeables.add(a);
      m.closeables.add(b);
      assertNotEquals(a.agentId(), b.agentId());
      assertNotEquals(join, a.credential(), "agent a was issued its own credential");
      assertNotEquals(join, b.credential(), "agent b was issued its own credential");
      assertNotEquals(a.credential(), b.credential());
      assertNotEquals(idOf(a.credential()), idOf(b.credential()));

      String ownOfA = a.credential();
      a.register(); // again, with its own credential now
      assertEquals(ownOfA, a.credential(), "no new credential for an agent that has one");
      assertTrue(connected(m, a.agentId()));

      // Both still count as the join credential's agents for `corral node`.
      JsonNode found = nodeCall(m, "{\"type\":\"GET_AGENTS_BY_CREDENTIAL\",\"credential_id\":\"" + idOf(join) + "\"}");
      assertEquals(2, found.get("agents").size(), found.toString());
    }
  }

  @Test
  void anAgentCredentialNeitherRegistersNorCallsAsAnotherAgent() throws Exception {
    try (MasterFixture m = new MasterFixture((Path) null)) {
      SimulatedAgent victim = join(m.uri(), m.master.bootstrapCredential(), "victim");
      m.closeables.add(victim);
      TestFramework f = m.framework("owner", false);
      Protos.Offer offer = f.awaitOffer();
      assertEquals(victim.agentId(), offer.getAgentId().getValue());
      f.launch(offer, TestFramework.task("precious", offer, "cpus:1;mem:64", "sleep 1000"));
      f.acknowledge(f.awaitUpdate("precious", Protos.TaskState.TASK_RUNNING));

      SimulatedAgent intruder = join(m.uri(), m.master.bootstrapCredential(), "intruder");
      m.closeables.add(intruder);
      AgentConnection.RefusedException refused = refusedRegister(m.uri(), intruder.credential(), victim.agentId());
      assertEquals(403, refused.status);
      assertTrue(refused.getMessage().contains("this credential belongs to agent " + intruder.agentId()),
          refused.getMessage());
      HttpResponse<String> call = pong(m, intruder.credential(), victim.agentId());
      assertEquals(403, call.statusCode());
      assertTrue(call.body().contains("this credential belongs to agent " + intruder.agentId()), call.body());

      // The real agent keeps its task, its stream and its calls: a KILL reaches it, its update comes back.
      assertTrue(connected(m, victim.agentId()), "the real agent is still connected");
      assertEquals(Protos.TaskState.TASK_RUNNING, victim.tasks().get("precious").state());
      Response.GetTasks tasks = new Operator(m, false).query(OperatorApiTest.call(Call.Type.GET_TASKS)).getGetTasks();
      assertEquals(Protos.TaskState.TASK_RUNNING, tasks.getTasks(0).getState(), "no TASK_LOST for the real agent");
      f.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.KILL)
          .setKill(org.apache.mesos.v1.scheduler.Protos.Call.Kill.newBuilder()
              .setTaskId(Protos.TaskID.newBuilder().setValue("precious"))).build());
      Protos.TaskStatus killed = f.awaitUpdate("precious", Protos.TaskState.TASK_KILLED);
      assertEquals(victim.agentId(), killed.getAgentId().getValue());
    }
  }

  @Test
  void anExistingAgentCannotRegisterWithAJoinCredential() throws Exception {
    try (MasterFixture m = new MasterFixture((Path) null)) {
      SimulatedAgent agent = join(m.uri(), m.master.bootstrapCredential(), "host-a");
      m.closeables.add(agent);
      AgentConnection.RefusedException refused = refusedRegister(m.uri(), m.master.bootstrapCredential(),
          agent.agentId());
      assertEquals(403, refused.status);
      assertTrue(refused.getMessage().contains("agent " + agent.agentId() + " must register with its own credential"),
          refused.getMessage());
      String other = m.master.issueCredential("host-b").get(10, TimeUnit.SECONDS);
      assertEquals(403, refusedRegister(m.uri(), other, agent.agentId()).status, "nor with any other join credential");
      HttpResponse<String> call = pong(m, m.master.bootstrapCredential(), agent.agentId());
      assertEquals(403, call.statusCode(), "calls need the agent's own credential too");
      assertTrue(call.body().contains("must call with its own credential"), call.body());
      assertTrue(connected(m, agent.agentId()), "the refusals did not touch the agent");
    }
  }

  @Test
  void theBindingSurvivesAMasterRestart() throws Exception {
    Path state = dir.resolve("state");
    SimulatedAgent a;
    SimulatedAgent b;
    String join;
    try (MasterFixture m = new MasterFixture(state)) {
      join = m.master.bootstrapCredential();
      a = join(m.uri(), join, "host-a");
      b = join(m.uri(), join, "host-b");
    }
    try (MasterFixture m = new MasterFixture(state)) {
      m.closeables.add(a);
      m.closeables.add(b);
      String aId = a.agentId();
      String aCredential = a.credential();
      a.registerWith(m.uri());
      assertEquals(aId, a.agentId(), "the agent re-registered under its id");
      assertEquals(aCredential, a.credential(), "with the credential it was issued before the restart");
      assertTrue(connected(m, aId));
      assertEquals(403, refusedRegister(m.uri(), join, aId).status, "the join credential does not take its id");
      AgentConnection.RefusedException refused = refusedRegister(m.uri(), b.credential(), aId);
      assertEquals(403, refused.status);
      assertTrue(refused.getMessage().contains("belongs to agent " + b.agentId()), refused.getMessage());
    }
  }

  @Test
  void aRevokedJoinCredentialDoesNotStopTheAgentsThatJoinedWithIt() throws Exception {
    try (MasterFixture m = new MasterFixture(dir.resolve("state"))) {
      JsonNode issued = nodeCall(m, "{\"type\":\"ISSUE_CREDENTIAL\",\"issued_for\":\"host-a\"}");
      String join = issued.get("credential").asText();
      SimulatedAgent agent = join(m.uri(), join, "host-a");
      m.closeables.add(agent);
      assertTrue(nodeCall(m, "{\"type\":\"REVOKE_CREDENTIAL\",\"id\":\"" + issued.get("id").asText() + "\"}")
          .get("revoked").asBoolean());

      String id = agent.agentId();
      agent.register();
      assertEquals(id, agent.agentId(), "the agent registers again with its own credential");
      assertTrue(connected(m, id));
      // Its calls go on: a launch reaches it, and its update is taken.
      TestFramework f = m.framework("after-revocation", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("t", offer, "cpus:1;mem:64", "sleep 1000"));
      assertEquals(id, f.awaitUpdate("t", Protos.TaskState.TASK_RUNNING).getAgentId().getValue());
      AgentConnection.RefusedException refused = refusedRegister(m.uri(), join, null);
      assertEquals(401, refused.status, "no new agent joins with the revoked credential");
      JsonNode found = nodeCall(m, "{\"type\":\"GET_AGENTS_BY_CREDENTIAL\",\"credential_id\":\""
          + issued.get("id").asText() + "\"}");
      assertEquals(id, found.get("agents").get(0).get("agent_id").asText(), "node records still find the agent");
    }
  }

  @Test
  void anAgentRegisteredBeforeAgentCredentialsJoinsOnceWithItsJoinCredential() throws Exception {
    Path state = dir.resolve("state");
    String join;
    String legacyId;
    String otherLegacyId;
    String otherJoin;
    try (MasterFixture m = new MasterFixture(state)) {
      join = m.master.bootstrapCredential();
      otherJoin = m.master.issueCredential("host-b").get(10, TimeUnit.SECONDS);
      try (SimulatedAgent a = join(m.uri(), join, "host-a"); SimulatedAgent b = join(m.uri(), join, "host-b")) {
        legacyId = a.agentId();
        otherLegacyId = b.agentId();
      }
    }
    // The state as a master before agent credentials left it: agents, and no credential bound to any.
    try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("state.db"));
        Statement st = sql.createStatement()) {
      assertEquals(2, st.executeUpdate("DELETE FROM credentials WHERE agent_id IS NOT NULL"));
    }
    try (MasterFixture m = new MasterFixture(state)) {
      AgentConnection.RefusedException foreign = refusedRegister(m.uri(), otherJoin, otherLegacyId);
      assertEquals(403, foreign.status, "only the join credential the agent registered with: " + foreign.getMessage());

      BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
      String own;
      try (AgentConnection c = AgentConnection.register(m.uri(), join, registerCall("host-a", legacyId),
          new Ignoring(events), Duration.ofSeconds(10))) {
        assertEquals(legacyId, c.agentId());
        own = c.agentCredential().orElseThrow(() -> new AssertionError("no agent_credential in REGISTERED"));
        JsonNode registered = events.poll(10, TimeUnit.SECONDS);
        assertEquals(own, registered.path(AgentProtocol.AGENT_CREDENTIAL).asText());
      }
      AgentConnection.RefusedException again = refusedRegister(m.uri(), join, legacyId);
      assertEquals(403, again.status, "once: " + again.getMessage());
      try (AgentConnection c = AgentConnection.register(m.uri(), own, registerCall("host-a", legacyId),
          new Ignoring(), Duration.ofSeconds(10))) {
        assertEquals(legacyId, c.agentId());
        assertFalse(c.agentCredential().isPresent(), "an agent with its own credential is issued no other");
      }
    }
  }

  @Test
  void aGoneAgentsCredentialIsRevoked() throws Exception {
    try (MasterFixture m = new MasterFixture((Path) null)) {
      SimulatedAgent agent = join(m.uri(), m.master.bootstrapCredential(), "doomed");
      m.closeables.add(agent);
      new Operator(m, false).act(Call.newBuilder().setType(Call.Type.MARK_AGENT_GONE).setMarkAgentGone(
          Call.MarkAgentGone.newBuilder().setAgentId(Protos.AgentID.newBuilder().setValue(agent.agentId()))).build());
      AgentConnection.RefusedException refused = refusedRegister(m.uri(), agent.credential(), agent.agentId());
      assertEquals(403, refused.status);
      assertTrue(refused.getMessage().contains("was marked gone"), refused.getMessage());
      assertEquals(403, refusedRegister(m.uri(), agent.credential(), null).status, "with or without its id");
      JsonNode found = nodeCall(m, "{\"type\":\"GET_AGENTS_BY_CREDENTIAL\",\"credential_id\":\""
          + idOf(agent.credential()) + "\"}");
      assertEquals(0, found.get("agents").size(), "the agent credential is not a join credential");
    }
  }

  /** A listener that keeps the events it hears, if asked to. */
  private static final class Ignoring implements AgentConnection.Listener {
    private final BlockingQueue<JsonNode> events;

    Ignoring() {
      this(new LinkedBlockingQueue<>());
    }

    Ignoring(BlockingQueue<JsonNode> events) {
      this.events = events;
    }

    @Override
    public void onEvent(JsonNode event) {
      events.add(event);
    }

    @Override
    public void onDisconnected(Throwable cause) {
      // the test closes the connection itself
    }
  }
}
