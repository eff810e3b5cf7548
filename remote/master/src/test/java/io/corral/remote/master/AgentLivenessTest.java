package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.resources.Resources;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.master.OperatorApiTest.Operator;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's side of agents that die, stop or lose their connection: a closed connection is
 * noticed without waiting for a write, an unreachable agent is made to register again, launches
 * that never reached an agent end, and ends nobody will acknowledge are acknowledged by the master.
 */
class AgentLivenessTest {

  /** Pings every 15 s: anything noticed sooner was not noticed by the pings. */
  private static MasterConfig slowPings() {
    return MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50));
  }

  private static Protos.FrameworkInfo partitionAware(String name) {
    return TestFramework.info(name).addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
        .setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE)).build();
  }

  @Test
  void aClosedAgentConnectionIsNoticedAtOnceAndItsHeldOfferIsRescinded() throws Exception {
    try (MasterFixture m = new MasterFixture(slowPings()); RawAgent agent = RawAgent.register(m, null)) {
      TestFramework f = TestFramework.subscribe(m.uri(), partitionAware("holder"), false);
      m.closeables.add(f);
      Protos.Offer held = f.awaitOffer();
      Operator operator = new Operator(m, false);
      assertTrue(agentView(operator, agent.id).getActive());

      agent.crash();
      Event rescind = f.await(e -> e.getType() == Event.Type.RESCIND
          && e.getRescind().getOfferId().equals(held.getId()), "RESCIND of the held offer");
      assertEquals(held.getId(), rescind.getRescind().getOfferId());
      Response.GetAgents.Agent seen = agentView(operator, agent.id);
      assertFalse(seen.getActive(), "a disconnected agent is not active, as in Mesos");
      assertFalse(seen.getDeactivated(), "it was not deactivated by an operator");

      f.launch(held, TestFramework.task("late", held, "cpus:1;mem:32", "sleep 60"));
      Protos.TaskStatus dropped = f.awaitUpdate("late", Protos.TaskState.TASK_DROPPED);
      assertEquals(Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, dropped.getReason());
      assertEquals(0, operator.query(OperatorApiTest.call(org.apache.mesos.v1.master.Protos.Call.Type.GET_TASKS))
          .getGetTasks().getTasksCount(), "no task was created");

      try (RawAgent back = RawAgent.register(m, agent.id)) {
        OperatorApiTest.eventually(() -> active(operator, back.id), "the agent is active again after registering");
        f.awaitOffer();
      }
    }
  }

  @Test
  void aLaunchThatNeverReachedTheAgentIsDroppedWhenItRegistersAgain() throws Exception {
    try (MasterFixture m = new MasterFixture(slowPings()); RawAgent agent = RawAgent.register(m, null)) {
      TestFramework aware = TestFramework.subscribe(m.uri(), partitionAware("aware"), false);
      m.closeables.add(aware);
      Protos.Offer offer = aware.awaitOffer();
      // This agent never starts what it is sent: the LAUNCH is as lost as one written into a
      // connection that broke, and the agent registers again without the task.
      aware.launch(offer, TestFramework.task("never", offer, "cpus:1;mem:32", "sleep 60"));
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
      agent.crash();

      try (RawAgent back = RawAgent.register(m, agent.id)) {
        Protos.TaskStatus dropped = aware.awaitUpdate("never", Protos.TaskState.TASK_DROPPED);
        assertEquals(Protos.TaskStatus.Source.SOURCE_MASTER, dropped.getSource());
        assertEquals(Protos.TaskStatus.Reason.REASON_RECONCILIATION, dropped.getReason());
        aware.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
            .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("never"))))
            .build());
        Protos.TaskStatus answer = aware.await(e -> e.getType() == Event.Type.UPDATE
            && e.getUpdate().getStatus().getTaskId().getValue().equals("never"), "reconciliation answer")
            .getUpdate().getStatus();
        assertEquals(Protos.TaskState.TASK_DROPPED, answer.getState());
        assertFalse(answer.getState() == Protos.TaskState.TASK_STAGING, "never STAGING: " + answer);
      }
    }
  }

  @Test
  void aFrameworkThatIsNotPartitionAwareHearsTaskLostForALaunchThatNeverArrived() throws Exception {
    try (MasterFixture m = new MasterFixture(slowPings()); RawAgent agent = RawAgent.register(m, null)) {
      TestFramework f = m.framework("classic", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("lost", offer, "cpus:1;mem:32", "sleep 60"));
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
      agent.crash();
      try (RawAgent back = RawAgent.register(m, agent.id)) {
        Protos.TaskStatus lost = f.awaitUpdate("lost", Protos.TaskState.TASK_LOST);
        assertEquals(Protos.TaskStatus.Reason.REASON_RECONCILIATION, lost.getReason());
      }
    }
  }

  @Test
  void anUnreachableAgentHasItsStreamEndedAndComesBackByRegistering() throws Exception {
    MasterConfig fast = MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofMillis(200), 3, Duration.ofMillis(50));
    try (MasterFixture m = new MasterFixture(fast); RawAgent agent = RawAgent.register(m, null)) {
      TestFramework f = TestFramework.subscribe(m.uri(), partitionAware("partitioned"), false);
      m.closeables.add(f);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("p1", offer, "cpus:1;mem:32", "sleep 60"));
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
      agent.update("p1", Protos.TaskState.TASK_RUNNING);
      f.acknowledge(f.awaitUpdate("p1", Protos.TaskState.TASK_RUNNING));

      agent.answerPings = false; // stopped, as by SIGSTOP: the connection stays open
      f.awaitUpdate("p1", Protos.TaskState.TASK_UNREACHABLE);
      assertTrue(agent.ended.poll(10, TimeUnit.SECONDS) != null, "the master ends an unreachable agent's stream");
      assertEquals(403, agent.pong(), "calls of the ended registration are refused: register again");

      try (RawAgent back = RawAgent.register(m, agent.id, "p1", Protos.TaskState.TASK_RUNNING)) {
        f.acknowledge(f.awaitUpdate("p1", Protos.TaskState.TASK_RUNNING));
        Operator operator = new Operator(m, false);
        OperatorApiTest.eventually(() -> active(operator, back.id), "the agent is active again");
      }
    }
  }

  @Test
  void anEndNobodyWillAcknowledgeIsAcknowledgedByTheMaster() throws Exception {
    try (MasterFixture m = new MasterFixture(slowPings()); RawAgent agent = RawAgent.register(m, null)) {
      TestFramework f = m.framework("leaving", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("orphan", offer, "cpus:1;mem:32", "sleep 60"),
          TestFramework.task("ended", offer, "cpus:1;mem:32", "true"));
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "the second LAUNCH");
      String finished = agent.update("ended", Protos.TaskState.TASK_FINISHED);
      f.awaitUpdate("ended", Protos.TaskState.TASK_FINISHED); // and never acknowledged by the framework
      f.call(Call.newBuilder().setType(Call.Type.TEARDOWN).build());
      agent.await(e -> "ACKNOWLEDGE".equals(e.path("type").asText()) && e.path("uuid").asText().equals(finished),
          "the master acknowledging the end the removed framework left unacknowledged");
      agent.await(e -> "KILL".equals(e.path("type").asText()) && e.path("task_id").asText().equals("orphan"), "KILL");

      // The agent's own end of the task the master already ended (killed with its framework).
      String killed = agent.update("orphan", Protos.TaskState.TASK_KILLED);
      agent.await(e -> "ACKNOWLEDGE".equals(e.path("type").asText()) && e.path("uuid").asText().equals(killed),
          "the master acknowledging the agent's end of a task whose framework is gone");
    }
  }

  @Test
  void aFrameworkLabelledSoHasItsUpdatesAcknowledgedByTheMaster() throws Exception {
    try (MasterFixture m = new MasterFixture(slowPings()); RawAgent agent = RawAgent.register(m, null)) {
      TestFramework f = TestFramework.subscribe(m.uri(), TestFramework.info("shell-like")
          .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder()
              .setKey(TaskUpdates.ACKNOWLEDGEMENTS_LABEL).setValue("master"))).build(), false);
      m.closeables.add(f);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("quick", offer, "cpus:1;mem:32", "true"));
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
      f.close(); // gone before the task ends, as 'corral run' without --wait
      String finished = agent.update("quick", Protos.TaskState.TASK_FINISHED);
      agent.await(e -> "ACKNOWLEDGE".equals(e.path("type").asText()) && e.path("uuid").asText().equals(finished),
          "the master acknowledging the end at once");
    }
  }

  @Test
  void afterARestartTheMasterSaysNothingOfTasksOnAgentsThatHaveNotRegisteredAgain(@TempDir Path stateDir)
      throws Exception {
    MasterConfig config = slowPings().withStateDir(stateDir);
    Protos.FrameworkInfo info;
    String agentId;
    int port;
    try (MasterFixture m = new MasterFixture(config); RawAgent agent = RawAgent.register(m, null)) {
      port = m.master.port();
      TestFramework f = TestFramework.subscribe(m.uri(), partitionAware("survivor"), false);
      m.closeables.add(f);
      Protos.Offer offer = f.awaitOffer();
      // The master goes down with the task STAGING: whether its LAUNCH reached the agent, only the
      // agent can say (this one never started it).
      f.launch(offer, TestFramework.task("staged", offer, "cpus:1;mem:32", "sleep 60"));
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
      info = partitionAware("survivor").toBuilder().setId(f.id()).build();
      agentId = agent.id;
    }
    try (MasterFixture m = new MasterFixture(config.withListen("127.0.0.1", port))) {
      TestFramework f = TestFramework.subscribe(m.uri(), info, false);
      m.closeables.add(f);
      Call reconcile = Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
          .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("staged"))))
          .build();
      f.call(reconcile); // explicit and implicit, before the agent registers with this master: no answer
      f.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()).build());
      try (RawAgent back = RawAgent.register(m, agentId)) {
        Protos.TaskStatus first = f.await(e -> e.getType() == Event.Type.UPDATE
            && e.getUpdate().getStatus().getTaskId().getValue().equals("staged"), "an update for the task")
            .getUpdate().getStatus();
        assertEquals(Protos.TaskState.TASK_DROPPED, first.getState(),
            "the first word of the task is its end, never the STAGING the master recovered: " + first);
        f.call(reconcile);
        assertEquals(Protos.TaskState.TASK_DROPPED, f.await(e -> e.getType() == Event.Type.UPDATE
            && e.getUpdate().getStatus().getTaskId().getValue().equals("staged"), "reconciliation answer")
            .getUpdate().getStatus().getState());
      }
    }
  }

  @Test
  void aFrameworkThatSubscribesAgainGetsItsUnacknowledgedUpdatesAtOnce() throws Exception {
    try (MasterFixture m = new MasterFixture(slowPings()); RawAgent agent = RawAgent.register(m, null)) {
      Protos.FrameworkInfo info;
      try (TestFramework f = TestFramework.subscribe(m.uri(), partitionAware("forgetful"), false)) {
        Protos.Offer offer = f.awaitOffer();
        f.launch(offer, TestFramework.task("pending", offer, "cpus:1;mem:32", "sleep 60"));
        agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
        agent.update("pending", Protos.TaskState.TASK_RUNNING);
        f.awaitUpdate("pending", Protos.TaskState.TASK_RUNNING); // and gone before acknowledging it
        info = partitionAware("forgetful").toBuilder().setId(f.id()).build();
      }
      try (TestFramework again = TestFramework.subscribe(m.uri(), info, false)) {
        Protos.TaskStatus resent = again.awaitUpdate("pending", Protos.TaskState.TASK_RUNNING);
        again.acknowledge(resent);
        agent.await(e -> "ACKNOWLEDGE".equals(e.path("type").asText()), "the acknowledgement on the agent");
      }
    }
  }

  @Test
  void anUpdateTheFrameworkAcknowledgedAlreadyIsAcknowledgedToTheAgentAtOnceWhenResent() throws Exception {
    try (MasterFixture m = new MasterFixture(slowPings()); RawAgent agent = RawAgent.register(m, null)) {
      TestFramework f = m.framework("prompt", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("acked", offer, "cpus:1;mem:32", "sleep 60"));
      agent.await(e -> "LAUNCH".equals(e.path("type").asText()), "LAUNCH");
      Protos.TaskStatus running = RawAgent.status("acked", Protos.TaskState.TASK_RUNNING);
      agent.send(running);
      f.acknowledge(f.awaitUpdate("acked", Protos.TaskState.TASK_RUNNING));
      String uuid = Base64.getEncoder().encodeToString(running.getUuid().toByteArray());
      agent.await(e -> "ACKNOWLEDGE".equals(e.path("type").asText()) && e.path("uuid").asText().equals(uuid),
          "the framework's acknowledgement");
      agent.send(running); // as after a re-registration whose acknowledgement was lost on the way
      agent.await(e -> "ACKNOWLEDGE".equals(e.path("type").asText()) && e.path("uuid").asText().equals(uuid),
          "the master acknowledging the resent update itself");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Response.GetAgents.Agent agentView(Operator operator, String id) throws Exception {
    Response.GetAgents agents = operator.query(OperatorApiTest.call(org.apache.mesos.v1.master.Protos.Call.Type.GET_AGENTS))
        .getGetAgents();
    return agents.getAgentsList().stream().filter(a -> a.getAgentInfo().getId().getValue().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("agent " + id + " not among the registered agents: " + agents));
  }

  private static boolean active(Operator operator, String id) {
    try {
      return agentView(operator, id).getActive();
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  /** An agent speaking the agent protocol by hand, so that a test decides what it hears and answers. */
  static final class RawAgent implements AutoCloseable, AgentConnection.Listener {
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Boolean> ended = new LinkedBlockingQueue<>();
    private final List<JsonNode> skipped = new ArrayList<>();
    volatile boolean answerPings = true;
    AgentConnection connection;
    String id;
    /** The credential the master issued each agent registered here: a re-registration uses it, as the agent daemon does. */
    private static final java.util.Map<String, String> OWN_CREDENTIALS = new java.util.concurrent.ConcurrentHashMap<>();

    static RawAgent register(MasterFixture m, String agentId, Object... held) throws Exception {
      RawAgent agent = new RawAgent();
      ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
      AgentProtocol.put(call, "agent_info", Protos.AgentInfo.newBuilder().setHostname("raw")
          .addAllResources(ResourceConversion.toMesos(Resources.parse("cpus:4;mem:512"), null)).build());
      if (agentId != null) {
        call.put("agent_id", agentId);
      }
      var tasks = call.putArray("tasks");
      for (int i = 0; i + 1 < held.length; i += 2) {
        String task = (String) held[i];
        ObjectNode t = tasks.addObject();
        t.put("framework_id", frameworkOf(m, task));
        AgentProtocol.put(t, "task", Protos.TaskInfo.newBuilder().setName(task)
            .setTaskId(Protos.TaskID.newBuilder().setValue(task))
            .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
            .addAllResources(ResourceConversion.toMesos(Resources.parse("cpus:1;mem:32"), null)).build());
        AgentProtocol.put(t, "status", status(task, (Protos.TaskState) held[i + 1]));
      }
      String credential = agentId == null ? m.master.bootstrapCredential()
          : OWN_CREDENTIALS.getOrDefault(agentId, m.master.bootstrapCredential());
      agent.connection = AgentConnection.register(m.uri(), credential, call, agent, Duration.ofSeconds(10));
      agent.id = agent.connection.agentId();
      agent.connection.agentCredential().ifPresent(own -> OWN_CREDENTIALS.put(agent.id, own));
      return agent;
    }

    private static String frameworkOf(MasterFixture m, String task) throws Exception {
      Response.GetTasks tasks = new Operator(m, false)
          .query(OperatorApiTest.call(org.apache.mesos.v1.master.Protos.Call.Type.GET_TASKS)).getGetTasks();
      List<Protos.Task> all = new ArrayList<>(tasks.getTasksList());
      all.addAll(tasks.getUnreachableTasksList());
      return all.stream().filter(t -> t.getTaskId().getValue().equals(task)).findFirst()
          .orElseThrow(() -> new AssertionError("no task " + task)).getFrameworkId().getValue();
    }

    static Protos.TaskStatus status(String task, Protos.TaskState state) {
      UUID u = UUID.randomUUID();
      byte[] uuid = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
          .array();
      return Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(task)).setState(state)
          .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
          .setUuid(com.google.protobuf.ByteString.copyFrom(uuid)).build();
    }

    @Override
    public void onEvent(JsonNode event) {
      String type = event.path("type").asText();
      if ("PING".equals(type)) {
        if (answerPings) {
          connection.send(AgentProtocol.message(AgentProtocol.CallType.PONG));
        }
        return;
      }
      events.add(event);
    }

    @Override
    public void onDisconnected(Throwable cause) {
      ended.add(true);
    }

    /** Sends a status update with a fresh uuid and returns the uuid as the master will acknowledge it (base64). */
    String update(String task, Protos.TaskState state) throws Exception {
      return send(status(task, state));
    }

    /** Sends this status update (again, if it was sent before); returns its uuid in base64. */
    String send(Protos.TaskStatus status) throws Exception {
      ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.UPDATE);
      call.put("framework_id", "");
      AgentProtocol.put(call, "status", status);
      assertEquals(202, connection.send(call).get(10, TimeUnit.SECONDS));
      return Base64.getEncoder().encodeToString(status.getUuid().toByteArray());
    }

    int pong() throws Exception {
      try {
        return connection.send(AgentProtocol.message(AgentProtocol.CallType.PONG)).get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AgentConnection.RefusedException r) {
          return r.status;
        }
        throw e;
      }
    }

    JsonNode await(Predicate<JsonNode> wanted, String what) throws InterruptedException {
      for (var it = skipped.iterator(); it.hasNext(); ) {
        JsonNode e = it.next();
        if (wanted.test(e)) {
          it.remove();
          return e;
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
        if (e == null) {
          throw new AssertionError("no " + what + " within 10 s; saw " + skipped);
        }
        if (wanted.test(e)) {
          return e;
        }
        skipped.add(e);
      }
    }

    /** Closes the connection without a word, as a killed process's kernel does. */
    void crash() {
      connection.close();
    }

    @Override
    public void close() {
      connection.close();
    }
  }
}
