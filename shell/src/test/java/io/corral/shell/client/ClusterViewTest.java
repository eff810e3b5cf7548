package io.corral.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;

/** How the shell names an agent's state from the operator API's flags. */
class ClusterViewTest {
  private static Response.GetAgents.Agent agent(String id, boolean active, boolean deactivated) {
    return Response.GetAgents.Agent.newBuilder().setActive(active).setDeactivated(deactivated).setVersion("0.1.0")
        .setAgentInfo(Protos.AgentInfo.newBuilder().setHostname(id).setId(Protos.AgentID.newBuilder().setValue(id)))
        .build();
  }

  @Test
  void anAgentThatIsNeitherActiveNorDeactivatedIsDisconnected() {
    Response.GetState state = Response.GetState.newBuilder().setGetAgents(Response.GetAgents.newBuilder()
        .addAgents(agent("up", true, false))
        .addAgents(agent("cut", false, false))
        .addAgents(agent("parked", false, true))
        .addRecoveredAgents(Protos.AgentInfo.newBuilder().setHostname("away")
            .setId(Protos.AgentID.newBuilder().setValue("away")))).build();
    ClusterView view = new ClusterView(state);
    assertEquals("ACTIVE", view.agent("up").orElseThrow().state());
    assertEquals("DISCONNECTED", view.agent("cut").orElseThrow().state());
    assertEquals("DEACTIVATED", view.agent("parked").orElseThrow().state());
    assertEquals("UNREACHABLE", view.agent("away").orElseThrow().state());
  }
}
