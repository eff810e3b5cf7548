package io.corral.shell.fault;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.agent.AgentProtocol;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * REGISTERs with impossible resources or ids, sent with a good credential to a master that has a
 * real agent: each is refused with 400 naming the field, and none leaves a trace (the state
 * endpoints answer, the real agent is the only one and its stream was never touched).
 */
class AgentRegisterBadInputFaultTest extends FaultTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  record BadRegister(String name, String field, ObjectNode body) {}

  record Answer(int status, String body) {}

  @Test
  void badRegistersAreRefusedNamingTheFieldAndLeaveTheStateIntact() throws Exception {
    startCluster();
    Daemon agent = cluster.startAgent("real-node");
    String agentId = cluster.agentId("real-node");

    List<BadRegister> cases = List.of(
        new BadRegister("cpus -1 (Mesos JSON)", "cpus", register(jsonInfo("bad-negative", "cpus", NODES.numberNode(-1)))),
        new BadRegister("cpus NaN (protobuf)", "cpus", register(protobufInfo("bad-nan", "cpus", Double.NaN))),
        new BadRegister("cpus \"NaN\" (Mesos JSON)", "cpus", register(jsonInfo("bad-nan-json", "cpus", NODES.textNode("NaN")))),
        new BadRegister("mem Infinity (protobuf)", "mem", register(protobufInfo("bad-inf", "mem", Double.POSITIVE_INFINITY))),
        new BadRegister("mem \"Infinity\" (Mesos JSON)", "mem",
            register(jsonInfo("bad-inf-json", "mem", NODES.textNode("Infinity")))),
        new BadRegister("agent_id of 10,000 characters", "agent_id",
            register(protobufInfo("bad-long-id", "cpus", 1)).put("agent_id", "x".repeat(10_000))),
        new BadRegister("cpus -1 under the real agent's id", "cpus",
            register(jsonInfo("real-node", "cpus", NODES.numberNode(-1))).put("agent_id", agentId)));

    List<Executable> checks = new ArrayList<>();
    for (BadRegister c : cases) {
      Answer answer = post(c.body());
      checks.add(() -> {
        assertEquals(400, answer.status(), c.name() + ": " + answer.body());
        assertTrue(answer.body().contains(c.field()), c.name() + ": the message should name '" + c.field() + "': "
            + answer.body());
      });
    }

    checks.add(() -> {
      JsonNode state = cluster.operator.state("/master/state");
      List<String> slaves = StreamSupport.stream(state.path("slaves").spliterator(), false)
          .map(s -> s.path("id").asText() + "@" + s.path("hostname").asText()).toList();
      assertEquals(List.of(agentId + "@real-node"), slaves, "/master/state slaves");
    });
    checks.add(() -> assertEquals(agentId, cluster.operator.state("/state").path("slaves").path(0).path("id").asText(),
        "/state answers 200 with the real agent"));
    checks.add(() -> {
      Response.GetAgents agents = cluster.operator.agents();
      assertEquals(List.of(agentId), agents.getAgentsList().stream().map(a -> a.getAgentInfo().getId().getValue()).toList(),
          "GET_AGENTS agents");
      assertEquals(0, agents.getRecoveredAgentsCount(), "GET_AGENTS recovered_agents");
      Response.GetAgents.Agent real = agents.getAgents(0);
      assertTrue(real.getActive(), "the real agent is still active");
      assertEquals("real-node", real.getAgentInfo().getHostname());
      assertEquals(List.of("cpus=2.0", "mem=1024.0"), real.getTotalResourcesList().stream()
          .filter(r -> r.getName().equals("cpus") || r.getName().equals("mem"))
          .map(r -> r.getName() + "=" + r.getScalar().getValue()).sorted().toList(), "the real agent's resources");
    });
    checks.add(() -> assertEquals(1, agent.logText().split("registered with ", -1).length - 1,
        "the real agent registered once: no refused REGISTER broke its stream"));
    assertAll(checks);
  }

  private static ObjectNode register(Object agentInfo) {
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
    if (agentInfo instanceof JsonNode json) {
      call.set("agent_info", json);
    } else {
      call.put("agent_info", (String) agentInfo);
    }
    call.put("arch", "x86_64");
    call.put("version", "0.1.0");
    call.putArray("tasks");
    return call;
  }

  /** An AgentInfo in Mesos JSON with {@code name} set to {@code value} (a number, or a string such as "NaN"). */
  private static ObjectNode jsonInfo(String hostname, String name, JsonNode value) {
    ObjectNode info = NODES.objectNode().put("hostname", hostname);
    var resources = info.putArray("resources");
    for (String r : List.of("cpus", "mem")) {
      ObjectNode resource = resources.addObject().put("name", r).put("type", "SCALAR");
      resource.putObject("scalar").set("value", r.equals(name) ? value : NODES.numberNode(r.equals("mem") ? 256 : 1));
    }
    return info;
  }

  /** An AgentInfo as the base64 of its protobuf bytes, which carry any double, NaN and infinities too. */
  private static String protobufInfo(String hostname, String name, double value) {
    Protos.AgentInfo.Builder info = Protos.AgentInfo.newBuilder().setHostname(hostname);
    for (String r : List.of("cpus", "mem")) {
      info.addResources(Protos.Resource.newBuilder().setName(r).setType(Protos.Value.Type.SCALAR)
          .setScalar(Protos.Value.Scalar.newBuilder().setValue(r.equals(name) ? value : r.equals("mem") ? 256 : 1)));
    }
    return Base64.getEncoder().encodeToString(info.build().toByteArray());
  }

  /** POSTs to the agent endpoint; a 200 (an accepted registration's stream) is closed at once. */
  private Answer post(ObjectNode body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(cluster.uri.resolve(AgentProtocol.PATH)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + cluster.credential())
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    HttpResponse<InputStream> r = cluster.operator.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() == 200) {
        return new Answer(200, "(accepted: an event stream)");
      }
      return new Answer(r.statusCode(), new String(in.readNBytes(4096), StandardCharsets.UTF_8));
    }
  }
}
