package io.corral.shell.fault;

import static org.apache.mesos.v1.Protos.TaskState.TASK_GONE_BY_OPERATOR;
import static org.apache.mesos.v1.Protos.TaskState.TASK_LOST;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;

/** MARK_AGENT_GONE of a running agent: its tasks end, their processes are killed, and the agent process exits. */
class AgentGoneFaultTest extends FaultTestBase {
  private static final int AGENT_GONE_EXIT_CODE = io.corral.shell.ExitCodes.AGENT_GONE;

  @Test
  void anAgentMarkedGoneKillsItsTasksAndExitsWithCode6() throws Exception {
    startCluster();
    Daemon agent = cluster.startAgent("node-a");
    String agentId = cluster.agentId("node-a");
    FaultFramework aware = cluster.framework("aware", true, 60);
    FaultFramework plain = cluster.framework("plain", false, 60);
    Map<FaultFramework, String> launches = new LinkedHashMap<>();
    launches.put(aware, "pa-1");
    launches.put(plain, "na-1");
    cluster.launchSleepers(launches, "node-a", 600);
    aware.awaitUpdate("pa-1", TASK_RUNNING, Duration.ofSeconds(20));
    plain.awaitUpdate("na-1", TASK_RUNNING, Duration.ofSeconds(20));
    cluster.onlyStart("pa-1");
    cluster.onlyStart("na-1");

    cluster.operator.markGone(agentId);
    aware.awaitUpdate("pa-1", TASK_GONE_BY_OPERATOR, Duration.ofSeconds(10));
    plain.awaitUpdate("na-1", TASK_LOST, Duration.ofSeconds(10));
    assertEquals(Optional.of("completed:TASK_GONE_BY_OPERATOR"), cluster.operator.taskListing("pa-1"));
    assertEquals(Optional.of("completed:TASK_GONE_BY_OPERATOR"), cluster.operator.taskListing("na-1"));

    for (String task : List.of("pa-1", "na-1")) {
      Deadline.await(Duration.ofSeconds(15), () -> "every process of " + task + " killed (left: "
          + cluster.tasks.liveProcesses(task) + ")", () -> cluster.tasks.liveProcesses(task).isEmpty());
    }
    assertTrue(agent.awaitExit(Duration.ofSeconds(20)), "the agent process did not exit after MARK_AGENT_GONE; log:\n"
        + agent.logText());
    assertEquals(AGENT_GONE_EXIT_CODE, agent.exitCode(), "exit code of the agent marked gone; log:\n" + agent.logText());

    Response.GetAgents agents = cluster.operator.agents();
    assertEquals(0, agents.getAgentsCount() + agents.getRecoveredAgentsCount(), "GET_AGENTS still lists the gone agent: "
        + agents);
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_GONE_BY_OPERATOR), aware.distinctStates("pa-1"));
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_LOST), plain.distinctStates("na-1"));
    assertEquals(1, cluster.tasks.starts("pa-1").size());
    assertEquals(1, cluster.tasks.starts("na-1").size());
  }
}
