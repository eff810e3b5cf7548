package io.corral.shell.fault;

import static org.apache.mesos.v1.Protos.TaskState.TASK_LOST;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STAGING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/**
 * A half-open partition: the agent process is stopped (SIGSTOP), its sockets stay open, it answers
 * no ping. Past ping interval x max missed pings it is unreachable; continued (SIGCONT), it comes
 * back by itself, with the same task process.
 */
class AgentPartitionFaultTest extends FaultTestBase {
  @Test
  void aStoppedAgentBecomesUnreachableAndAfterSigcontReRegistersWithTheSameTaskProcess() throws Exception {
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
    long awarePid = cluster.onlyStart("pa-1");
    long plainPid = cluster.onlyStart("na-1");

    agent.signal("STOP");
    long stoppedAt = System.nanoTime();
    Deadline.await(Duration.ofSeconds(25), "GET_AGENTS lists " + agentId + " under recovered_agents only",
        () -> cluster.operator.unreachable(agentId));
    long unreachableMs = (System.nanoTime() - stoppedAt) / 1_000_000;
    // Silence is counted from the last pong, which came at most one ping interval before the stop.
    long silentAtLeast = (FaultCluster.PING_SECONDS * (FaultCluster.MAX_MISSED_PINGS - 1)) * 1000L - 500;
    assertTrue(unreachableMs >= silentAtLeast, "unreachable after only " + unreachableMs
        + " ms: not past ping interval x max missed pings");
    assertFalse(cluster.operator.activeInMasterState(agentId), "/master/state lists the stopped agent as active");
    aware.awaitUpdate("pa-1", TASK_UNREACHABLE, Duration.ofSeconds(10));
    plain.awaitUpdate("na-1", TASK_LOST, Duration.ofSeconds(10));
    assertEquals(Optional.of("unreachable:TASK_UNREACHABLE"), cluster.operator.taskListing("pa-1"));
    assertEquals(Optional.of("unreachable:TASK_UNREACHABLE"), cluster.operator.taskListing("na-1"));
    assertTrue(TaskProcesses.alive(awarePid) && TaskProcesses.alive(plainPid),
        "the task processes run on while their agent is cut off");

    long continuedAt = System.nanoTime();
    agent.signal("CONT");
    long backMs = Deadline.millisUntil(continuedAt, Duration.ofSeconds(40),
        () -> "agent " + agentId + " active in GET_AGENTS and pa-1 TASK_RUNNING in GET_TASKS after SIGCONT ("
            + cluster.describe() + ")",
        () -> cluster.operator.active(agentId)
            && cluster.operator.taskState("pa-1").equals(Optional.of(TASK_RUNNING)));
    System.out.println("FIGURE sigcont-to-running-ms=" + backMs);
    aware.awaitUpdate("pa-1", TASK_RUNNING, 2, Duration.ofSeconds(10));
    assertTrue(agent.alive(), "the same agent process came back: it was never restarted");
    assertTrue(cluster.operator.activeInMasterState(agentId), "/master/state lists the agent as active again");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_UNREACHABLE, TASK_RUNNING), aware.distinctStates("pa-1"),
        "states the partition-aware framework saw");

    // Same process, started once, and the only one of the task.
    assertEquals(List.of(awarePid), cluster.tasks.starts("pa-1"), "pa-1 was started more than once");
    assertEquals(List.of(awarePid), cluster.tasks.liveStarts("pa-1"));
    assertEquals(List.of(), cluster.tasks.strays("pa-1", awarePid), "processes of pa-1 besides its one copy");

    // The non-aware framework was told TASK_LOST; what it hears after that must match the truth.
    List<Protos.TaskState> plainStates = plain.distinctStates("na-1");
    assertEquals(List.of(TASK_STARTING, TASK_RUNNING, TASK_LOST), plainStates.subList(0, Math.min(3, plainStates.size())),
        "states the non-aware framework saw first: " + plainStates);
    assertEquals(List.of(plainPid), cluster.tasks.starts("na-1"), "na-1 was started more than once");
    Optional<Protos.TaskState> plainNow = Deadline.await(Duration.ofSeconds(10), "na-1 in a settled state",
        () -> {
          Optional<Protos.TaskState> s = cluster.operator.taskState("na-1");
          return s.isPresent() && s.get() == TASK_UNREACHABLE ? null : s;
        });
    System.out.println("non-aware task after SIGCONT: framework saw " + plain.distinctStates("na-1") + ", GET_TASKS "
        + plainNow.map(Enum::name).orElse("(not listed)") + ", process " + (TaskProcesses.alive(plainPid) ? "alive" : "ended"));
    assertNotEquals(Optional.of(TASK_STAGING), plainNow);
    if (plainNow.equals(Optional.of(TASK_RUNNING))) {
      assertEquals(List.of(plainPid), cluster.tasks.liveStarts("na-1"), "GET_TASKS says RUNNING: the process runs");
      assertEquals(List.of(), cluster.tasks.strays("na-1", plainPid), "processes of na-1 besides its one copy");
    } else {
      Deadline.await(Duration.ofSeconds(15), "na-1 ended (GET_TASKS says " + plainNow + ") leaves no process",
          () -> cluster.tasks.liveProcesses("na-1").isEmpty());
    }
  }
}
