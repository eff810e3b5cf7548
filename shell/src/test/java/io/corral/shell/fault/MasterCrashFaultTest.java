package io.corral.shell.fault;

import static org.apache.mesos.v1.Protos.TaskState.TASK_DROPPED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_GONE;
import static org.apache.mesos.v1.Protos.TaskState.TASK_LOST;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
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
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of the master between a framework's ACCEPT and its TASK_RUNNING, then a restart with the
 * same state dir: the agent comes back by itself, the framework subscribes again under its id, and
 * reconciliation gives one definite state, true to what runs on the agent.
 */
class MasterCrashFaultTest extends FaultTestBase {
  /** How the crash meets the launch. */
  enum Timing {
    /** SIGKILL as soon as ACCEPT was answered 202: the launch may or may not have been committed. */
    RIGHT_AFTER_ACCEPT,
    /**
     * The agent is stopped, the launch committed (GET_TASKS says STAGING) and its LAUNCH written to
     * the agent's socket; the master is killed and the agent continued: it reads the LAUNCH, starts
     * the task, and reports it to the restarted master. Deterministically "launched, RUNNING unseen".
     */
    LAUNCH_IN_FLIGHT
  }

  private static final Set<Protos.TaskState> DEFINITE = Set.of(TASK_RUNNING, TASK_DROPPED, TASK_LOST, TASK_GONE);

  @ParameterizedTest
  @EnumSource(Timing.class)
  void killNineOfTheMasterMidLaunchLeavesOneDefiniteStateAndAtMostOneProcess(Timing timing) throws Exception {
    startCluster();
    Daemon agent = cluster.startAgent("node-a");
    String agentId = cluster.agentId("node-a");
    FaultFramework f = cluster.framework("survivor", true, 120);
    Protos.FrameworkID frameworkId = f.id();
    Protos.Offer offer = f.awaitOffer(Duration.ofSeconds(20));

    if (timing == Timing.LAUNCH_IN_FLIGHT) {
      agent.signal("STOP");
    }
    f.launch(offer, cluster.tasks.sleeper("mid", offer.getAgentId(), 600));
    if (timing == Timing.LAUNCH_IN_FLIGHT) {
      Deadline.await(Duration.ofSeconds(5), "GET_TASKS lists 'mid' as TASK_STAGING",
          () -> cluster.operator.taskState("mid").equals(Optional.of(TASK_STAGING)));
    }
    cluster.master().kill9();
    if (timing == Timing.LAUNCH_IN_FLIGHT) {
      agent.signal("CONT");
    }
    List<Protos.TaskState> beforeCrash = f.states("mid");
    assertFalse(beforeCrash.contains(TASK_RUNNING) && timing == Timing.LAUNCH_IN_FLIGHT,
        "the framework saw RUNNING before the crash: " + beforeCrash);
    f.close();

    cluster.startMaster();
    Deadline.await(Duration.ofSeconds(40), "agent " + agent + " re-registered by itself with the restarted master",
        () -> cluster.operator.active(agentId));
    assertTrue(agent.alive(), "the agent was not restarted");
    FaultFramework again = cluster.resubscribe("survivor", true, 120, frameworkId);
    assertEquals(frameworkId, again.id(), "subscribed again under its id");

    // Once the agent has re-registered, the master knows what it knows: the task is RUNNING, has
    // ended, or was never committed; STAGING would mean it waits for an agent that never launched it.
    Optional<Protos.TaskState> settled = Deadline.await(Duration.ofSeconds(15), () -> "GET_TASKS settles 'mid' (now "
        + cluster.describe() + ")", () -> {
          Optional<Protos.TaskState> s = cluster.operator.taskState("mid");
          return s.isPresent() && (s.get() == TASK_STAGING || s.get() == Protos.TaskState.TASK_STARTING) ? null : s;
        });
    int mark = again.eventCount();
    again.reconcile("mid", offer.getAgentId());
    Protos.TaskStatus first = again.awaitReconciliation("mid", mark, Duration.ofSeconds(10));
    assertTrue(DEFINITE.contains(first.getState()), "reconciliation answered " + first.getState() + ": "
        + first.getMessage() + " (GET_TASKS: " + settled + ")");
    // Asked again, the answer is the same: one truth about the task, not one per question.
    mark = again.eventCount();
    again.reconcile("mid", offer.getAgentId());
    Protos.TaskStatus second = again.awaitReconciliation("mid", mark, Duration.ofSeconds(10));
    assertEquals(first.getState(), second.getState(), "two reconciliations, two answers: " + first.getMessage()
        + " / " + second.getMessage());

    Optional<Protos.TaskState> listed = cluster.operator.taskState("mid");
    List<Long> starts = cluster.tasks.starts("mid");
    System.out.println("master crash " + timing + ": framework saw " + beforeCrash + " before, "
        + again.distinctStates("mid") + " after; reconciliation " + first.getState() + "; GET_TASKS "
        + listed.map(Enum::name).orElse("(not listed)") + "; starts " + starts);
    assertTrue(starts.size() <= 1, "the task was started " + starts.size() + " times: " + starts);
    if (first.getState() == TASK_RUNNING) {
      assertEquals(Optional.of(TASK_RUNNING), listed);
      assertEquals(1, starts.size(), "RUNNING, started once: " + starts);
      assertEquals(starts, cluster.tasks.liveStarts("mid"), "RUNNING, and its one process runs");
      assertEquals(List.of(), cluster.tasks.strays("mid", starts.get(0)), "processes of the task besides its one copy");
      assertTrue(again.distinctStates("mid").stream().noneMatch(s -> s != TASK_RUNNING
          && s != Protos.TaskState.TASK_STARTING), "after the failover the framework hears of the running task "
          + again.distinctStates("mid"));
    } else {
      assertTrue(listed.isEmpty() || listed.get() == first.getState()
          || (listed.get() == TASK_DROPPED && first.getState() == TASK_LOST), "GET_TASKS says " + listed);
      Deadline.await(Duration.ofSeconds(15), "no process of a task reported " + first.getState(),
          () -> cluster.tasks.liveProcesses("mid").isEmpty());
    }
    if (timing == Timing.LAUNCH_IN_FLIGHT) {
      assertEquals(TASK_RUNNING, first.getState(), "the agent read the LAUNCH and started the task");
      assertEquals(1, starts.size());
    }
  }
}
