package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master marks an agent gone (MARK_AGENT_GONE): the agent kills its tasks, waits for their
 * processes, forgets its id and stops; a later start with the same work directory is a new agent.
 */
class AgentGoneTest {
  @TempDir Path work;
  MasterServer master;
  final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startMaster() {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    master.close();
  }

  private Path agentDir() {
    return work.resolve("agent");
  }

  private AgentDaemon startAgent() throws Exception {
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), agentDir(),
        master.bootstrapCredential(), "cpus:2;mem:512", Map.of(), "doomed-node", Duration.ofMillis(500)),
        TaskRuntimes.forThisPlatform());
    closeables.add(agent);
    return agent;
  }

  /** Launches two tasks that would run for ten minutes, one deaf to SIGTERM; their processes, once running. */
  private List<ProcessHandle> launchSleepers(AgentDaemon agent) throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "sleepers", false)
        .acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Protos.TaskInfo deaf = TestFramework.task("deaf", offer, "cpus:0.1;mem:32", "trap '' TERM; sleep 600").toBuilder()
          .setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder()
              .setNanoseconds(TimeUnit.SECONDS.toNanos(1)))).build();
      f.launch(offer, TestFramework.task("sleeper", offer, "cpus:0.1;mem:32", "sleep 600"), deaf);
      f.awaitUpdate("sleeper", Protos.TaskState.TASK_RUNNING);
      f.awaitUpdate("deaf", Protos.TaskState.TASK_RUNNING);
    }
    List<ProcessHandle> processes = new ArrayList<>();
    for (String task : List.of("sleeper", "deaf")) {
      ProcessHandle supervisor = ProcessHandle.of(agent.tasks().get(task).running.pid()).orElseThrow();
      Await.until("task " + task + " runs its sleep", Duration.ofSeconds(10),
          () -> supervisor.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
      processes.add(supervisor);
      processes.addAll(supervisor.descendants().toList());
    }
    return processes;
  }

  @Test
  void aGoneAgentKillsItsTasksForgetsItsIdAndStops() throws Exception {
    AgentDaemon agent = startAgent();
    String id = agent.agentId();
    List<ProcessHandle> processes = launchSleepers(agent);
    Path sandbox = agent.tasks().get("sleeper").sandbox;
    assertTrue(Files.exists(agentDir().resolve("agent-id")));

    OperatorApi.markGone(master.url(), id);

    String reason = agent.stopped().get(30, TimeUnit.SECONDS);
    assertTrue(reason.contains("gone"), reason);
    for (ProcessHandle p : processes) {
      assertTrue(Await.gone(p), "process " + p.pid() + " ended before the agent said it stopped");
    }
    assertFalse(agent.registered(), "the agent no longer talks to the master");
    assertFalse(Files.exists(agentDir().resolve("agent-id")), "the id the master refuses is forgotten");
    assertFalse(Files.exists(agentDir().resolve("agent-credential")), "and so is the credential it revoked");
    assertTrue(Files.exists(sandbox.resolve(".corral").resolve("done")), "the task is done for a later start");

    AgentDaemon again = startAgent();
    assertNotEquals(id, again.agentId(), "a later start is a new agent");
    assertTrue(again.tasks().isEmpty(), "and reports none of the gone agent's tasks");
    assertTrue(OperatorApi.active(master.url(), again.agentId()));
    assertFalse(again.stopped().isDone());
  }

  @Test
  void anAgentMarkedGoneWhileItWasDownStopsWhenTheMasterRefusesIt() throws Exception {
    AgentDaemon agent = startAgent();
    String id = agent.agentId();
    List<ProcessHandle> processes = launchSleepers(agent);
    agent.close();
    OperatorApi.markGone(master.url(), id);
    assertTrue(processes.get(0).isAlive(), "the tasks outlived their agent");

    AgentDaemon back = startAgent();
    String reason = back.stopped().get(30, TimeUnit.SECONDS);
    assertTrue(reason.contains("403") && reason.contains("was marked gone"), reason);
    for (ProcessHandle p : processes) {
      assertTrue(Await.gone(p), "process " + p.pid() + " ended before the agent said it stopped");
    }
    assertFalse(Files.exists(agentDir().resolve("agent-id")));
    assertFalse(Files.exists(agentDir().resolve("agent-credential")));
  }

  @Test
  void anAgentProcessMarkedGoneExitsWithCode6() throws Exception {
    Process agent = AgentProcess.start(master.url(), agentDir().toString(), master.bootstrapCredential());
    try {
      String id = Files.readString(agentDir().resolve("agent-id")).trim();
      OperatorApi.markGone(master.url(), id);
      assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent process exits");
      assertEquals(AgentProcess.AGENT_GONE, agent.exitValue());
      assertFalse(Files.exists(agentDir().resolve("agent-id")));
    } finally {
      agent.toHandle().destroyForcibly();
    }
  }
}
