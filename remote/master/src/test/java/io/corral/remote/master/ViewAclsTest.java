package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.resources.Resources;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.master.sim.SimulatedAgent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view ACLs over real HTTP: principal {@code p} may view only user alice's frameworks and
 * tasks, and every read (the operator API, its event stream, /master/state) leaves bob's out,
 * while the operator's token, other principals and a master without ACLs see both.
 */
class ViewAclsTest {
  static final String ONLY_ALICE = """
      {"view_frameworks": [{"principals": {"values": ["p"]}, "users": {"values": ["alice"]}},
                           {"principals": {"values": ["p"]}, "users": {"type": "NONE"}}],
       "view_tasks": [{"principals": {"values": ["p"]}, "users": {"values": ["alice"]}},
                      {"principals": {"values": ["p"]}, "users": {"type": "NONE"}}],
       "view_roles": [{"principals": {"values": ["p"]}, "roles": {"values": ["dev"]}},
                      {"principals": {"values": ["p"]}, "roles": {"type": "NONE"}}],
       "get_quotas": [{"principals": {"values": ["p"]}, "roles": {"values": ["prod"]}},
                      {"principals": {"values": ["p"]}, "roles": {"type": "NONE"}}],
       "access_sandboxes": [{"principals": {"values": ["q"]}, "users": {"values": ["alice"]}},
                            {"principals": {"values": ["q"]}, "users": {"type": "NONE"}}]}""";
  private static final String P = basic("p", "pp");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private MasterFixture master(String acls) throws Exception {
    Path credentials = Files.writeString(dir.resolve("credentials.json"), "{\"credentials\":["
        + "{\"principal\":\"fw-a\",\"secret\":\"a\"},{\"principal\":\"fw-b\",\"secret\":\"b\"},"
        + "{\"principal\":\"p\",\"secret\":\"pp\"},{\"principal\":\"q\",\"secret\":\"qq\"}]}");
    Path file = acls == null ? null : Files.writeString(dir.resolve("acls.json"), acls);
    return new MasterFixture(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50))
        .withAuthentication(new MasterConfig.Authentication(credentials, file)));
  }

  @Test
  void aPrincipalReadsOnlyTheFrameworksAndTasksItMayView() throws Exception {
    try (MasterFixture m = master(ONLY_ALICE)) {
      String operator = "Bearer " + m.master.operatorToken();
      OperatorWatch all = OperatorWatch.subscribe(m, operator);
      OperatorWatch mine = OperatorWatch.subscribe(m, P);
      m.closeables.add(all);
      m.closeables.add(mine);
      m.agent("n1", "cpus:4;mem:1024", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);

      PrincipalFramework bob = PrincipalFramework.subscribe(m, "bob", basic("fw-b", "b"));
      Protos.Offer offer = bob.offer();
      bob.launch(offer, TestFramework.task("bob-task", offer, "cpus:1;mem:64", "sleep 1000"));
      all.awaitRunning("bob-task");
      PrincipalFramework alice = PrincipalFramework.subscribe(m, "alice", basic("fw-a", "a"));
      offer = alice.offer();
      Protos.TaskInfo asBob = TestFramework.task("alice-as-bob", offer, "cpus:1;mem:64", "sleep 1000");
      alice.launch(offer, TestFramework.task("alice-task", offer, "cpus:1;mem:64", "sleep 1000"),
          asBob.toBuilder().setCommand(asBob.getCommand().toBuilder().setUser("bob")).build());
      all.awaitRunning("alice-task");
      all.awaitRunning("alice-as-bob");
      // Events reach a stream in the order they were made: once p has the marker agent's
      // AGENT_ADDED, it has had everything before it it was going to get.
      m.agent("marker", "cpus:1;mem:64", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      mine.await(e -> e.getType() == Event.Type.AGENT_ADDED
          && e.getAgentAdded().getAgent().getAgentInfo().getHostname().equals("marker"), "the marker's AGENT_ADDED");
      String bobId = bob.client.frameworkId().getValue();
      String aliceId = alice.client.frameworkId().getValue();
      mine.awaitRunning("alice-task");
      mine.await(e -> e.getType() == Event.Type.FRAMEWORK_ADDED
          && e.getFrameworkAdded().getFramework().getFrameworkInfo().getId().getValue().equals(aliceId), "alice's framework");
      for (Event e : mine.received) {
        String text = MesosJson.print(e);
        assertFalse(text.contains(bobId) || text.contains("bob-task") || text.contains("alice-as-bob"),
            "p may not see this event: " + text);
      }
      assertTrue(all.received.stream().anyMatch(e -> MesosJson.print(e).contains(bobId)), "the operator sees bob's");

      Response.GetFrameworks frameworks = query(m, Call.Type.GET_FRAMEWORKS, P).getGetFrameworks();
      assertEquals(List.of(aliceId), frameworkIds(frameworks));
      assertEquals(List.of(bobId, aliceId), frameworkIds(query(m, Call.Type.GET_FRAMEWORKS, operator).getGetFrameworks()));
      assertEquals(List.of(bobId, aliceId), frameworkIds(
          query(m, Call.Type.GET_FRAMEWORKS, basic("fw-b", "b")).getGetFrameworks()), "no ACL limits fw-b");
      assertEquals(List.of("alice-task"), taskIds(query(m, Call.Type.GET_TASKS, P).getGetTasks()));
      assertEquals(List.of("bob-task", "alice-task", "alice-as-bob"),
          taskIds(query(m, Call.Type.GET_TASKS, operator).getGetTasks()));

      Response.GetState state = query(m, Call.Type.GET_STATE, P).getGetState();
      assertEquals(List.of(aliceId), frameworkIds(state.getGetFrameworks()));
      assertEquals(List.of("alice-task"), taskIds(state.getGetTasks()));
      assertEquals(2, state.getGetAgents().getAgentsCount(), "agents stay visible");
      Response.GetState later = OperatorWatch.subscribe(m, P).closedAfterFirst().getSubscribed().getGetState();
      assertEquals(List.of(aliceId), frameworkIds(later.getGetFrameworks()), "SUBSCRIBED's state is filtered too");
      assertEquals(List.of("alice-task"), taskIds(later.getGetTasks()));

      JsonNode classic = JSON.readTree(get(m, "/master/state", P).body());
      assertEquals(1, classic.path("frameworks").size(), classic.toString());
      assertEquals(aliceId, classic.path("frameworks").path(0).path("id").asText());
      assertEquals(1, classic.path("frameworks").path(0).path("tasks").size());
      assertEquals("alice-task", classic.path("frameworks").path(0).path("tasks").path(0).path("id").asText());
      JsonNode whole = JSON.readTree(get(m, "/state", operator).body());
      assertEquals(2, whole.path("frameworks").size(), whole.toString());
      assertTrue(get(m, "/metrics/snapshot", P).body().contains("\"master/tasks_running\":3.0"),
          "metrics are aggregates, unfiltered");
    }
  }

  @Test
  void withoutAclsEveryPrincipalSeesEverything() throws Exception {
    try (MasterFixture m = master(null)) {
      m.agent("n1", "cpus:4;mem:1024", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      PrincipalFramework bob = PrincipalFramework.subscribe(m, "bob", basic("fw-b", "b"));
      Protos.Offer offer = bob.offer();
      bob.launch(offer, TestFramework.task("bob-task", offer, "cpus:1;mem:64", "sleep 1000"));
      bob.awaitRunning("bob-task");
      PrincipalFramework alice = PrincipalFramework.subscribe(m, "alice", basic("fw-a", "a"));
      offer = alice.offer();
      alice.launch(offer, TestFramework.task("alice-task", offer, "cpus:1;mem:64", "sleep 1000"));
      alice.awaitRunning("alice-task");

      assertEquals(List.of(bob.client.frameworkId().getValue(), alice.client.frameworkId().getValue()),
          frameworkIds(query(m, Call.Type.GET_FRAMEWORKS, P).getGetFrameworks()));
      assertEquals(List.of("bob-task", "alice-task"), taskIds(query(m, Call.Type.GET_TASKS, P).getGetTasks()));
      Response.GetState subscribed = OperatorWatch.subscribe(m, P).closedAfterFirst().getSubscribed().getGetState();
      assertEquals(List.of("bob-task", "alice-task"), taskIds(subscribed.getGetTasks()));
      assertEquals(2, JSON.readTree(get(m, "/master/state", P).body()).path("frameworks").size());
    }
  }

  @Test
  void rolesWeightsAndQuotasShowOnlyRolesThePrincipalMayView() throws Exception {
    try (MasterFixture m = master(ONLY_ALICE)) {
      String operator = "Bearer " + m.master.operatorToken();
      for (String role : List.of("dev", "prod")) {
        assertEquals(200, post(m, Call.newBuilder().setType(Call.Type.UPDATE_WEIGHTS).setUpdateWeights(
            Call.UpdateWeights.newBuilder().addWeightInfos(Protos.WeightInfo.newBuilder().setRole(role).setWeight(2)))
            .build(), operator).statusCode());
        assertEquals(200, post(m, Call.newBuilder().setType(Call.Type.UPDATE_QUOTA).setUpdateQuota(
            Call.UpdateQuota.newBuilder().addQuotaConfigs(org.apache.mesos.v1.quota.Protos.QuotaConfig.newBuilder()
                .setRole(role).putGuarantees("cpus", Protos.Value.Scalar.newBuilder().setValue(1).build())))
            .build(), operator).statusCode());
      }
      assertEquals(List.of("dev"), query(m, Call.Type.GET_WEIGHTS, P).getGetWeights().getWeightInfosList().stream()
          .map(Protos.WeightInfo::getRole).toList());
      assertEquals(List.of("dev", "prod"), query(m, Call.Type.GET_WEIGHTS, operator).getGetWeights()
          .getWeightInfosList().stream().map(Protos.WeightInfo::getRole).toList());
      assertEquals(List.of("dev"), query(m, Call.Type.GET_ROLES, P).getGetRoles().getRolesList().stream()
          .map(Protos.Role::getName).toList());
      assertEquals(List.of("prod"), query(m, Call.Type.GET_QUOTA, P).getGetQuota().getStatus().getConfigsList().stream()
          .map(org.apache.mesos.v1.quota.Protos.QuotaConfig::getRole).toList(), "get_quotas, not view_roles, decides");
      assertEquals(2, query(m, Call.Type.GET_QUOTA, operator).getGetQuota().getStatus().getConfigsCount());

      OperatorWatch mine = OperatorWatch.subscribe(m, P);
      m.closeables.add(mine);
      m.agent("reserved", "cpus:2;mem:512;cpus(dev):1;cpus(prod):1", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      Event added = mine.await(e -> e.getType() == Event.Type.AGENT_ADDED, "AGENT_ADDED");
      assertEquals(List.of("dev"), reservedRoles(added.getAgentAdded().getAgent().getAgentInfo().getResourcesList()));
      assertEquals(List.of("dev"), reservedRoles(added.getAgentAdded().getAgent().getTotalResourcesList()));
      Response.GetAgents.Agent seen = query(m, Call.Type.GET_AGENTS, P).getGetAgents().getAgents(0);
      assertEquals(List.of("dev"), reservedRoles(seen.getTotalResourcesList()), "the agent stays, prod's reservation goes");
      assertEquals(List.of("dev", "prod"), reservedRoles(query(m, Call.Type.GET_AGENTS, operator).getGetAgents()
          .getAgents(0).getTotalResourcesList()));
      JsonNode slave = JSON.readTree(get(m, "/master/state", P).body()).path("slaves").path(0);
      assertEquals(List.of("dev"), names(slave.path("reserved_resources").fieldNames()));
      assertEquals(4.0, slave.path("resources").path("cpus").asDouble(), "totals stay whole");
    }
  }

  private static List<String> reservedRoles(List<Protos.Resource> resources) {
    return resources.stream().map(Viewer::reservedFor).filter(java.util.Objects::nonNull).distinct().sorted().toList();
  }

  private static List<String> names(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  @Test
  void aSandboxIsReadOnlyByWhoMayViewItsTaskAndAccessItsUsersSandboxes() throws Exception {
    try (MasterFixture m = master(ONLY_ALICE)) {
      LinkedBlockingQueue<JsonNode> asked = new LinkedBlockingQueue<>();
      ObjectNode register = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
      AgentProtocol.put(register, "agent_info", Protos.AgentInfo.newBuilder().setHostname("by-hand")
          .addAllResources(ResourceConversion.toMesos(Resources.parse("cpus:4;mem:1024"), null)).build());
      AgentConnection agent = AgentConnection.register(m.uri(), m.master.bootstrapCredential(), register,
          new AgentConnection.Listener() {
            @Override
            public void onEvent(JsonNode event) {
              asked.add(event);
            }

            @Override
            public void onDisconnected(Throwable cause) {
            }
          }, Duration.ofSeconds(10));
      m.closeables.add(agent);
      PrincipalFramework bob = PrincipalFramework.subscribe(m, "bob", basic("fw-b", "b"));
      Protos.Offer offer = bob.offer();
      bob.launch(offer, TestFramework.task("bob-task", offer, "cpus:1;mem:64", "sleep 1000"));
      next(asked, "LAUNCH");
      PrincipalFramework alice = PrincipalFramework.subscribe(m, "alice", basic("fw-a", "a"));
      offer = alice.offer();
      alice.launch(offer, TestFramework.task("alice-task", offer, "cpus:1;mem:64", "sleep 1000"));
      next(asked, "LAUNCH");

      HttpResponse<String> bobsByP = post(m, readFile("/tasks/bob-task/stdout"), P);
      assertEquals(403, bobsByP.statusCode(), bobsByP.body());
      assertEquals("principal p may not view frameworks of user 'bob' (view_frameworks[1])", bobsByP.body());
      HttpResponse<String> listed = post(m, Call.newBuilder().setType(Call.Type.LIST_FILES)
          .setListFiles(Call.ListFiles.newBuilder().setPath("/tasks/bob-task")).build(), P);
      assertEquals(403, listed.statusCode(), listed.body());
      HttpResponse<String> v0 = m.http.send(HttpRequest.newBuilder(m.uri().resolve(
          "/files/read?path=/tasks/bob-task/stdout&offset=0")).header("Authorization", P).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(403, v0.statusCode(), v0.body());
      HttpResponse<String> bobsByQ = post(m, readFile("/tasks/bob-task/stdout"), basic("q", "qq"));
      assertEquals(403, bobsByQ.statusCode(), bobsByQ.body());
      assertEquals("principal q may not access the sandboxes of user 'bob' (access_sandboxes[1])", bobsByQ.body());
      assertEquals(List.of("bob-task", "alice-task"), taskIds(query(m, Call.Type.GET_TASKS, basic("q", "qq"))
          .getGetTasks()), "q may still view bob's task");

      for (String[] allowed : new String[][] {{"alice-task", P}, {"bob-task", "Bearer " + m.master.operatorToken()}}) {
        CompletableFuture<HttpResponse<String>> read = m.http.sendAsync(HttpRequest.newBuilder(m.uri().resolve("/api/v1"))
            .header("Content-Type", "application/json").header("Accept", "application/json")
            .header("Authorization", allowed[1])
            .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printUtf8(readFile("/tasks/" + allowed[0] + "/stdout"))))
            .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode request = next(asked, "READ_FILE");
        assertEquals(allowed[0], request.path("task_id").asText());
        agent.send(AgentProtocol.message(AgentProtocol.CallType.FILE_DATA).put("request_id",
            request.path("request_id").asText()).put("size", 3).put("data", "YWJj")).get(10, TimeUnit.SECONDS);
        HttpResponse<String> answer = read.get(10, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
      }
    }
  }

  @Test
  void aTaskRunsAsItsCommandsUserElseItsExecutorsElseItsFrameworks() {
    FrameworkEntry framework = new FrameworkEntry(io.corral.core.model.FrameworkId.of("f"));
    framework.wire = TestFramework.info("f").setUser("carol").build();
    Protos.TaskInfo plain = Protos.TaskInfo.newBuilder().setName("t").setTaskId(Protos.TaskID.newBuilder().setValue("t"))
        .setAgentId(Protos.AgentID.newBuilder().setValue("a")).setCommand(Protos.CommandInfo.newBuilder().setValue("true"))
        .build();
    Protos.TaskInfo viaExecutor = plain.toBuilder().clearCommand().setExecutor(Protos.ExecutorInfo.newBuilder()
        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("e"))
        .setCommand(Protos.CommandInfo.newBuilder().setValue("run").setUser("dave"))).build();
    Protos.TaskInfo own = plain.toBuilder().setCommand(plain.getCommand().toBuilder().setUser("erin")).build();
    assertEquals("carol", Viewer.user(entry(plain), framework));
    assertEquals("dave", Viewer.user(entry(viaExecutor), framework));
    assertEquals("erin", Viewer.user(entry(own), framework));
    assertEquals("erin", Viewer.user(entry(own), null));
    assertEquals(null, Viewer.user(entry(plain), null), "a removed framework's task of no user of its own");
  }

  private static TaskEntry entry(Protos.TaskInfo info) {
    io.corral.core.task.Task task = io.corral.core.task.Task.launched(io.corral.core.model.TaskId.of("t"),
        io.corral.core.model.FrameworkId.of("f"), io.corral.core.model.AgentId.of("a"), "t", Resources.EMPTY,
        java.time.Instant.EPOCH);
    return new TaskEntry(task, info, "*", Protos.TaskStatus.getDefaultInstance());
  }

  // ------------------------------------------------------------------ helpers

  private static Call readFile(String path) {
    return Call.newBuilder().setType(Call.Type.READ_FILE)
        .setReadFile(Call.ReadFile.newBuilder().setPath(path).setOffset(0)).build();
  }

  private static JsonNode next(BlockingQueue<JsonNode> events, String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonNode e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no " + type + " for the agent within 10 s");
      }
      if (type.equals(e.path("type").asText())) {
        return e;
      }
    }
  }

  static String basic(String principal, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> post(MasterFixture m, Call call, String authorization) throws Exception {
    return m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1")).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printUtf8(call))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Response query(MasterFixture m, Call.Type type, String authorization) throws Exception {
    HttpResponse<String> r = post(m, Call.newBuilder().setType(type).build(), authorization);
    assertEquals(200, r.statusCode(), type + ": " + r.body());
    return MesosJson.parse(r.body(), Response.newBuilder()).build();
  }

  static HttpResponse<String> get(MasterFixture m, String path, String authorization) throws Exception {
    HttpResponse<String> r = m.http.send(HttpRequest.newBuilder(m.uri().resolve(path)).timeout(Duration.ofSeconds(15))
        .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r;
  }

  static List<String> frameworkIds(Response.GetFrameworks frameworks) {
    return frameworks.getFrameworksList().stream().map(f -> f.getFrameworkInfo().getId().getValue()).toList();
  }

  static List<String> taskIds(Response.GetTasks tasks) {
    List<String> ids = new ArrayList<>();
    tasks.getTasksList().forEach(t -> ids.add(t.getTaskId().getValue()));
    tasks.getCompletedTasksList().forEach(t -> ids.add(t.getTaskId().getValue()));
    return ids;
  }
}
