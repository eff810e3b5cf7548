package io.corral.shell.fault;

import static org.apache.mesos.v1.Protos.TaskState.TASK_DROPPED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_LOST;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STAGING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kill -9 of an agent process: with an offer of it held, and with a LAUNCH it never read. */
class AgentCrashFaultTest extends FaultTestBase {
  @ParameterizedTest(name = "partition aware: {0}")
  @ValueSource(booleans = {true, false})
  void killNineWhileAnOfferIsHeldRescindsItAndAnAcceptOfItDropsTheTask(boolean partitionAware) throws Exception {
    startCluster();
    Daemon agent = cluster.startAgent("node-a");
    String agentId = cluster.agentId("node-a");
    FaultFramework f = cluster.framework("holder", partitionAware, 60);
    Protos.Offer held = f.awaitOffer(Duration.ofSeconds(20));

    long killedAt = System.nanoTime();
    agent.kill9();
    long disconnectedMs = Deadline.millisUntil(killedAt, Duration.ofSeconds(10),
        "GET_AGENTS lists " + agentId + " with active:false", () -> cluster.operator.listedAgent(agentId)
            .map(a -> !a.getActive()).orElse(false));
    System.out.println("FIGURE kill9-to-disconnected-ms=" + disconnectedMs);
    assertTrue(disconnectedMs < 3000, "the master noticed the killed agent only after " + disconnectedMs + " ms");
    Deadline.await(Duration.ofSeconds(10), () -> "RESCIND of the held offer " + held.getId().getValue() + " (seen "
        + f.types() + ")", () -> f.rescinded(held.getId()));

    f.launch(held, cluster.tasks.sleeper("late", held.getAgentId(), 600));
    Protos.TaskState expected = partitionAware ? TASK_DROPPED : TASK_LOST;
    Protos.TaskStatus dropped = f.awaitUpdate("late", expected, Duration.ofSeconds(10));
    assertEquals(Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, dropped.getReason(), dropped.getMessage());
    Optional<String> listing = cluster.operator.taskListing("late");
    assertTrue(listing.isEmpty() || listing.get().startsWith("completed:"),
        "a task on a rescinded offer is no live task; GET_TASKS lists it as " + listing);
    assertEquals(List.of(), cluster.tasks.starts("late"), "the dropped task never ran");

    cluster.startAgent("node-a");
    assertEquals(agentId, cluster.agentId("node-a"), "the restarted agent keeps its id");
    Deadline.await(Duration.ofSeconds(15), "GET_AGENTS lists " + agentId + " with active:true again",
        () -> cluster.operator.active(agentId));
    assertEquals(1, cluster.operator.agents().getAgentsCount(), "one agent, not a second one");
    Protos.Offer fresh = f.awaitOffer(o -> o.getAgentId().getValue().equals(agentId), Duration.ofSeconds(15));
    assertEquals(agentId, fresh.getAgentId().getValue());
    assertEquals(List.of(expected), f.distinctStates("late"), "states the framework saw for the dropped task");
    listing = cluster.operator.taskListing("late");
    assertTrue(listing.isEmpty() || listing.get().startsWith("completed:"), "GET_TASKS after the restart: " + listing);
    assertEquals(List.of(), cluster.tasks.liveProcesses("late"));
  }

  /**
   * The agent is stopped, the LAUNCH is written into its socket's buffer, then the stopped agent is
   * killed: the restarted agent never saw the LAUNCH, and the task must end instead of staying
   * STAGING.
   */
  @ParameterizedTest(name = "partition aware: {0}")
  @ValueSource(booleans = {true, false})
  void killNineRightAfterALaunchEndsTheTaskWhenTheAgentComesBack(boolean partitionAware) throws Exception {
    startCluster();
    Daemon agent = cluster.startAgent("node-a");
    String agentId = cluster.agentId("node-a");
    FaultFramework f = cluster.framework("launcher", partitionAware, 60);
    Protos.Offer offer = f.awaitOffer(Duration.ofSeconds(20));

    agent.signal("STOP");
    f.launch(offer, cluster.tasks.sleeper("unseen", offer.getAgentId(), 600));
    // STAGING in GET_TASKS: the launch is committed, and the LAUNCH event went out before this answer.
    Deadline.await(Duration.ofSeconds(5), "GET_TASKS lists 'unseen' as TASK_STAGING",
        () -> cluster.operator.taskState("unseen").equals(Optional.of(TASK_STAGING)));
    agent.kill9();
    assertFalse(agent.alive());

    cluster.startAgent("node-a");
    Deadline.await(Duration.ofSeconds(15), "GET_AGENTS lists " + agentId + " with active:true again",
        () -> cluster.operator.active(agentId));
    Protos.TaskState expected = partitionAware ? TASK_DROPPED : TASK_LOST;
    f.awaitUpdate("unseen", expected, Duration.ofSeconds(15));
    assertEquals(List.of(expected), f.distinctStates("unseen"), "states the framework saw");

    int before = f.eventCount();
    f.reconcile("unseen", offer.getAgentId());
    Protos.TaskStatus answer = f.awaitReconciliation("unseen", before, Duration.ofSeconds(10));
    assertEquals(expected, answer.getState(), "reconciliation answer: " + answer.getMessage());
    Optional<Protos.TaskState> listedNow = cluster.operator.taskState("unseen");
    assertTrue(listedNow.isPresent(), "GET_TASKS lost the task without an end: " + cluster.operator.taskListings());
    Protos.TaskState listed = listedNow.get();
    assertTrue((partitionAware ? Set.of(TASK_DROPPED) : Set.of(TASK_DROPPED, TASK_LOST)).contains(listed),
        "GET_TASKS says " + listed);
    assertTrue(cluster.operator.taskListing("unseen").orElseThrow().startsWith("completed:"));
    assertEquals(List.of(), cluster.tasks.starts("unseen"), "the restarted agent never saw the LAUNCH");
    assertEquals(List.of(), cluster.tasks.liveProcesses("unseen"));
  }
}
