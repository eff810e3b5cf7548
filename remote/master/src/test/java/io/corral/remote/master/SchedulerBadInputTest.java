package io.corral.remote.master;

import static io.corral.remote.master.OperatorApiTest.offer;
import static io.corral.remote.master.OperatorApiTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.UnknownFieldSet;
import io.corral.remote.api.MesosJson;
import io.corral.remote.master.sim.SimulatedAgent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler endpoint refuses bad input with the status and message Mesos' {@code http.cpp}
 * gives, and keeps serving: after every refusal a well-behaved framework still subscribes and
 * gets offers. Problems inside a valid ACCEPT are not HTTP errors: the call is accepted (202)
 * and the task gets an UPDATE saying why.
 */
class SchedulerBadInputTest {
  private static final String JSON = "application/json";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String SCHEDULER = "/api/v1/scheduler";

  private MasterFixture m;
  private SimulatedAgent agent;

  private static MasterConfig config() {
    // Heartbeats every 200 ms let the master notice a closed stream quickly.
    return MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofMillis(200), Duration.ofSeconds(15), 5, Duration.ofMillis(50));
  }

  @BeforeEach
  void start() throws IOException {
    start(config());
  }

  private void start(MasterConfig config) throws IOException {
    m = new MasterFixture(config);
    agent = m.agent("node-1", "cpus:4;mem:1024;ports:[31000-31009]", Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
  }

  @AfterEach
  void stop() {
    if (m != null) {
      m.close();
    }
  }

  // ------------------------------------------------------------------ malformed requests

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<String> r = post("{\"type\": \"SUBSCRIBE\", ".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);
    assertRefused(r, 400, "Failed to parse body into Call");
    assertTrue(r.body().contains("malformed JSON"), r.body());
    assertStillServes();
  }

  @Test
  void malformedProtobufIs400() throws Exception {
    // Field 1 (framework_id), length-delimited, claims 127 bytes and has 1.
    byte[] truncated = {0x0a, 0x7f, 0x01};
    HttpResponse<String> r = post(truncated, "Content-Type", PROTOBUF, "Accept", PROTOBUF);
    assertRefused(r, 400, "Failed to parse body into Call");
    assertTrue(r.body().contains("malformed protobuf"), r.body());
    assertStillServes();
  }

  @Test
  void unknownCallTypeIs400AndNamesTheType() throws Exception {
    HttpResponse<String> json = post("{\"type\":\"FOO\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);
    assertRefused(json, 400, "Failed to validate scheduler::Call");
    assertTrue(json.body().contains("'FOO'"), "the message names the type sent: " + json.body());

    // Protobuf: type is field 2; 99 is no Call.Type, so it lands in the unknown fields.
    byte[] unknownNumber = Call.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(2, UnknownFieldSet.Field.newBuilder().addVarint(99).build()).build()).build().toByteArray();
    HttpResponse<String> proto = post(unknownNumber, "Content-Type", PROTOBUF);
    assertRefused(proto, 400, "Failed to validate scheduler::Call");
    assertTrue(proto.body().contains("99"), "the message names the number sent: " + proto.body());

    HttpResponse<String> none = post("{}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);
    assertRefused(none, 400, "Expecting 'type' to be present");
    assertStillServes();
  }

  @Test
  void aCallWithoutItsArgumentsIs400() throws Exception {
    TestFramework f = m.framework("terse", false);
    for (Call.Type type : new Call.Type[] {Call.Type.KILL, Call.Type.ACCEPT, Call.Type.ACKNOWLEDGE}) {
      Call bare = Call.newBuilder().setType(type).setFrameworkId(f.id()).build();
      String field = type.name().toLowerCase(java.util.Locale.ROOT);
      assertRefused(send(f, bare), 400, "Failed to validate scheduler::Call: Expecting '" + field + "' to be present");
    }
    // REVIVE and SUPPRESS take their arguments optionally, as in Mesos.
    assertEquals(202, send(f, Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(f.id()).build()).statusCode());
    assertStillServes();
  }

  @Test
  void missingContentTypeIs400() throws Exception {
    HttpResponse<String> r = post(json(subscribe("no-content-type")));
    assertRefused(r, 400, "Expecting 'Content-Type' to be present");
    assertStillServes();
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    HttpResponse<String> r = post(json(subscribe("text")), "Content-Type", "text/plain");
    assertRefused(r, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
    assertStillServes();
  }

  @Test
  void subscribeAcceptingOnlyHtmlIs406() throws Exception {
    HttpResponse<String> r = post(json(subscribe("html")), "Content-Type", JSON, "Accept", "text/html");
    assertRefused(r, 406, "Expecting 'Accept' to allow");
    assertTrue(r.body().contains(PROTOBUF) && r.body().contains(JSON), r.body());
    assertStillServes();
  }

  @Test
  void getInsteadOfPostIs405() throws Exception {
    HttpResponse<String> r = m.http.send(HttpRequest.newBuilder(m.uri().resolve(SCHEDULER))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertRefused(r, 405, "Expecting 'POST', received 'GET'");
    assertEquals("POST", r.headers().firstValue("Allow").orElse(null));
    assertStillServes();
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    m.close();
    start(config().withMaxBodyBytes(16 * 1024));
    byte[] big = new byte[64 * 1024];
    Arrays.fill(big, (byte) ' ');
    byte[] json = json(subscribe("big"));
    System.arraycopy(json, 0, big, 0, json.length);

    HttpResponse<String> sized = post(big, "Content-Type", JSON);
    assertRefused(sized, 413, "over the limit of 16384 bytes");
    assertEquals(java.util.Optional.empty(), sized.headers().firstValue("Connection"),
        "the body was read and dropped, so the connection goes on");

    // Without Content-Length (chunked), the limit is enforced while reading.
    HttpResponse<String> chunked = m.http.send(HttpRequest.newBuilder(m.uri().resolve(SCHEDULER))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertRefused(chunked, 413, "over the limit of 16384 bytes");
    assertStillServes();
  }

  // ------------------------------------------------------------------ who is calling

  @Test
  void callsFromUnknownFrameworksAre400FrameworkCannotBeFound() throws Exception {
    Call decline = Call.newBuilder().setType(Call.Type.DECLINE)
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("never-subscribed"))
        .setDecline(Call.Decline.newBuilder().addOfferIds(Protos.OfferID.newBuilder().setValue("o-1"))).build();
    assertRefused(post(json(decline), "Content-Type", JSON, "Mesos-Stream-Id", "some-stream"), 400,
        "Framework cannot be found");
    assertRefused(post(decline.toByteArray(), "Content-Type", PROTOBUF), 400, "Framework cannot be found");

    Call emptyId = decline.toBuilder().setFrameworkId(Protos.FrameworkID.newBuilder().setValue("")).build();
    assertRefused(post(json(emptyId), "Content-Type", JSON, "Mesos-Stream-Id", "some-stream"), 400,
        "Framework cannot be found");

    Call noId = decline.toBuilder().clearFrameworkId().build();
    assertRefused(post(json(noId), "Content-Type", JSON), 400, "Expecting 'framework_id' to be present");
    assertStillServes();
  }

  @Test
  void aFrameworkWhoseStreamClosedIs403NotSubscribed() throws Exception {
    try (OperatorApiTest.Feed feed = new OperatorApiTest.Operator(m, false).subscribe()) {
      TestFramework f = m.framework("gone-quiet", false);
      String streamId = f.client.streamId();
      Protos.FrameworkID id = f.id();
      f.close();
      feed.await(e -> e.getType() == org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_UPDATED
          && e.getFrameworkUpdated().getFramework().getFrameworkInfo().getId().equals(id)
          && !e.getFrameworkUpdated().getFramework().getConnected(), "FRAMEWORK_UPDATED (disconnected)");
      Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(id).build();
      assertRefused(post(json(revive), "Content-Type", JSON, "Mesos-Stream-Id", streamId), 403,
          "Framework is not subscribed");
    }
    assertStillServes();
  }

  @Test
  void missingStreamIdIs400() throws Exception {
    TestFramework f = m.framework("forgetful", false);
    Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(f.id()).build();
    assertRefused(post(json(revive), "Content-Type", JSON), 400,
        "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    assertStillServes();
  }

  @Test
  void wrongStreamIdIs400() throws Exception {
    TestFramework f = m.framework("confused", true);
    Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(f.id()).build();
    HttpResponse<String> r = post(revive.toByteArray(), "Content-Type", PROTOBUF, "Mesos-Stream-Id", "not-my-stream");
    assertRefused(r, 400, "The stream ID 'not-my-stream' included in this request didn't match the stream ID"
        + " currently associated with framework ID " + f.id().getValue());
    assertStillServes();
  }

  @Test
  void subscribeWithAStreamIdIs400() throws Exception {
    HttpResponse<String> r = post(json(subscribe("eager")), "Content-Type", JSON, "Mesos-Stream-Id", "whatever");
    assertRefused(r, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
    assertStillServes();
  }

  @Test
  void subscribeWithAnInvalidRoleIs400() throws Exception {
    Call badRoles = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .setFrameworkInfo(TestFramework.info("bad-roles").addRoles("-leading-dash")
            .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
                .setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE)))).build();
    assertRefused(post(json(badRoles), "Content-Type", JSON), 400, "-leading-dash");

    Call badRole = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .setFrameworkInfo(TestFramework.info("bad-role").setRole("has space"))).build();
    assertRefused(post(badRole.toByteArray(), "Content-Type", PROTOBUF), 400, "has space");

    Call badId = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
        .setFrameworkInfo(TestFramework.info("bad-id").setId(Protos.FrameworkID.newBuilder().setValue("a b")))).build();
    assertRefused(post(json(badId), "Content-Type", JSON), 400, "a b");

    Call noSubscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();
    assertRefused(post(json(noSubscribe), "Content-Type", JSON), 400, "Expecting 'subscribe' to be present");
    assertStillServes();
  }

  // ------------------------------------------------------------------ bad ACCEPTs: 202, then an UPDATE

  @Test
  void acceptingResourcesNotInTheOfferIsTaskError() throws Exception {
    TestFramework f = m.framework("greedy", false);
    Protos.Offer offer = offer(f);
    Call accept = accept(f, offer, TestFramework.task("too-big", offer, "cpus:8;mem:128", "true"),
        TestFramework.task("no-gpus", offer, "cpus:1;mem:128;gpus:1", "true"));
    assertEquals(202, send(f, accept).statusCode());

    Protos.TaskStatus tooBig = update(f, "too-big", Protos.TaskState.TASK_ERROR);
    assertEquals(Protos.TaskStatus.Reason.REASON_TASK_INVALID, tooBig.getReason());
    assertEquals(Protos.TaskStatus.Source.SOURCE_MASTER, tooBig.getSource());
    assertTrue(tooBig.getMessage().contains("cpus:8"), tooBig.getMessage());
    assertTrue(tooBig.getMessage().contains("cpus:4"), "names what the offer had: " + tooBig.getMessage());

    Protos.TaskStatus noGpus = update(f, "no-gpus", Protos.TaskState.TASK_ERROR);
    assertEquals(Protos.TaskStatus.Reason.REASON_TASK_INVALID, noGpus.getReason());
    assertTrue(noGpus.getMessage().contains("gpus"), noGpus.getMessage());

    // Nothing was used: the whole offer comes back.
    Protos.Offer again = offer(f);
    assertTrue(resource(again, "cpus") == 4.0, again.toString());
    assertStillServes();
  }

  @Test
  void acceptingTheSameOfferTwiceDropsTheSecondLaunch() throws Exception {
    TestFramework f = m.framework("twice", true);
    Protos.Offer offer = offer(f);
    assertEquals(202, send(f, accept(f, offer, TestFramework.task("first", offer, "cpus:1;mem:64", "sleep 100")))
        .statusCode());
    assertEquals(202, send(f, accept(f, offer, TestFramework.task("second", offer, "cpus:1;mem:64", "sleep 100")))
        .statusCode());
    // TASK_DROPPED as Mesos says it to a framework that is not partition-aware.
    Protos.TaskStatus dropped = update(f, "second", Protos.TaskState.TASK_LOST);
    assertEquals(Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, dropped.getReason());
    assertTrue(dropped.getMessage().contains("no longer valid"), dropped.getMessage());
    assertTrue(dropped.getMessage().contains(offer.getId().getValue()), dropped.getMessage());
    update(f, "first", Protos.TaskState.TASK_RUNNING);
    assertStillServes();
  }

  @Test
  void aDuplicateTaskIdIsTaskError() throws Exception {
    TestFramework f = m.framework("duplicator", false);
    Protos.Offer offer = offer(f);
    assertEquals(202, send(f, accept(f, offer, TestFramework.task("twin", offer, "cpus:1;mem:64", "sleep 100"),
        TestFramework.task("twin", offer, "cpus:1;mem:64", "sleep 100"))).statusCode());
    Protos.TaskStatus inCall = update(f, "twin", Protos.TaskState.TASK_ERROR);
    assertEquals(Protos.TaskStatus.Reason.REASON_TASK_INVALID, inCall.getReason());
    assertTrue(inCall.getMessage().contains("duplicate ID: twin"), inCall.getMessage());
    update(f, "twin", Protos.TaskState.TASK_RUNNING);

    // The id of a task the master already knows, in a later ACCEPT.
    Protos.Offer next = offer(f);
    assertEquals(202, send(f, accept(f, next, TestFramework.task("twin", next, "cpus:1;mem:64", "sleep 100")))
        .statusCode());
    Protos.TaskStatus known = update(f, "twin", Protos.TaskState.TASK_ERROR);
    assertTrue(known.getMessage().contains("duplicate ID: twin"), known.getMessage());
    assertEquals(1, agent.launches(), "only the first twin reached the agent");
    assertStillServes();
  }

  // ------------------------------------------------------------------ helpers

  private static Call subscribe(String name) {
    return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(TestFramework.info(name))).build();
  }

  private static Call accept(TestFramework f, Protos.Offer offer, Protos.TaskInfo... tasks) {
    return Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(f.id()).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId()).addOperations(Protos.Offer.Operation.newBuilder()
            .setType(Protos.Offer.Operation.Type.LAUNCH)
            .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addAllTaskInfos(Arrays.asList(tasks))))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build();
  }

  private static byte[] json(Call call) {
    return MesosJson.printUtf8(call);
  }

  private static double resource(Protos.Offer offer, String name) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  /** A call as the framework's own client would send it, returning the raw answer. */
  private HttpResponse<String> send(TestFramework f, Call call) throws Exception {
    return post(json(call), "Content-Type", JSON, "Mesos-Stream-Id", f.client.streamId());
  }

  private HttpResponse<String> post(byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(m.uri().resolve(SCHEDULER)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return m.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRefused(HttpResponse<String> r, int status, String says) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.body().contains(says), "expected the body to say \"" + says + "\"; it says: " + r.body());
  }

  /**
   * The master still serves: every framework is torn down through the operator API, and a new,
   * well-behaved framework subscribes and is offered the agent.
   */
  private void assertStillServes() throws Exception {
    OperatorApiTest.Operator operator = new OperatorApiTest.Operator(m, false);
    Response frameworks = operator.query(OperatorApiTest.call(org.apache.mesos.v1.master.Protos.Call.Type.GET_FRAMEWORKS));
    for (Response.GetFrameworks.Framework fw : frameworks.getGetFrameworks().getFrameworksList()) {
      operator.act(org.apache.mesos.v1.master.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.master.Protos.Call.Type.TEARDOWN)
          .setTeardown(org.apache.mesos.v1.master.Protos.Call.Teardown.newBuilder()
              .setFrameworkId(fw.getFrameworkInfo().getId())).build());
    }
    try (TestFramework good = TestFramework.subscribe(m.uri(), "well-behaved", true)) {
      Protos.Offer offer = good.awaitOffer();
      assertEquals(agent.agentId(), offer.getAgentId().getValue());
    }
  }
}
