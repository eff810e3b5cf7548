package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.MesosJson;
import io.corral.remote.master.sim.SimulatedAgent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master that authenticates: who may call which API, and whose frameworks are whose. */
class AuthenticationTest {
  @TempDir Path dir;

  private MasterFixture master() throws Exception {
    Path credentials = Files.writeString(dir.resolve("credentials.json"),
        "{\"credentials\":[{\"principal\":\"fw1\",\"secret\":\"one\"},{\"principal\":\"fw2\",\"secret\":\"two\"}]}");
    return new MasterFixture(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50))
        .withAuthentication(new MasterConfig.Authentication(credentials)));
  }

  private MasterFixture masterWithAcls(String acls) throws Exception {
    Path credentials = Files.writeString(dir.resolve("credentials.json"),
        "{\"credentials\":[{\"principal\":\"fw1\",\"secret\":\"one\"},{\"principal\":\"fw2\",\"secret\":\"two\"}]}");
    Path file = Files.writeString(dir.resolve("acls.json"), acls);
    return new MasterFixture(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50))
        .withAuthentication(new MasterConfig.Authentication(credentials, file)));
  }

  private static String basic(String principal, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(MasterFixture m, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(m.uri().resolve(path)).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return m.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> operator(MasterFixture m, String json, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(m.uri().resolve("/api/v1")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return m.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A SUBSCRIBE by hand: the status, and the stream (closed by the caller) when it is 200. */
  private static HttpResponse<InputStream> subscribe(MasterFixture m, Protos.FrameworkInfo info, String authorization)
      throws Exception {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    HttpRequest.Builder b = HttpRequest.newBuilder(m.uri().resolve("/api/v1/scheduler")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printUtf8(call)));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return m.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String body(HttpResponse<InputStream> r) throws Exception {
    try (InputStream in = r.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyApiButHealthNeedsCredentialsAndSaysWhatWasWrong() throws Exception {
    try (MasterFixture m = master()) {
      assertEquals(200, get(m, "/health", null).statusCode());
      HttpResponse<String> none = get(m, "/master/state", null);
      assertEquals(401, none.statusCode());
      assertEquals("Basic realm=\"corral\"", none.headers().firstValue("WWW-Authenticate").orElse(null));
      HttpResponse<String> wrong = get(m, "/master/state", basic("fw1", "nope"));
      assertEquals(401, wrong.statusCode());
      assertEquals("401: principal fw1: wrong secret", wrong.body());
      assertEquals(200, get(m, "/master/state", basic("fw1", "one")).statusCode());
      assertEquals(401, get(m, "/metrics/snapshot", null).statusCode());
      assertEquals(200, get(m, "/metrics/snapshot", "Bearer " + m.master.operatorToken()).statusCode());

      assertEquals(401, operator(m, "{\"type\":\"GET_STATE\"}", null).statusCode());
      assertEquals(200, operator(m, "{\"type\":\"GET_STATE\"}", basic("fw2", "two")).statusCode());
      String weights = "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"role\":\"r\",\"weight\":2}]}}";
      HttpResponse<String> principalActs = operator(m, weights, basic("fw2", "two"));
      assertEquals(403, principalActs.statusCode());
      assertTrue(principalActs.body().contains("UPDATE_WEIGHTS needs the operator's token"), principalActs.body());
      assertEquals(200, operator(m, weights, "Bearer " + m.master.operatorToken()).statusCode());

      assertEquals(401, subscribe(m, TestFramework.info("anonymous").build(), null).statusCode());

      // The agent endpoint keeps its own credentials.
      m.agent("n1", "cpus:1;mem:64", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
    }
  }

  @Test
  void aclsDecideWhatPrincipalsMayDoBesidesReading() throws Exception {
    String acls = "{\"permissive\": false,"
        + " \"register_frameworks\": [{\"principals\": {\"values\": [\"fw1\"]}, \"roles\": {\"values\": [\"prod\"]}},"
        + "                          {\"principals\": {\"type\": \"ANY\"}, \"roles\": {\"values\": [\"dev\"]}}],"
        + " \"update_weights\": [{\"principals\": {\"values\": [\"fw1\"]}, \"roles\": {\"values\": [\"dev\"]}}],"
        + " \"teardown_frameworks\": [{\"principals\": {\"values\": [\"fw2\"]},"
        + "                          \"framework_principals\": {\"values\": [\"fw1\"]}}]}";
    try (MasterFixture m = masterWithAcls(acls)) {
      HttpResponse<InputStream> prodByFw2 = subscribe(m, TestFramework.info("p").addRoles("prod")
          .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
              .setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE)).build(), basic("fw2", "two"));
      assertEquals(403, prodByFw2.statusCode());
      assertTrue(body(prodByFw2).contains("principal fw2 may not register frameworks in role 'prod'"));

      HttpResponse<InputStream> prodByFw1 = subscribe(m, TestFramework.info("p").addRoles("prod")
          .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
              .setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE)).build(), basic("fw1", "one"));
      assertEquals(200, prodByFw1.statusCode());
      String frameworkId;
      try (InputStream in = prodByFw1.body()) {
        String start = new String(in.readNBytes(200), StandardCharsets.UTF_8);
        int at = start.indexOf("\"value\":\"");
        frameworkId = start.substring(at + 9, start.indexOf('"', at + 9));
      }

      String devWeight = "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"role\":\"dev\",\"weight\":2}]}}";
      String prodWeight = "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"role\":\"prod\",\"weight\":2}]}}";
      assertEquals(200, operator(m, devWeight, basic("fw1", "one")).statusCode());
      HttpResponse<String> prod = operator(m, prodWeight, basic("fw1", "one"));
      assertEquals(403, prod.statusCode());
      assertTrue(prod.body().contains("principal fw1 may not update the weight of role 'prod'"), prod.body());
      assertEquals(403, operator(m, devWeight, basic("fw2", "two")).statusCode());

      String teardown = "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"" + frameworkId + "\"}}}";
      HttpResponse<String> byOwner = operator(m, teardown, basic("fw1", "one"));
      assertEquals(403, byOwner.statusCode(), "permissive false: no ACL lets fw1 tear down");
      assertEquals(200, operator(m, teardown, basic("fw2", "two")).statusCode(), "fw2 may tear down fw1's frameworks");
      HttpResponse<String> drain = operator(m, "{\"type\":\"DRAIN_AGENT\",\"drain_agent\":{\"agent_id\":{\"value\":\"a\"}}}",
          basic("fw1", "one"));
      assertEquals(403, drain.statusCode(), drain.body());
    }
  }

  @Test
  void runTasksDecidesWhichUserAPrincipalsTasksMayRunAs() throws Exception {
    String acls = "{\"run_tasks\": ["
        + " {\"principals\": {\"values\": [\"fw1\"]}, \"users\": {\"values\": [\"alice\", \"root\"]}},"
        + " {\"principals\": {\"values\": [\"fw1\"]}, \"users\": {\"type\": \"NONE\"}},"
        + " {\"principals\": {\"values\": [\"fw2\"]}, \"users\": {\"type\": \"ANY\"}}]}";
    try (MasterFixture m = masterWithAcls(acls)) {
      m.agent("n1", "cpus:8;mem:1024", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      try (TestFramework fw1 = TestFramework.subscribe(m.uri(), TestFramework.info("one").setUser("alice").build(), false,
          Map.of("Authorization", basic("fw1", "one"))).acknowledgingEverything()) {
        Protos.Offer offer = fw1.awaitOffer();
        fw1.launch(offer, TestFramework.task("as-alice", offer, "cpus:1;mem:32", "true"),
            withUser(TestFramework.task("as-bob", offer, "cpus:1;mem:32", "true"), "bob"),
            withUser(TestFramework.task("as-root", offer, "cpus:1;mem:32", "true"), "root"));
        fw1.awaitUpdate("as-alice", Protos.TaskState.TASK_RUNNING);
        fw1.awaitUpdate("as-root", Protos.TaskState.TASK_RUNNING);
        Protos.TaskStatus bob = fw1.awaitUpdate("as-bob", Protos.TaskState.TASK_ERROR);
        assertEquals("principal fw1 may not run tasks as user 'bob' (run_tasks[1])", bob.getMessage());
        assertEquals(Protos.TaskStatus.Reason.REASON_TASK_UNAUTHORIZED, bob.getReason());
      }
      try (TestFramework fw2 = TestFramework.subscribe(m.uri(), TestFramework.info("two").setUser("carol").build(), false,
          Map.of("Authorization", basic("fw2", "two"))).acknowledgingEverything()) {
        Protos.Offer offer = fw2.awaitOffer();
        fw2.launch(offer, TestFramework.task("as-carol", offer, "cpus:1;mem:32", "true"),
            withUser(TestFramework.task("fw2-as-root", offer, "cpus:1;mem:32", "true"), "root"));
        fw2.awaitUpdate("as-carol", Protos.TaskState.TASK_RUNNING);
        Protos.TaskStatus root = fw2.awaitUpdate("fw2-as-root", Protos.TaskState.TASK_ERROR);
        assertEquals("principal fw2 may not run tasks as user 'root' (no run_tasks ACL names root for it; ANY users and"
            + " permissive do not allow root)", root.getMessage());
        assertEquals(Protos.TaskStatus.Reason.REASON_TASK_UNAUTHORIZED, root.getReason());
      }
      try (TestFramework nameless = TestFramework.subscribe(m.uri(), TestFramework.info("three").setUser("").build(),
          false, Map.of("Authorization", basic("fw2", "two"))).acknowledgingEverything()) {
        Protos.Offer offer = nameless.awaitOffer();
        nameless.launch(offer, TestFramework.task("as-nobody-named", offer, "cpus:1;mem:32", "true"),
            withUser(TestFramework.task("as-dave", offer, "cpus:1;mem:32", "true"), "dave"));
        nameless.awaitUpdate("as-dave", Protos.TaskState.TASK_RUNNING);
        Protos.TaskStatus unnamed = nameless.awaitUpdate("as-nobody-named", Protos.TaskState.TASK_ERROR);
        assertTrue(unnamed.getMessage().startsWith("run_tasks: the task names no user"), unnamed.getMessage());
        assertEquals(Protos.TaskStatus.Reason.REASON_TASK_UNAUTHORIZED, unnamed.getReason());
      }
    }
  }

  @Test
  void withoutAclsTasksRunAsAnyUserRootIncluded() throws Exception {
    try (MasterFixture m = master()) {
      m.agent("n1", "cpus:8;mem:1024", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
      try (TestFramework fw1 = TestFramework.subscribe(m.uri(), TestFramework.info("one").setUser("root").build(), false,
          Map.of("Authorization", basic("fw1", "one"))).acknowledgingEverything()) {
        Protos.Offer offer = fw1.awaitOffer();
        fw1.launch(offer, TestFramework.task("as-root", offer, "cpus:1;mem:32", "true"));
        fw1.awaitUpdate("as-root", Protos.TaskState.TASK_RUNNING);
      }
    }
  }

  private static Protos.TaskInfo withUser(Protos.TaskInfo t, String user) {
    return t.toBuilder().setCommand(t.getCommand().toBuilder().setUser(user)).build();
  }

  @Test
  void aFrameworkBelongsToThePrincipalThatRegisteredIt() throws Exception {
    try (MasterFixture m = master()) {
      HttpResponse<InputStream> first = subscribe(m, TestFramework.info("mine").build(), basic("fw1", "one"));
      assertEquals(200, first.statusCode());
      String frameworkId;
      try (InputStream in = first.body()) {
        String start = new String(in.readNBytes(200), StandardCharsets.UTF_8);
        int at = start.indexOf("\"value\":\"");
        frameworkId = start.substring(at + 9, start.indexOf('"', at + 9));
        HttpResponse<String> frameworks = operator(m, "{\"type\":\"GET_FRAMEWORKS\"}", basic("fw1", "one"));
        assertTrue(frameworks.body().contains("\"principal\":\"fw1\""), "the principal is the caller's: "
            + frameworks.body());

        Protos.FrameworkInfo takeover = TestFramework.info("mine").setId(Protos.FrameworkID.newBuilder()
            .setValue(frameworkId)).build();
        HttpResponse<InputStream> other = subscribe(m, takeover, basic("fw2", "two"));
        assertEquals(403, other.statusCode());
        assertTrue(body(other).contains("belongs to principal 'fw1', not to principal 'fw2'"));

        HttpResponse<InputStream> claimed = subscribe(m, TestFramework.info("claims").setPrincipal("fw1").build(),
            basic("fw2", "two"));
        assertEquals(403, claimed.statusCode());
        assertTrue(body(claimed).contains("authenticated as principal 'fw2'"));

        String teardown = "{\"type\":\"TEARDOWN\",\"framework_id\":{\"value\":\"" + frameworkId + "\"}}";
        HttpResponse<String> stranger = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1/scheduler"))
            .header("Content-Type", "application/json").header("Authorization", basic("fw2", "two"))
            .header("Mesos-Stream-Id", first.headers().firstValue("Mesos-Stream-Id").orElseThrow())
            .POST(HttpRequest.BodyPublishers.ofString(teardown)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, stranger.statusCode(), stranger.body());
        assertTrue(operator(m, "{\"type\":\"GET_FRAMEWORKS\"}", basic("fw1", "one")).body().contains(frameworkId),
            "the framework is still there");
      }
    }
  }
}
