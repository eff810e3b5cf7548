package io.corral.remote.master;

import static io.corral.remote.master.OperatorApiTest.call;
import static io.corral.remote.master.OperatorApiTest.offer;
import static io.corral.remote.master.OperatorApiTest.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.api.MesosJson;
import io.corral.remote.master.sim.SimulatedAgent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.quota.Protos.QuotaConfig;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every input is checked before it changes the master's state, and each refusal names the field:
 * operator calls and SUBSCRIBE answer 400, tasks in an ACCEPT get TASK_ERROR. After each refusal
 * the master's views (GET_STATE, {@code /master/state}) answer 200 and hold nothing the refused
 * call would have added.
 */
class InputValidationTest {
  private static final String JSON = "application/json";
  private static final String SCHEDULER = "/api/v1/scheduler";
  private static final String RESOURCES = "cpus:4;mem:1024;ports:[31000-31009]";

  private MasterFixture m;
  private SimulatedAgent agent;
  private OperatorApiTest.Operator operator;

  @BeforeEach
  void start() throws Exception {
    m = new MasterFixture(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50)));
    agent = m.agent("node-1", RESOURCES, Map.of(), SimulatedAgent.Mode.RUN_UNTIL_KILLED);
    operator = new OperatorApiTest.Operator(m, false);
  }

  @AfterEach
  void stop() {
    m.close();
  }

  // ------------------------------------------------------------------ quota and weights

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void quotaGuaranteesAndLimitsMustBeFiniteNotNegativeAndLimitsNotBelowGuarantees(boolean protobuf) throws Exception {
    OperatorApiTest.Operator op = new OperatorApiTest.Operator(m, protobuf);
    QuotaConfig good = QuotaConfig.newBuilder().setRole("good").putGuarantees("cpus", scalar(1)).build();

    op.refused(updateQuota(good, QuotaConfig.newBuilder().setRole("dev").putGuarantees("cpus", scalar(Double.NaN))
        .build()), 400, "quota_configs[1].guarantees.cpus: NaN is not a finite number");
    op.refused(updateQuota(good, QuotaConfig.newBuilder().setRole("dev").putGuarantees("mem", scalar(512))
        .putLimits("mem", scalar(Double.NEGATIVE_INFINITY)).build()), 400,
        "quota_configs[1].limits.mem: -Infinity is not a finite number");
    op.refused(updateQuota(good, QuotaConfig.newBuilder().setRole("dev").putGuarantees("cpus", scalar(2))
        .putLimits("cpus", scalar(1)).build()), 400, "quota_configs[1].limits.cpus: 1 is below the guarantee of 2");
    op.refused(updateQuota(good, QuotaConfig.newBuilder().setRole("dev").putGuarantees("mem", scalar(-1)).build()),
        400, "quota_configs[1].guarantees.mem: -1 is below the minimum of 0");
    op.refused(updateQuota(good, QuotaConfig.newBuilder().setRole("dev")
        .putGuarantees("cpus", scalar(Double.POSITIVE_INFINITY)).build()), 400,
        "quota_configs[1].guarantees.cpus: Infinity is not a finite number");
    op.refused(updateQuota(good, QuotaConfig.newBuilder().setRole("a b").putGuarantees("cpus", scalar(1)).build()),
        400, "quota_configs[1].role: invalid character in role name 'a b'");
    op.refused(updateQuota(good, good), 400, "quota_configs[1].role: 'good' is given twice");

    // The good config in each refused call was not applied either.
    assertEquals(0, op.query(call(org.apache.mesos.v1.master.Protos.Call.Type.GET_QUOTA)).getGetQuota().getStatus()
        .getConfigsCount());
    assertNoRole(op, "good");
    assertNoRole(op, "dev");
    assertViewsAnswer(0, 0);

    // A limit at or above its guarantee is taken.
    op.act(updateQuota(QuotaConfig.newBuilder().setRole("dev").putGuarantees("cpus", scalar(2))
        .putLimits("cpus", scalar(2)).putLimits("mem", scalar(4096)).build()));
    assertEquals(2.0, op.query(call(org.apache.mesos.v1.master.Protos.Call.Type.GET_QUOTA)).getGetQuota().getStatus()
        .getConfigs(0).getGuaranteesOrThrow("cpus").getValue());
  }

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void weightsMustBeFiniteAndPositiveAndARefusedCallChangesNoWeight(boolean protobuf) throws Exception {
    OperatorApiTest.Operator op = new OperatorApiTest.Operator(m, protobuf);
    Protos.WeightInfo good = Protos.WeightInfo.newBuilder().setRole("good").setWeight(2).build();
    op.refused(updateWeights(good, Protos.WeightInfo.newBuilder().setRole("dev").setWeight(Double.POSITIVE_INFINITY)
        .build()), 400, "weight_infos[1].weight: Infinity is not a finite number");
    op.refused(updateWeights(good, Protos.WeightInfo.newBuilder().setRole("dev").setWeight(Double.NaN).build()), 400,
        "weight_infos[1].weight: NaN is not a finite number");
    op.refused(updateWeights(good, Protos.WeightInfo.newBuilder().setRole("dev").setWeight(-2).build()), 400,
        "weight_infos[1].weight: weight of role 'dev' must be positive, not -2");
    op.refused(updateWeights(good, Protos.WeightInfo.newBuilder().setRole("..").setWeight(1).build()), 400,
        "weight_infos[1].role: invalid role name '..'");
    assertEquals(0, op.query(call(org.apache.mesos.v1.master.Protos.Call.Type.GET_WEIGHTS)).getGetWeights()
        .getWeightInfosCount(), "the good weight of each refused call was not applied");
    assertNoRole(op, "good");
    assertViewsAnswer(0, 0);
  }

  // ------------------------------------------------------------------ SUBSCRIBE

  @Test
  void aLoneSurrogateInAFrameworkNameIs400AndLogsNoStackTrace() throws Exception {
    List<LogRecord> protobufWarnings = new ArrayList<>();
    Logger protobufLog = Logger.getLogger("com.google.protobuf");
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        protobufWarnings.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    protobufLog.addHandler(capture);
    try {
      // Sent as JSON's escape: a high surrogate with no low one after it.
      HttpResponse<String> r = post("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":"
          + "{\"user\":\"u\",\"name\":\"bad\\ud800name\",\"failover_timeout\":60}}}");
      // Refused as it is parsed (Mesos' JSON parser refuses it too), with the field's path.
      assertRefused(r, 400, "Failed to parse body into Call: field 'subscribe.framework_info.name':"
          + " contains a lone UTF-16 surrogate (U+D800 at index 3)");
    } finally {
      protobufLog.removeHandler(capture);
    }
    // Before, protobuf wrote "?" for it and logged "Converting ill-formed UTF-16" with a stack trace.
    assertEquals(List.of(), protobufWarnings.stream().map(LogRecord::getMessage).toList());
    assertViewsAnswer(0, 0);
  }

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void frameworkInfoFieldsAreCheckedAndNamed(boolean protobuf) throws Exception {
    assertSubscribeRefused(TestFramework.info("nul\u0000name"), protobuf,
        "subscribe.framework_info.name: contains a NUL character (at index 3)");
    assertSubscribeRefused(TestFramework.info("n".repeat(1025)), protobuf,
        "subscribe.framework_info.name: 1025 bytes, over the limit of 1024");
    assertSubscribeRefused(TestFramework.info("u").setUser("x\u0000"), protobuf,
        "subscribe.framework_info.user: contains a NUL character (at index 1)");
    assertSubscribeRefused(TestFramework.info("h").setHostname("h".repeat(256)), protobuf,
        "subscribe.framework_info.hostname: 256 bytes, over the limit of 255");
    assertSubscribeRefused(TestFramework.info("p").setPrincipal("p\u0000"), protobuf,
        "subscribe.framework_info.principal: contains a NUL character (at index 1)");
    assertSubscribeRefused(TestFramework.info("f").setFailoverTimeout(Double.NaN), protobuf,
        "subscribe.framework_info.failover_timeout: NaN is not a finite number");
    assertSubscribeRefused(TestFramework.info("f").setFailoverTimeout(Double.POSITIVE_INFINITY), protobuf,
        "subscribe.framework_info.failover_timeout: Infinity is not a finite number");
    assertSubscribeRefused(TestFramework.info("f").setFailoverTimeout(-1), protobuf,
        "subscribe.framework_info.failover_timeout: -1 is below the minimum of 0");
    assertSubscribeRefused(TestFramework.info("f").setFailoverTimeout(1e10), protobuf,
        "subscribe.framework_info.failover_timeout: 10000000000 is over the limit of 9223372036");
    assertSubscribeRefused(TestFramework.info("i").setId(Protos.FrameworkID.newBuilder().setValue("..")), protobuf,
        "subscribe.framework_info.id: '..' is not allowed (it names a directory)");
    assertSubscribeRefused(TestFramework.info("i").setId(Protos.FrameworkID.newBuilder().setValue("f".repeat(300))),
        protobuf, "subscribe.framework_info.id: 300 bytes, over the limit of 255");
    assertSubscribeRefused(TestFramework.info("r").addRoles("web").addRoles("web").addCapabilities(multiRole()), protobuf,
        "subscribe.framework_info.roles[1]: 'web' is given twice");
    assertSubscribeRefused(TestFramework.info("r").addRoles("r\u0000").addCapabilities(multiRole()), protobuf,
        "subscribe.framework_info.roles[0]: contains a NUL character (at index 1)");
    assertViewsAnswer(0, 0);

    // At the limits, it subscribes.
    try (TestFramework f = TestFramework.subscribe(m.uri(), TestFramework.info("n".repeat(1024))
        .setFailoverTimeout(FrameworkInfoRules.MAX_FAILOVER_TIMEOUT_SECONDS).build(), protobuf)) {
      assertEquals("n".repeat(1024), operator.query(call(org.apache.mesos.v1.master.Protos.Call.Type.GET_FRAMEWORKS))
          .getGetFrameworks().getFrameworks(0).getFrameworkInfo().getName());
    }
  }

  // ------------------------------------------------------------------ tasks in an ACCEPT

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void tasksWithBadIdsNamesOrResourcesGetTaskErrorNamingTheField(boolean protobuf) throws Exception {
    TestFramework f = m.framework("careless", protobuf);
    Protos.Offer offer = offer(f);
    String longId = "t".repeat(10_000);
    Protos.TaskInfo nanMem = TestFramework.task("nan-mem", offer, "cpus:1", "true").toBuilder()
        .addResources(Protos.Resource.newBuilder().setName("mem").setType(Protos.Value.Type.SCALAR)
            .setScalar(Protos.Value.Scalar.newBuilder().setValue(Double.NaN))).build();
    Protos.TaskInfo badExecutor = TestFramework.task("bad-executor", offer, "cpus:1;mem:64", "true").toBuilder()
        .setExecutor(Protos.ExecutorInfo.newBuilder().setExecutorId(Protos.ExecutorID.newBuilder().setValue("e/1"))
            .setCommand(Protos.CommandInfo.newBuilder().setValue("true"))).build();
    Protos.TaskInfo nulName = TestFramework.task("nul-name", offer, "cpus:1;mem:64", "true").toBuilder()
        .setName("a\u0000b").build();
    f.launch(offer, TestFramework.task(longId, offer, "cpus:1;mem:64", "true"),
        TestFramework.task("..", offer, "cpus:1;mem:64", "true"),
        TestFramework.task("a/b", offer, "cpus:1;mem:64", "true"), nanMem, badExecutor, nulName);

    assertTaskError(f, longId, "task_id: 10000 bytes, over the limit of 255");
    assertTaskError(f, "..", "task_id: '..' is not allowed (it names a directory)");
    assertTaskError(f, "a/b", "task_id: 'a/b' contains '/'");
    assertTaskError(f, "nan-mem", "resources: mem: NaN is not a finite number");
    assertTaskError(f, "bad-executor", "executor.executor_id: 'e/1' contains '/'");
    assertTaskError(f, "nul-name", "name: contains a NUL character (at index 1)");

    assertEquals(0, agent.launches(), "nothing reached the agent");
    assertViewsAnswer(1, 0);
    // Nothing of the offer was used: all of it is offered again.
    Protos.Offer again = offer(f);
    assertEquals(4.0, scalar(again, "cpus"));
    assertEquals(1024.0, scalar(again, "mem"));
  }

  // ------------------------------------------------------------------ operations that are not implemented

  @ParameterizedTest(name = "protobuf={0}")
  @ValueSource(booleans = {false, true})
  void aReserveInAnAcceptRefusesTheWholeAcceptAndReturnsTheOffer(boolean protobuf) throws Exception {
    TestFramework f = m.framework("reserver", protobuf);
    Protos.Offer offer = offer(f);
    Protos.Resource reserved = Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(1))
        .addReservations(Protos.Resource.ReservationInfo.newBuilder()
            .setType(Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole("*")).build();
    Call accept = Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(f.id()).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.RESERVE)
            .setId(Protos.OperationID.newBuilder().setValue("reserve-1"))
            .setReserve(Protos.Offer.Operation.Reserve.newBuilder().addResources(reserved)))
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
            .setLaunch(Protos.Offer.Operation.Launch.newBuilder()
                .addTaskInfos(TestFramework.task("needs-reservation", offer, "cpus:1;mem:64", "sleep 100"))))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600))).build();
    f.call(accept); // 202: problems inside an ACCEPT are updates, not HTTP errors

    String message = "RESERVE operations are not supported by this master; the ACCEPT was not applied";
    Protos.TaskStatus error = update(f, "needs-reservation", Protos.TaskState.TASK_ERROR);
    assertEquals(Protos.TaskStatus.Reason.REASON_TASK_INVALID, error.getReason());
    assertEquals(Protos.TaskStatus.Source.SOURCE_MASTER, error.getSource());
    assertEquals(message, error.getMessage());
    Protos.OperationStatus operation = OperatorApiTest.await(f, e -> e.getType() == Event.Type.UPDATE_OPERATION_STATUS,
        "UPDATE_OPERATION_STATUS").getUpdateOperationStatus().getStatus();
    assertEquals("reserve-1", operation.getOperationId().getValue());
    assertEquals(Protos.OperationState.OPERATION_ERROR, operation.getState());
    assertEquals(message, operation.getMessage());

    // The offer went back at once (the ACCEPT's refuse_seconds of an hour did not apply): all of it comes again.
    Protos.Offer again = offer(f);
    assertFalse(again.getId().equals(offer.getId()), "a new offer");
    assertEquals(4.0, scalar(again, "cpus"));
    assertEquals(1024.0, scalar(again, "mem"));
    assertEquals(0, agent.launches(), "nothing reached the agent");
    assertViewsAnswer(1, 0);
  }

  @Test
  void createAndDestroyWithALaunchGroupAreRefusedTooAndSaySo() throws Exception {
    TestFramework f = m.framework("volumes", false);
    Protos.Offer offer = offer(f);
    Protos.ExecutorInfo executor = Protos.ExecutorInfo.newBuilder().setType(Protos.ExecutorInfo.Type.DEFAULT)
        .setExecutorId(Protos.ExecutorID.newBuilder().setValue("group-executor")).build();
    Call accept = Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(f.id()).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.CREATE)
            .setCreate(Protos.Offer.Operation.Create.newBuilder()))
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.DESTROY)
            .setDestroy(Protos.Offer.Operation.Destroy.newBuilder()))
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
            .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor)
                .setTaskGroup(Protos.TaskGroupInfo.newBuilder()
                    .addTasks(TestFramework.task("in-group", offer, "cpus:1;mem:64", "sleep 100"))))))
        .build();
    f.call(accept);
    Protos.TaskStatus error = update(f, "in-group", Protos.TaskState.TASK_ERROR);
    // What Mesos says of a task group it cannot launch.
    assertEquals(Protos.TaskStatus.Reason.REASON_TASK_GROUP_INVALID, error.getReason());
    assertEquals("CREATE and DESTROY operations are not supported by this master; the ACCEPT was not applied",
        error.getMessage());
    assertEquals(4.0, scalar(offer(f), "cpus"));
    assertEquals(0, agent.launches());
    assertFalse(f.seen.stream().anyMatch(e -> e.getType() == Event.Type.UPDATE_OPERATION_STATUS),
        "no operation asked for feedback: no operation status");
  }

  @Test
  void operationIdsGetWhatMesosGives() throws Exception {
    TestFramework f = m.framework("feedback", false);
    Protos.Offer offer = offer(f);
    // A LAUNCH asking for operation feedback: its tasks get TASK_ERROR, the rest of the ACCEPT goes on.
    f.call(Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(f.id()).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
            .setId(Protos.OperationID.newBuilder().setValue("launch-1"))
            .setLaunch(Protos.Offer.Operation.Launch.newBuilder()
                .addTaskInfos(TestFramework.task("with-id", offer, "cpus:1;mem:64", "sleep 100"))))
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
            .setLaunch(Protos.Offer.Operation.Launch.newBuilder()
                .addTaskInfos(TestFramework.task("without-id", offer, "cpus:1;mem:64", "sleep 100"))))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build());
    assertTaskError(f, "with-id", "The 'id' field cannot be set on LAUNCH operations");
    update(f, "without-id", Protos.TaskState.TASK_RUNNING);

    // With an offer no longer valid, a RESERVE asking for feedback gets OPERATION_ERROR saying so.
    f.call(Call.newBuilder().setType(Call.Type.ACCEPT).setFrameworkId(f.id()).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.RESERVE)
            .setId(Protos.OperationID.newBuilder().setValue("reserve-late"))
            .setReserve(Protos.Offer.Operation.Reserve.newBuilder()))).build());
    Protos.OperationStatus late = OperatorApiTest.await(f, e -> e.getType() == Event.Type.UPDATE_OPERATION_STATUS,
        "UPDATE_OPERATION_STATUS").getUpdateOperationStatus().getStatus();
    assertEquals("reserve-late", late.getOperationId().getValue());
    assertEquals(Protos.OperationState.OPERATION_ERROR, late.getState());
    assertEquals("Operation attempted with invalid offers: Offer " + offer.getId().getValue() + " is no longer valid",
        late.getMessage());
    assertEquals(1, agent.launches(), "only the task without an operation id was launched");
    assertViewsAnswer(1, 1);
  }

  // ------------------------------------------------------------------ ids in other scheduler calls

  @Test
  void idsInOtherSchedulerCallsAreCheckedAndNamed() throws Exception {
    TestFramework f = m.framework("killer", false);
    Protos.Offer offer = offer(f);
    assertRefused(send(f, Call.newBuilder().setType(Call.Type.KILL).setFrameworkId(f.id()).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue("a/b"))).build()), 400, "kill.task_id: 'a/b' contains '/'");
    // One bad id refuses the DECLINE before any offer is declined: the good offer is still held.
    assertRefused(send(f, Call.newBuilder().setType(Call.Type.DECLINE).setFrameworkId(f.id())
        .setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())
            .addOfferIds(Protos.OfferID.newBuilder().setValue("")))
        .build()), 400, "decline.offer_ids[1]: must not be empty");
    f.launch(offer, TestFramework.task("after", offer, "cpus:1;mem:64", "sleep 100"));
    update(f, "after", Protos.TaskState.TASK_RUNNING);
    assertRefused(send(f, Call.newBuilder().setType(Call.Type.RECONCILE).setFrameworkId(f.id())
        .setReconcile(Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task.newBuilder()
            .setTaskId(Protos.TaskID.newBuilder().setValue("x".repeat(256))))).build()), 400,
        "reconcile.tasks[0].task_id: 256 bytes, over the limit of 255");
    assertViewsAnswer(1, 1);
  }

  @Test
  void operatorCallsCheckTheIdsTheyName() throws Exception {
    operator.refused(org.apache.mesos.v1.master.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.master.Protos.Call.Type.DRAIN_AGENT)
        .setDrainAgent(org.apache.mesos.v1.master.Protos.Call.DrainAgent.newBuilder()
            .setAgentId(Protos.AgentID.newBuilder().setValue(""))).build(), 400, "drain_agent.agent_id: must not be empty");
    operator.refused(org.apache.mesos.v1.master.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.master.Protos.Call.Type.MARK_AGENT_GONE)
        .setMarkAgentGone(org.apache.mesos.v1.master.Protos.Call.MarkAgentGone.newBuilder()
            .setAgentId(Protos.AgentID.newBuilder().setValue("a b"))).build(), 400,
        "mark_agent_gone.agent_id: 'a b' contains whitespace");
    operator.refused(org.apache.mesos.v1.master.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.master.Protos.Call.Type.TEARDOWN)
        .setTeardown(org.apache.mesos.v1.master.Protos.Call.Teardown.newBuilder()
            .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(".."))).build(), 400,
        "teardown.framework_id: '..' is not allowed");
    assertTrue(operator.query(call(org.apache.mesos.v1.master.Protos.Call.Type.GET_AGENTS)).getGetAgents()
        .getAgents(0).getActive(), "the agent is as it was");
  }

  // ------------------------------------------------------------------ helpers

  private static Protos.FrameworkInfo.Capability multiRole() {
    return Protos.FrameworkInfo.Capability.newBuilder().setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE).build();
  }

  private static Protos.Value.Scalar scalar(double v) {
    return Protos.Value.Scalar.newBuilder().setValue(v).build();
  }

  private static double scalar(Protos.Offer offer, String name) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  private static org.apache.mesos.v1.master.Protos.Call updateQuota(QuotaConfig... configs) {
    return org.apache.mesos.v1.master.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.master.Protos.Call.Type.UPDATE_QUOTA)
        .setUpdateQuota(org.apache.mesos.v1.master.Protos.Call.UpdateQuota.newBuilder()
            .addAllQuotaConfigs(List.of(configs))).build();
  }

  private static org.apache.mesos.v1.master.Protos.Call updateWeights(Protos.WeightInfo... weights) {
    return org.apache.mesos.v1.master.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.master.Protos.Call.Type.UPDATE_WEIGHTS)
        .setUpdateWeights(org.apache.mesos.v1.master.Protos.Call.UpdateWeights.newBuilder()
            .addAllWeightInfos(List.of(weights))).build();
  }

  private static void assertNoRole(OperatorApiTest.Operator op, String role) throws Exception {
    Response.GetRoles roles = op.query(call(org.apache.mesos.v1.master.Protos.Call.Type.GET_ROLES)).getGetRoles();
    assertFalse(roles.getRolesList().stream().anyMatch(r -> r.getName().equals(role)), roles.toString());
  }

  private static void assertTaskError(TestFramework f, String taskId, String message) throws Exception {
    Protos.TaskStatus s = update(f, taskId, Protos.TaskState.TASK_ERROR);
    assertEquals(Protos.TaskStatus.Reason.REASON_TASK_INVALID, s.getReason(), taskId);
    assertEquals(message, s.getMessage());
  }

  private void assertSubscribeRefused(Protos.FrameworkInfo.Builder info, boolean protobuf, String says)
      throws Exception {
    Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    HttpRequest.Builder b = HttpRequest.newBuilder(m.uri().resolve(SCHEDULER)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", protobuf ? "application/x-protobuf" : JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(protobuf ? subscribe.toByteArray() : MesosJson.printUtf8(subscribe)));
    assertRefused(m.http.send(b.build(), HttpResponse.BodyHandlers.ofString()), 400, says);
  }

  /**
   * GET_STATE and {@code /master/state} answer 200 and list as many frameworks and tasks as
   * expected: a refused call left nothing behind.
   */
  private void assertViewsAnswer(int frameworks, int tasks) throws Exception {
    Response.GetState state = operator.query(call(org.apache.mesos.v1.master.Protos.Call.Type.GET_STATE)).getGetState();
    assertEquals(frameworks, state.getGetFrameworks().getFrameworksCount(), state.getGetFrameworks().toString());
    assertEquals(tasks, state.getGetTasks().getTasksCount(), state.getGetTasks().toString());
    assertEquals(0, state.getGetTasks().getCompletedTasksCount(), "refused tasks are no completed tasks either");
    HttpResponse<String> v0 = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/master/state"))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, v0.statusCode(), v0.body());
    JsonNode json = new ObjectMapper().readTree(v0.body());
    assertEquals(frameworks, json.get("frameworks").size(), v0.body());
    int listed = 0;
    for (JsonNode framework : json.get("frameworks")) {
      listed += framework.get("tasks").size() + framework.get("completed_tasks").size();
    }
    assertEquals(tasks, listed, v0.body());
  }

  private HttpResponse<String> post(String json) throws Exception {
    return m.http.send(HttpRequest.newBuilder(m.uri().resolve(SCHEDULER)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(TestFramework f, Call call) throws Exception {
    return m.http.send(HttpRequest.newBuilder(m.uri().resolve(SCHEDULER)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", JSON).header("Mesos-Stream-Id", f.client.streamId())
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printUtf8(call))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRefused(HttpResponse<String> r, int status, String says) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.body().contains(says), "expected the body to say \"" + says + "\"; it says: " + r.body());
  }
}
