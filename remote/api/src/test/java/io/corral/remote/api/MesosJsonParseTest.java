package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class MesosJsonParseTest {

  @Test
  void everySampleRoundTripsThroughJson() throws Exception {
    for (Message message : new Message[] {MesosMessages.subscribe(), MesosMessages.accept(),
        MesosMessages.subscribed(), MesosMessages.offers(), MesosMessages.update()}) {
      String json = MesosJson.print(message);
      Message parsed = MesosJson.parse(json, message.newBuilderForType()).build();
      assertEquals(json, MesosJson.print(parsed));
    }
  }

  @Test
  void jsonFromTheMesosDocsParses() throws Exception {
    String json = "{\n  \"framework_id\": {\"value\": \"12220-3440-12532-2345\"},\n  \"type\": \"ACCEPT\",\n"
        + "  \"accept\": {\"offer_ids\": [{\"value\": \"12220-3440-12532-O12\"}],\n"
        + "    \"operations\": [{\"type\": \"LAUNCH\", \"launch\": {\"task_infos\": [{\"name\": \"My Task\",\n"
        + "      \"task_id\": {\"value\": \"12220-3440-12532-my-task\"},\n"
        + "      \"agent_id\": {\"value\": \"12220-3440-12532-S1233\"},\n"
        + "      \"executor\": {\"command\": {\"shell\": true, \"value\": \"sleep 1000\"},\n"
        + "        \"executor_id\": {\"value\": \"12214-23523-my-executor\"}},\n"
        + "      \"resources\": [{\"allocation_info\": {\"role\": \"engineering\"}, \"name\": \"cpus\",\n"
        + "        \"role\": \"*\", \"type\": \"SCALAR\", \"scalar\": {\"value\": 1.0}}]}]}}],\n"
        + "    \"filters\": {\"refuse_seconds\": 5.0}}}";
    Call call = MesosJson.parse(json, Call.newBuilder()).build();
    assertEquals(Call.Type.ACCEPT, call.getType());
    TaskInfo task = call.getAccept().getOperations(0).getLaunch().getTaskInfos(0);
    assertEquals("sleep 1000", task.getExecutor().getCommand().getValue());
    assertEquals(1.0, task.getResources(0).getScalar().getValue());
  }

  @Test
  void sixtyFourBitIntegersAsNumbersOrStrings() throws Exception {
    String json = "{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":["
        + "{\"begin\":31000,\"end\":\"18446744073709551615\"},{\"begin\":\"1\",\"end\":2.0}]}}";
    Value.Ranges ranges = MesosJson.parse(json, Resource.newBuilder()).getRanges();
    assertEquals(31000, ranges.getRange(0).getBegin());
    assertEquals(-1L, ranges.getRange(0).getEnd());
    assertEquals(1, ranges.getRange(1).getBegin());
    assertEquals(2, ranges.getRange(1).getEnd());
    assertEquals(-5, MesosJson.parse("{\"nanoseconds\":\"-5\"}", TimeInfo.newBuilder()).getNanoseconds());
  }

  @Test
  void stoutLeniencies() throws Exception {
    Call call = MesosJson.parse("{\"type\":\"REVIVE\",\"revive\":{\"roles\":\"web\"},\"frameworkId\":{\"value\":\"f\"},"
        + "\"unknown_field\":{\"anything\":[1,2]},\"suppress\":null}", Call.newBuilder()).build();
    assertEquals("web", call.getRevive().getRoles(0));
    assertEquals("f", call.getFrameworkId().getValue());
    assertFalse(call.hasSuppress());

    FrameworkInfo info = MesosJson.parse("{\"user\":\"u\",\"name\":\"n\",\"checkpoint\":\"true\","
        + "\"failover_timeout\":\"Infinity\"}", FrameworkInfo.newBuilder()).build();
    assertTrue(info.getCheckpoint());
    assertEquals(Double.POSITIVE_INFINITY, info.getFailoverTimeout());
  }

  @Test
  void unknownEnumNameInAnOptionalFieldIsDropped() throws Exception {
    Call call = MesosJson.parse("{\"type\":\"TELEPORT\"}", Call.newBuilder()).build();
    assertFalse(call.hasType());
    FrameworkInfo info = MesosJson.parse("{\"user\":\"u\",\"name\":\"n\",\"capabilities\":"
        + "[{\"type\":\"FROM_THE_FUTURE\"},{\"type\":\"MULTI_ROLE\"}]}", FrameworkInfo.newBuilder()).build();
    assertFalse(info.getCapabilities(0).hasType());
    assertEquals(FrameworkInfo.Capability.Type.MULTI_ROLE, info.getCapabilities(1).getType());
  }

  @Test
  void mapFieldsParseFromObjects() throws Exception {
    TaskInfo.Builder task = MesosJson.parse("{\"limits\":{\"cpus\":{\"value\":2},\"mem\":{\"value\":\"Infinity\"}}}",
        TaskInfo.newBuilder().setName("t").setTaskId(MesosMessages.accept().getAccept().getOperations(0).getLaunch()
            .getTaskInfos(0).getTaskId()).setAgentId(MesosMessages.AGENT));
    assertEquals(2.0, task.getLimitsOrThrow("cpus").getValue());
    assertEquals(Double.POSITIVE_INFINITY, task.getLimitsOrThrow("mem").getValue());
  }

  @Test
  void malformedJsonSaysWhere() {
    WireFormatException e = assertThrows(WireFormatException.class,
        () -> MesosJson.parse("{\"type\": \"SUBSCRIBE\",}", Call.newBuilder()));
    assertTrue(e.getMessage().startsWith("malformed JSON at line 1, column 22: "), e.getMessage());
    assertEquals("malformed JSON: no content",
        assertThrows(WireFormatException.class, () -> MesosJson.parse("", Call.newBuilder())).getMessage());
    assertTrue(assertThrows(WireFormatException.class, () -> MesosJson.parse("{} {}", Call.newBuilder()))
        .getMessage().startsWith("malformed JSON at line 1, column 4: "));
  }

  @Test
  void topLevelMustBeAnObject() {
    assertEquals("expected a JSON object for mesos.v1.scheduler.Call, got an array",
        parseError("[]", Call.newBuilder()));
  }

  @Test
  void unknownEnumNameInARequiredFieldIsRefused() {
    assertEquals("field 'accept.operations[0].launch.task_infos[0].resources[1].type': unknown enum value 'RANGE'"
            + " for mesos.v1.Value.Type",
        parseError("{\"accept\":{\"operations\":[{\"launch\":{\"task_infos\":[{\"resources\":["
            + "{\"name\":\"cpus\",\"type\":\"SCALAR\"},{\"name\":\"ports\",\"type\":\"RANGE\"}]}]}}]}}", Call.newBuilder()));
  }

  @Test
  void typeMismatchesNameTheFieldAndTheValue() {
    assertEquals("field 'subscribed.heartbeat_interval_seconds': expected a number, got an object",
        parseError("{\"subscribed\":{\"heartbeat_interval_seconds\":{}}}", Event.newBuilder()));
    assertEquals("field 'subscribed.heartbeat_interval_seconds': expected a number, got a string 'soon'",
        parseError("{\"subscribed\":{\"heartbeat_interval_seconds\":\"soon\"}}", Event.newBuilder()));
    assertEquals("field 'framework_id': expected an object, got a string 'fw-1'",
        parseError("{\"framework_id\":\"fw-1\"}", Call.newBuilder()));
    assertEquals("field 'type': expected an enum name, got a number 3",
        parseError("{\"type\":3}", Call.newBuilder()));
    assertEquals("field 'framework_id.value': expected a string, got a number 12",
        parseError("{\"framework_id\":{\"value\":12}}", Call.newBuilder()));
    assertEquals("field 'type': expected an enum name, got an array",
        parseError("{\"type\":[\"ACCEPT\"]}", Call.newBuilder()));
    assertEquals("field 'refuse_seconds': expected a number, got a boolean",
        parseError("{\"refuse_seconds\":true}", Filters.newBuilder()));
  }

  @Test
  void integersMustBeWholeAndInRange() {
    assertEquals("field 'nanoseconds': expected a 64-bit integer, got a number 1.5",
        parseError("{\"nanoseconds\":1.5}", TimeInfo.newBuilder()));
    assertEquals("field 'nanoseconds': value 9223372036854775808 is out of range for a 64-bit integer",
        parseError("{\"nanoseconds\":9223372036854775808}", TimeInfo.newBuilder()));
    assertEquals("field 'ip': value -1 is out of range for an unsigned 32-bit integer",
        parseError("{\"id\":\"m\",\"ip\":-1}", MasterInfo.newBuilder()));
    assertEquals("field 'ranges.range[0].begin': expected an unsigned 64-bit integer, got a string '12abc'",
        parseError("{\"name\":\"p\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":\"12abc\",\"end\":1}]}}",
            Resource.newBuilder()));
  }

  @Test
  void missingRequiredFieldsAreListedByPath() {
    assertEquals("missing required field(s): framework_id.value, subscribe.framework_info",
        parseError("{\"framework_id\":{},\"type\":\"SUBSCRIBE\",\"subscribe\":{}}", Call.newBuilder()));
    assertEquals("missing required field(s): accept.operations[0].launch.task_infos[0].name, "
            + "accept.operations[0].launch.task_infos[0].task_id, accept.operations[0].launch.task_infos[0].agent_id",
        parseError("{\"accept\":{\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{}]}}]}}",
            Call.newBuilder()));
  }

  @Test
  void badBase64() {
    assertTrue(parseError("{\"message\":{\"agent_id\":{\"value\":\"a\"},\"executor_id\":{\"value\":\"e\"},"
        + "\"data\":\"not base64!\"}}", Call.newBuilder()).startsWith("field 'message.data': invalid base64: "));
  }

  @Test
  void aLoneSurrogateIsRefusedWithItsPathAndAPairIsKept() throws Exception {
    // A high surrogate escaped without its low half: a string no UTF-8 can carry.
    assertEquals("field 'subscribe.framework_info.name': contains a lone UTF-16 surrogate (U+D800 at index 3)",
        parseError("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\","
            + "\"name\":\"bad\\ud800name\"}}}", Call.newBuilder()));
    assertEquals("field 'roles[1]': contains a lone UTF-16 surrogate (U+DC00 at index 0)",
        parseError("{\"user\":\"u\",\"name\":\"n\",\"roles\":[\"ok\",\"\\udc00\"]}", FrameworkInfo.newBuilder()));
    // In a map key (a JSON field name) Jackson refuses it itself.
    assertTrue(parseError("{\"role\":\"dev\",\"guarantees\":{\"cpu\\ud800\":{\"value\":1}}}",
        org.apache.mesos.v1.quota.Protos.QuotaConfig.newBuilder()).contains("Broken surrogate pair in field name"));
    // A high and a low half together are one character (U+1F600), and stay as sent.
    FrameworkInfo paired = MesosJson.parse("{\"user\":\"u\",\"name\":\"smile \\ud83d\\ude00\"}",
        FrameworkInfo.newBuilder()).build();
    assertEquals("smile \uD83D\uDE00", paired.getName());
  }

  private static String parseError(String json, Message.Builder builder) {
    return assertThrows(WireFormatException.class, () -> MesosJson.parse(json, builder)).getMessage();
  }
}
