package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.MesosJson;
import io.corral.remote.api.Protobuf;
import io.corral.remote.api.WireFormatException;
import io.corral.remote.api.client.HttpEventStream;
import io.corral.remote.api.client.RecordStream;
import io.corral.remote.master.sim.SimulatedAgent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.quota.Protos.QuotaConfig;
import org.apache.mesos.v1.quota.Protos.QuotaStatus;
import org.apache.mesos.v1.scheduler.Protos.Event.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Mesos v1 operator API (POST /api/v1) in JSON and in protobuf: queries answer 200 with a
 * {@code Response} in the accepted type, actions answer 200 with no body (as Mesos' handlers do),
 * and SUBSCRIBE streams the state and then every change.
 */
class OperatorApiTest {
  private static final String JSON = "application/json";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String RESOURCES = "cpus:4;mem:1024;ports:[31000-31009]";

  private static MasterFixture master() {
    return new MasterFixture(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50)));
  }

  // ------------------------------------------------------------------ queries

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void healthVersionAndMaster(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      Operator op = new Operator(m, protobuf);
      Response health = op.query(call(Call.Type.GET_HEALTH));
      assertEquals(Response.Type.GET_HEALTH, health.getType());
      assertTrue(health.getGetHealth().getHealthy());
      Response version = op.query(call(Call.Type.GET_VERSION));
      assertEquals(OperatorCalls.VERSION, version.getGetVersion().getVersionInfo().getVersion());
      Response master = op.query(call(Call.Type.GET_MASTER));
      assertEquals(m.master.masterId(), master.getGetMaster().getMasterInfo().getId());
    }
  }

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void stateAgentsFrameworksTasksAndRolesAfterALaunch(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      SimulatedAgent agent = m.agent("node-1", RESOURCES, Map.of("rack", "r1"), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = framework(m, "web-server", "web");
      Protos.Offer offer = offer(f);
      f.launch(offer, TestFramework.task("web-1", offer, "cpus:1;mem:128", "sleep 1000"));
      f.acknowledge(update(f, "web-1", Protos.TaskState.TASK_RUNNING));
      Operator op = new Operator(m, protobuf);

      Response.GetState state = op.query(call(Call.Type.GET_STATE)).getGetState();
      assertEquals(1, state.getGetAgents().getAgentsCount());
      assertEquals(agent.agentId(), state.getGetAgents().getAgents(0).getAgentInfo().getId().getValue());
      assertEquals(1, state.getGetFrameworks().getFrameworksCount());
      assertEquals(f.id(), state.getGetFrameworks().getFrameworks(0).getFrameworkInfo().getId());
      assertEquals(1, state.getGetTasks().getTasksCount());
      Protos.Task task = state.getGetTasks().getTasks(0);
      assertEquals("web-1", task.getTaskId().getValue());
      assertEquals(Protos.TaskState.TASK_RUNNING, task.getState());
      assertEquals(agent.agentId(), task.getAgentId().getValue());
      assertEquals(f.id(), task.getFrameworkId());

      Response.GetAgents.Agent a = op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgents(0);
      assertEquals("node-1", a.getAgentInfo().getHostname());
      assertTrue(a.getActive());
      assertFalse(a.getDeactivated());
      assertEquals("simulated", a.getVersion());
      assertEquals(4.0, scalar(a.getTotalResourcesList(), "cpus"));
      assertEquals(1.0, scalar(a.getAllocatedResourcesList(), "cpus"));
      assertEquals(128.0, scalar(a.getAllocatedResourcesList(), "mem"));

      Response.GetFrameworks.Framework fw = op.query(call(Call.Type.GET_FRAMEWORKS)).getGetFrameworks().getFrameworks(0);
      assertEquals("web-server", fw.getFrameworkInfo().getName());
      assertTrue(fw.getActive());
      assertTrue(fw.getConnected());
      assertEquals(1.0, scalar(fw.getAllocatedResourcesList(), "cpus"));

      Response.GetTasks tasks = op.query(call(Call.Type.GET_TASKS)).getGetTasks();
      assertEquals(List.of("web-1"), tasks.getTasksList().stream().map(t -> t.getTaskId().getValue()).toList());
      assertEquals(0, tasks.getCompletedTasksCount());
      assertEquals(1.0, scalar(tasks.getTasks(0).getResourcesList(), "cpus"));

      Protos.Role web = role(op.query(call(Call.Type.GET_ROLES)).getGetRoles(), "web");
      assertEquals(1.0, web.getWeight());
      assertEquals(List.of(f.id()), web.getFrameworksList());
      assertEquals(1.0, scalar(web.getResourcesList(), "cpus"));
    }
  }

  // ------------------------------------------------------------------ weights and quota

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void updateWeightsThenGetWeights(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      Operator op = new Operator(m, protobuf);
      op.act(Call.newBuilder().setType(Call.Type.UPDATE_WEIGHTS).setUpdateWeights(Call.UpdateWeights.newBuilder()
          .addWeightInfos(Protos.WeightInfo.newBuilder().setRole("dev").setWeight(2.5))
          .addWeightInfos(Protos.WeightInfo.newBuilder().setRole("ops").setWeight(0.5))).build());
      Map<String, Double> weights = new java.util.TreeMap<>();
      op.query(call(Call.Type.GET_WEIGHTS)).getGetWeights().getWeightInfosList()
          .forEach(w -> weights.put(w.getRole(), w.getWeight()));
      assertEquals(Map.of("dev", 2.5, "ops", 0.5), weights);
      assertEquals(2.5, role(op.query(call(Call.Type.GET_ROLES)).getGetRoles(), "dev").getWeight());

      op.refused(Call.newBuilder().setType(Call.Type.UPDATE_WEIGHTS).setUpdateWeights(Call.UpdateWeights.newBuilder()
          .addWeightInfos(Protos.WeightInfo.newBuilder().setRole("dev").setWeight(0))).build(), 400, "must be positive");
      op.refused(Call.newBuilder().setType(Call.Type.UPDATE_WEIGHTS).setUpdateWeights(Call.UpdateWeights.newBuilder()
          .addWeightInfos(Protos.WeightInfo.newBuilder().setRole("..").setWeight(1))).build(), 400, "'..'");
    }
  }

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void updateQuotaThenGetQuota(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      Operator op = new Operator(m, protobuf);
      op.act(Call.newBuilder().setType(Call.Type.UPDATE_QUOTA).setUpdateQuota(Call.UpdateQuota.newBuilder()
          .addQuotaConfigs(QuotaConfig.newBuilder().setRole("dev")
              .putGuarantees("cpus", Protos.Value.Scalar.newBuilder().setValue(2).build())
              .putGuarantees("mem", Protos.Value.Scalar.newBuilder().setValue(512).build()))).build());
      QuotaStatus status = op.query(call(Call.Type.GET_QUOTA)).getGetQuota().getStatus();
      assertEquals(1, status.getConfigsCount());
      QuotaConfig config = status.getConfigs(0);
      assertEquals("dev", config.getRole());
      assertEquals(2.0, config.getGuaranteesOrThrow("cpus").getValue());
      assertEquals(512.0, config.getGuaranteesOrThrow("mem").getValue());
      assertEquals("dev", status.getInfos(0).getRole());

      op.refused(Call.newBuilder().setType(Call.Type.UPDATE_QUOTA).setUpdateQuota(Call.UpdateQuota.newBuilder()
          .addQuotaConfigs(QuotaConfig.newBuilder().setRole("*")
              .putGuarantees("cpus", Protos.Value.Scalar.newBuilder().setValue(1).build()))).build(), 400, "'*'");
    }
  }

  // ------------------------------------------------------------------ agents

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void deactivateRescindsTheAgentsOffersAndReactivateBringsThemBack(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      SimulatedAgent agent = m.agent("node-1", RESOURCES, Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("watcher", protobuf);
      Protos.Offer offer = offer(f);
      Operator op = new Operator(m, protobuf);
      Protos.AgentID id = Protos.AgentID.newBuilder().setValue(agent.agentId()).build();

      op.act(Call.newBuilder().setType(Call.Type.DEACTIVATE_AGENT)
          .setDeactivateAgent(Call.DeactivateAgent.newBuilder().setAgentId(id)).build());
      org.apache.mesos.v1.scheduler.Protos.Event rescind = await(f, e -> e.getType() == Type.RESCIND, "RESCIND");
      assertEquals(offer.getId(), rescind.getRescind().getOfferId());
      assertTrue(op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgents(0).getDeactivated());

      op.act(Call.newBuilder().setType(Call.Type.REACTIVATE_AGENT)
          .setReactivateAgent(Call.ReactivateAgent.newBuilder().setAgentId(id)).build());
      Protos.Offer again = offer(f);
      assertEquals(id, again.getAgentId());
      assertFalse(again.getId().equals(offer.getId()), "a new offer");
      assertFalse(op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgents(0).getDeactivated());
    }
  }

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void drainKillsTheAgentsRunningTasks(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      SimulatedAgent agent = m.agent("node-1", RESOURCES, Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("drained", protobuf);
      Protos.Offer offer = offer(f);
      f.launch(offer, TestFramework.task("d-1", offer, "cpus:1;mem:64", "sleep 1000"),
          TestFramework.task("d-2", offer, "cpus:1;mem:64", "sleep 1000"));
      update(f, "d-1", Protos.TaskState.TASK_RUNNING);
      update(f, "d-2", Protos.TaskState.TASK_RUNNING);
      Operator op = new Operator(m, protobuf);

      op.act(Call.newBuilder().setType(Call.Type.DRAIN_AGENT).setDrainAgent(Call.DrainAgent.newBuilder()
          .setAgentId(Protos.AgentID.newBuilder().setValue(agent.agentId()))).build());
      assertEquals(Protos.TaskStatus.Source.SOURCE_AGENT, update(f, "d-1", Protos.TaskState.TASK_KILLED).getSource());
      update(f, "d-2", Protos.TaskState.TASK_KILLED);
      assertTrue(agent.tasks().isEmpty(), "the agent killed both: " + agent.tasks().keySet());

      Response.GetAgents.Agent a = op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgents(0);
      assertTrue(a.getDeactivated());
      assertEquals(Protos.DrainState.DRAINING, a.getDrainInfo().getState());
      Response.GetTasks tasks = op.query(call(Call.Type.GET_TASKS)).getGetTasks();
      assertEquals(0, tasks.getTasksCount());
      assertEquals(2, tasks.getCompletedTasksCount());
    }
  }

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void markAgentGoneMakesItsTasksGoneByOperator(boolean protobuf) throws Exception {
    try (MasterFixture m = master(); Feed feed = new Operator(m, protobuf).subscribe()) {
      SimulatedAgent agent = m.agent("node-1", RESOURCES, Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      // Mesos sends TASK_GONE_BY_OPERATOR to partition-aware frameworks (TASK_LOST to the others).
      TestFramework f = TestFramework.subscribe(m.uri(), TestFramework.info("partition-aware")
          .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
              .setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE)).build(), protobuf);
      m.closeables.add(f);
      Protos.Offer offer = offer(f);
      f.launch(offer, TestFramework.task("g-1", offer, "cpus:1;mem:64", "sleep 1000"));
      update(f, "g-1", Protos.TaskState.TASK_RUNNING);
      Operator op = new Operator(m, protobuf);

      op.act(Call.newBuilder().setType(Call.Type.MARK_AGENT_GONE).setMarkAgentGone(Call.MarkAgentGone.newBuilder()
          .setAgentId(Protos.AgentID.newBuilder().setValue(agent.agentId()))).build());
      Protos.TaskStatus gone = update(f, "g-1", Protos.TaskState.TASK_GONE_BY_OPERATOR);
      assertEquals(Protos.TaskStatus.Source.SOURCE_MASTER, gone.getSource());
      assertEquals(Protos.TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR, gone.getReason());
      feed.await(e -> e.getType() == Event.Type.AGENT_REMOVED
          && e.getAgentRemoved().getAgentId().getValue().equals(agent.agentId()), "AGENT_REMOVED");

      assertEquals(0, op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgentsCount());
      Response.GetTasks tasks = op.query(call(Call.Type.GET_TASKS)).getGetTasks();
      assertEquals(Protos.TaskState.TASK_GONE_BY_OPERATOR, tasks.getCompletedTasks(0).getState());
      // A gone agent stays gone: later calls about it are refused.
      op.refused(Call.newBuilder().setType(Call.Type.DEACTIVATE_AGENT).setDeactivateAgent(Call.DeactivateAgent
          .newBuilder().setAgentId(Protos.AgentID.newBuilder().setValue(agent.agentId()))).build(), 400, agent.agentId());
      // Marking it gone again changes nothing and is no error, as in Mesos (an operator's retry).
      op.act(Call.newBuilder().setType(Call.Type.MARK_AGENT_GONE).setMarkAgentGone(Call.MarkAgentGone.newBuilder()
          .setAgentId(Protos.AgentID.newBuilder().setValue(agent.agentId()))).build());
      assertEquals(0, op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgentsCount());
    }
  }

  // ------------------------------------------------------------------ frameworks

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void teardownRemovesTheFrameworkAndKillsItsTasks(boolean protobuf) throws Exception {
    try (MasterFixture m = master(); Feed feed = new Operator(m, protobuf).subscribe()) {
      SimulatedAgent agent = m.agent("node-1", RESOURCES, Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      TestFramework f = m.framework("doomed", protobuf);
      Protos.Offer offer = offer(f);
      f.launch(offer, TestFramework.task("t-1", offer, "cpus:1;mem:64", "sleep 1000"));
      update(f, "t-1", Protos.TaskState.TASK_RUNNING);
      Operator op = new Operator(m, protobuf);

      op.act(Call.newBuilder().setType(Call.Type.TEARDOWN)
          .setTeardown(Call.Teardown.newBuilder().setFrameworkId(f.id())).build());
      Event killed = feed.await(e -> e.getType() == Event.Type.TASK_UPDATED
          && e.getTaskUpdated().getStatus().getTaskId().getValue().equals("t-1")
          && e.getTaskUpdated().getState() == Protos.TaskState.TASK_KILLED, "TASK_UPDATED t-1 TASK_KILLED");
      assertEquals(Protos.TaskStatus.Reason.REASON_FRAMEWORK_REMOVED, killed.getTaskUpdated().getStatus().getReason());
      feed.await(e -> e.getType() == Event.Type.FRAMEWORK_REMOVED
          && e.getFrameworkRemoved().getFrameworkInfo().getId().equals(f.id()), "FRAMEWORK_REMOVED");

      assertEquals(0, op.query(call(Call.Type.GET_FRAMEWORKS)).getGetFrameworks().getFrameworksCount());
      Response.GetTasks tasks = op.query(call(Call.Type.GET_TASKS)).getGetTasks();
      assertEquals(0, tasks.getTasksCount());
      assertEquals(Protos.TaskState.TASK_KILLED, tasks.getCompletedTasks(0).getState());
      eventually(() -> f.ended, "the framework's stream ends");
      eventually(() -> agent.tasks().isEmpty(), "the agent kills the task");
      // The agent is whole again: a new framework is offered all of it.
      TestFramework next = m.framework("next", protobuf);
      assertEquals(4.0, scalar(offer(next).getResourcesList(), "cpus"));
    }
  }

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void unknownAgentsAndFrameworksAreRefused(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      m.agent("node-1", RESOURCES, Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      Operator op = new Operator(m, protobuf);
      Protos.AgentID nope = Protos.AgentID.newBuilder().setValue("no-such-agent").build();
      op.refused(Call.newBuilder().setType(Call.Type.DEACTIVATE_AGENT)
          .setDeactivateAgent(Call.DeactivateAgent.newBuilder().setAgentId(nope)).build(), 400, "no-such-agent");
      op.refused(Call.newBuilder().setType(Call.Type.REACTIVATE_AGENT)
          .setReactivateAgent(Call.ReactivateAgent.newBuilder().setAgentId(nope)).build(), 400, "no-such-agent");
      op.refused(Call.newBuilder().setType(Call.Type.DRAIN_AGENT)
          .setDrainAgent(Call.DrainAgent.newBuilder().setAgentId(nope)).build(), 400, "no-such-agent");
      Protos.AgentID active = op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgents(0).getAgentInfo().getId();
      op.refused(Call.newBuilder().setType(Call.Type.REACTIVATE_AGENT)
          .setReactivateAgent(Call.ReactivateAgent.newBuilder().setAgentId(active)).build(), 400, "is not deactivated");
      // Mesos answers MARK_AGENT_GONE about an agent it never knew with 404.
      op.refused(Call.newBuilder().setType(Call.Type.MARK_AGENT_GONE)
          .setMarkAgentGone(Call.MarkAgentGone.newBuilder().setAgentId(nope)).build(), 404,
          "Agent 'no-such-agent' not found");
      op.refused(Call.newBuilder().setType(Call.Type.TEARDOWN).setTeardown(Call.Teardown.newBuilder()
          .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("no-such-framework"))).build(), 400,
          "No framework found");
      // As Mesos' validation: a call without its arguments.
      op.refused(call(Call.Type.DRAIN_AGENT), 400, "Expecting 'drain_agent' to be present");
      op.refused(call(Call.Type.TEARDOWN), 400, "Expecting 'teardown' to be present");
      // Nothing changed.
      assertEquals(1, op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgentsCount());
      assertTrue(op.query(call(Call.Type.GET_AGENTS)).getGetAgents().getAgents(0).getActive());
    }
  }

  // ------------------------------------------------------------------ SUBSCRIBE

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void subscribeStreamsTheStateThenEveryChange(boolean protobuf) throws Exception {
    try (MasterFixture m = master()) {
      SimulatedAgent first = m.agent("node-1", RESOURCES, Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      try (Feed feed = new Operator(m, protobuf).subscribe()) {
        assertEquals(protobuf ? PROTOBUF : JSON, feed.contentType);
        Event subscribed = feed.first;
        assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
        assertEquals(15.0, subscribed.getSubscribed().getHeartbeatIntervalSeconds());
        Response.GetState state = subscribed.getSubscribed().getGetState();
        assertEquals(first.agentId(), state.getGetAgents().getAgents(0).getAgentInfo().getId().getValue());
        assertEquals(0, state.getGetFrameworks().getFrameworksCount());

        TestFramework f = m.framework("observed", protobuf);
        Event added = feed.await(e -> e.getType() == Event.Type.FRAMEWORK_ADDED, "FRAMEWORK_ADDED");
        assertEquals(f.id(), added.getFrameworkAdded().getFramework().getFrameworkInfo().getId());
        assertEquals("observed", added.getFrameworkAdded().getFramework().getFrameworkInfo().getName());
        assertTrue(added.getFrameworkAdded().getFramework().getConnected(), "FRAMEWORK_ADDED: " + added);
        assertTrue(added.getFrameworkAdded().getFramework().getActive(), "FRAMEWORK_ADDED: " + added);

        SimulatedAgent second = m.agent("node-2", "cpus:2;mem:512", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
        Event agentAdded = feed.await(e -> e.getType() == Event.Type.AGENT_ADDED, "AGENT_ADDED");
        assertEquals(second.agentId(), agentAdded.getAgentAdded().getAgent().getAgentInfo().getId().getValue());
        assertEquals("node-2", agentAdded.getAgentAdded().getAgent().getAgentInfo().getHostname());

        Protos.Offer offer = offer(f);
        f.launch(offer, TestFramework.task("seen-1", offer, "cpus:1;mem:64", "sleep 1000"));
        Event taskAdded = feed.await(e -> e.getType() == Event.Type.TASK_ADDED, "TASK_ADDED");
        assertEquals("seen-1", taskAdded.getTaskAdded().getTask().getTaskId().getValue());
        assertEquals(Protos.TaskState.TASK_STAGING, taskAdded.getTaskAdded().getTask().getState());
        assertEquals(f.id(), taskAdded.getTaskAdded().getTask().getFrameworkId());
        Event running = feed.await(e -> e.getType() == Event.Type.TASK_UPDATED, "TASK_UPDATED");
        assertEquals(Protos.TaskState.TASK_RUNNING, running.getTaskUpdated().getState());
        assertEquals("seen-1", running.getTaskUpdated().getStatus().getTaskId().getValue());
        assertEquals(f.id(), running.getTaskUpdated().getFrameworkId());
      }
    }
  }

  @Test
  void theOperatorEndpointRefusesWhatTheSchedulerEndpointRefuses() throws Exception {
    try (MasterFixture m = master()) {
      HttpResponse<String> wrongType = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1"))
          .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(415, wrongType.statusCode(), wrongType.body());
      HttpResponse<String> unknownType = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1"))
          .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_EVERYTHING\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, unknownType.statusCode(), unknownType.body());
      assertTrue(unknownType.body().contains("'GET_EVERYTHING' is not a known type"), unknownType.body());
      HttpResponse<String> html = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1"))
          .header("Content-Type", JSON).header("Accept", "text/html")
          .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"GET_HEALTH\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(406, html.statusCode(), html.body());
      HttpResponse<String> get = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(405, get.statusCode(), get.body());
    }
  }

  // ------------------------------------------------------------------ helpers

  static Call call(Call.Type type) {
    return Call.newBuilder().setType(type).build();
  }

  private static TestFramework framework(MasterFixture m, String name, String role) throws Exception {
    TestFramework f = TestFramework.subscribe(m.uri(), TestFramework.info(name).addRoles(role)
        .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
            .setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE)).build(), false);
    m.closeables.add(f);
    return f;
  }

  private static double scalar(List<Protos.Resource> resources, String name) {
    return resources.stream().filter(r -> r.getName().equals(name)).mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  private static Protos.Role role(Response.GetRoles roles, String name) {
    return roles.getRolesList().stream().filter(r -> r.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no role " + name + " in " + roles));
  }

  static Protos.Offer offer(TestFramework f) throws InterruptedException {
    return await(f, e -> e.getType() == Type.OFFERS, "OFFERS").getOffers().getOffers(0);
  }

  static Protos.TaskStatus update(TestFramework f, String task, Protos.TaskState state) throws InterruptedException {
    return await(f, e -> e.getType() == Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(task)
        && e.getUpdate().getStatus().getState() == state, "UPDATE " + task + " " + state).getUpdate().getStatus();
  }

  /**
   * The first event the framework has already skipped, or the next one to come, that is
   * {@code wanted}; it is taken out of {@link TestFramework#seen} so that it matches only once.
   */
  static org.apache.mesos.v1.scheduler.Protos.Event await(TestFramework f,
      Predicate<org.apache.mesos.v1.scheduler.Protos.Event> wanted, String what) throws InterruptedException {
    for (int i = 0; i < f.seen.size(); i++) {
      if (wanted.test(f.seen.get(i))) {
        return f.seen.remove(i);
      }
    }
    org.apache.mesos.v1.scheduler.Protos.Event e = f.await(wanted, what);
    f.seen.remove(f.seen.size() - 1);
    return e;
  }

  /** Waits (10 s at most) for a condition no event announces. */
  static void eventually(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** A client of the operator API in JSON or protobuf. */
  static final class Operator {
    private final MasterFixture m;
    private final boolean protobuf;

    Operator(MasterFixture m, boolean protobuf) {
      this.m = m;
      this.protobuf = protobuf;
    }

    private String type() {
      return protobuf ? PROTOBUF : JSON;
    }

    private HttpRequest request(Call call) {
      return HttpRequest.newBuilder(m.uri().resolve("/api/v1")).timeout(Duration.ofSeconds(10))
          .header("Content-Type", type()).header("Accept", type())
          .POST(HttpRequest.BodyPublishers.ofByteArray(protobuf ? call.toByteArray() : MesosJson.printUtf8(call))).build();
    }

    HttpResponse<byte[]> post(Call call) throws Exception {
      return m.http.send(request(call), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A query: 200 and a Response of the accepted type. */
    Response query(Call call) throws Exception {
      HttpResponse<byte[]> r = post(call);
      assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
      assertEquals(type(), r.headers().firstValue("Content-Type").orElse(null));
      Response response = decode(r.body(), Response.newBuilder()).build();
      assertEquals(call.getType().name(), response.getType().name());
      return response;
    }

    /** An action: 200 OK with an empty body, as Mesos answers them. */
    void act(Call call) throws Exception {
      HttpResponse<byte[]> r = post(call);
      assertEquals(200, r.statusCode(), call.getType() + ": " + new String(r.body(), StandardCharsets.UTF_8));
      assertEquals(0, r.body().length);
    }

    void refused(Call call, int status, String says) throws Exception {
      HttpResponse<byte[]> r = post(call);
      String body = new String(r.body(), StandardCharsets.UTF_8);
      assertEquals(status, r.statusCode(), call.getType() + ": " + body);
      assertTrue(body.contains(says), call.getType() + ": expected the body to say \"" + says + "\"; it says: " + body);
    }

    <B extends com.google.protobuf.Message.Builder> B decode(byte[] bytes, B into) throws WireFormatException {
      return protobuf ? Protobuf.parse(bytes, into) : MesosJson.parse(bytes, into);
    }

    /** SUBSCRIBE: waits for the stream to open and its first event. */
    Feed subscribe() throws Exception {
      Feed feed = new Feed();
      RecordStream records = new RecordStream(1 << 26, bytes -> {
        try {
          feed.events.add(decode(bytes, Event.newBuilder()).build());
        } catch (WireFormatException e) {
          throw new IllegalStateException("undecodable operator event", e);
        }
      }, cause -> { });
      Call subscribe = call(Call.Type.SUBSCRIBE);
      feed.stream = HttpEventStream.open(m.uri().resolve("/api/v1"), java.util.Map.of("Content-Type", type(),
          "Accept", type()), protobuf ? subscribe.toByteArray() : MesosJson.printUtf8(subscribe), Duration.ofSeconds(10),
          records);
      assertEquals(200, feed.stream.status(), feed.stream.errorBody());
      feed.contentType = feed.stream.header("Content-Type").orElse(null);
      feed.first = feed.events.poll(10, TimeUnit.SECONDS);
      if (feed.first == null) {
        throw new AssertionError("no first event on the operator stream within 10 s");
      }
      return feed;
    }
  }

  /** An operator SUBSCRIBE stream. */
  static final class Feed implements AutoCloseable {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> skipped = new ArrayList<>();
    HttpEventStream stream;
    String contentType;
    Event first;

    /** The first event, already skipped or still to come (10 s at most), that is {@code wanted}. */
    Event await(Predicate<Event> wanted, String what) throws InterruptedException {
      for (int i = 0; i < skipped.size(); i++) {
        if (wanted.test(skipped.get(i))) {
          return skipped.remove(i);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        long left = deadline - System.nanoTime();
        Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
        if (e == null) {
          throw new AssertionError("no " + what + " on the operator stream within 10 s; saw "
              + skipped.stream().map(Event::getType).toList());
        }
        if (wanted.test(e)) {
          return e;
        }
        skipped.add(e);
      }
    }

    @Override
    public void close() {
      stream.close();
    }
  }
}
