package io.corral.shell.fault;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A framework goes away for good while its tasks end: once its failover timeout has passed the
 * master acknowledges the ends on its behalf, and the agent forgets them, restarts or not.
 */
class FrameworkFailoverFaultTest extends FaultTestBase {
  private static final String ILLEGAL_REPEAT = "illegal transition TASK_FINISHED -> TASK_FINISHED";

  /** When the framework goes away. */
  enum Departure {
    /** Right after TASK_RUNNING: the tasks end (FINISHED) or are killed by its removal (KILLED), as the race goes. */
    WHILE_TASKS_RUN,
    /** After it received TASK_FINISHED of both tasks and before it acknowledged them: the ends are FINISHED. */
    BEFORE_ACKNOWLEDGING_ENDS
  }

  @ParameterizedTest
  @EnumSource(Departure.class)
  void endsOfAVanishedFrameworksTasksAreAcknowledgedForItAndForgottenAcrossAgentRestarts(Departure departure)
      throws Exception {
    startCluster();
    Daemon agent = cluster.startAgent("node-a");
    Protos.AgentID agentId = cluster.agentIdProto("node-a");
    FaultFramework f = cluster.framework("vanishing", true, 1).leavingEndsUnacknowledged();
    Protos.FrameworkID frameworkId = f.id();
    Protos.Offer offer = f.awaitOffer(Duration.ofSeconds(20));
    f.launch(offer, cluster.tasks.sleeper("short-1", agentId, 1), cluster.tasks.sleeper("short-2", agentId, 1));
    f.awaitUpdate("short-1", TASK_RUNNING, Duration.ofSeconds(15));
    f.awaitUpdate("short-2", TASK_RUNNING, Duration.ofSeconds(15));
    List<Long> pids = List.of(cluster.onlyStart("short-1"), cluster.onlyStart("short-2"));
    if (departure == Departure.BEFORE_ACKNOWLEDGING_ENDS) {
      // The tasks finish; the framework hears it but dies before it acknowledges: nobody ever will.
      f.awaitUpdate("short-1", TASK_FINISHED, Duration.ofSeconds(15));
      f.awaitUpdate("short-2", TASK_FINISHED, Duration.ofSeconds(15));
    }
    f.close();
    Deadline.await(Duration.ofSeconds(15), "both tasks ended (pids " + pids + ")",
        () -> pids.stream().noneMatch(TaskProcesses::alive));

    // Restarts while the ends are unacknowledged (the failover timeout may or may not have run out).
    for (int restart = 1; restart <= 2; restart++) {
      agent.terminate();
      agent = cluster.startAgent("node-a");
    }

    for (String task : List.of("short-1", "short-2")) {
      Path done = cluster.sandbox("node-a", frameworkId, task).resolve(".corral").resolve("done");
      Deadline.await(Duration.ofSeconds(30), "the agent marks " + task + " done (" + done + "): the master"
          + " acknowledged its end for the removed framework", () -> Files.exists(done));
    }
    Deadline.await(Duration.ofSeconds(10), "GET_FRAMEWORKS no longer lists the framework as registered",
        () -> cluster.operator.frameworks().getFrameworksList().stream()
            .noneMatch(fw -> fw.getFrameworkInfo().getId().equals(frameworkId)));
    for (String task : List.of("short-1", "short-2")) {
      Optional<Protos.TaskState> listed = cluster.operator.taskState(task);
      Set<Protos.TaskState> ends = departure == Departure.WHILE_TASKS_RUN ? Set.of(TASK_FINISHED, TASK_KILLED)
          : Set.of(TASK_FINISHED);
      assertTrue(listed.isEmpty() || ends.contains(listed.get()), task + " in GET_TASKS: " + listed);
      List<Protos.TaskState> seen = f.distinctStates(task);
      assertEquals(List.of(TASK_STARTING, TASK_RUNNING), seen.subList(0, Math.min(2, seen.size())), task + ": " + seen);
      assertTrue(seen.size() == 2 || (seen.size() == 3 && ends.contains(seen.get(2))), task + " as the framework saw it: "
          + seen);
      assertEquals(1, cluster.tasks.starts(task).size(), task + " started once");
      assertEquals(List.of(), cluster.tasks.liveProcesses(task));
    }

    // One more restart: an agent that forgot the tasks reports nothing, and the master hears no repeat.
    agent.terminate();
    cluster.startAgent("node-a");
    String masterLog = Files.readString(cluster.stateDir.resolve("master.log"));
    List<String> repeats = masterLog.lines().filter(l -> l.contains(ILLEGAL_REPEAT)).toList();
    assertEquals(List.of(), repeats, "the master was sent ends it had already applied");
  }
}
