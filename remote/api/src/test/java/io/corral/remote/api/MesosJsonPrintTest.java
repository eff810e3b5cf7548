package io.corral.remote.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/** Expected strings are written by hand from the .proto declarations and stout's printing rules. */
class MesosJsonPrintTest {

  @Test
  void subscribedEventAsTheMasterSendsIt() {
    assertEquals("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"fw-1\"},"
        + "\"heartbeat_interval_seconds\":15.0}}", MesosJson.print(MesosMessages.subscribed()));
  }

  @Test
  void subscribeCallPrintsExplicitDefaultsButNotDeprecatedOnes() {
    assertEquals("{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"root\",\"name\":\"corral-test\","
        + "\"failover_timeout\":0.0,\"checkpoint\":false,\"roles\":[\"web\"],"
        + "\"capabilities\":[{\"type\":\"MULTI_ROLE\"}]}}}", MesosJson.print(MesosMessages.subscribe()));
  }

  @Test
  void acceptCallWithLaunchScalarsRangesAndFilters() {
    assertEquals("{\"framework_id\":{\"value\":\"fw-1\"},\"type\":\"ACCEPT\",\"accept\":{"
        + "\"offer_ids\":[{\"value\":\"o-1\"}],"
        + "\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"web\","
        + "\"task_id\":{\"value\":\"t-1\"},\"agent_id\":{\"value\":\"agent-1\"},"
        + "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.5}},"
        + "{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":31000,\"end\":31001}]}}],"
        + "\"command\":{\"shell\":true,\"value\":\"sleep 10\"}}]}}],"
        + "\"filters\":{\"refuse_seconds\":3600.0}}}", MesosJson.print(MesosMessages.accept()));
  }

  @Test
  void uint64AboveLongMaxIsAnUnsignedNumber() {
    assertEquals("{\"type\":\"OFFERS\",\"offers\":{\"offers\":[{\"id\":{\"value\":\"o-1\"},"
        + "\"framework_id\":{\"value\":\"fw-1\"},\"agent_id\":{\"value\":\"agent-1\"},\"hostname\":\"node-1\","
        + "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":4.0}},"
        + "{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":31000,"
        + "\"end\":18446744073709551615}]}}]}]}}", MesosJson.print(MesosMessages.offers()));
  }

  @Test
  void updateWithDoubleTimestampEnumsAndBase64Bytes() {
    assertEquals("{\"type\":\"UPDATE\",\"update\":{\"status\":{\"task_id\":{\"value\":\"t-1\"},"
        + "\"state\":\"TASK_RUNNING\",\"source\":\"SOURCE_EXECUTOR\",\"agent_id\":{\"value\":\"agent-1\"},"
        + "\"timestamp\":1700000000.123456,\"uuid\":\"AAEC/v8=\"}}}", MesosJson.print(MesosMessages.update()));
  }

  @Test
  void int64AndUint32AreNumbers() {
    assertEquals("{\"nanoseconds\":-9223372036854775808}",
        MesosJson.print(TimeInfo.newBuilder().setNanoseconds(Long.MIN_VALUE)));
    assertEquals("{\"id\":\"m\",\"ip\":4294967295,\"port\":5050}",
        MesosJson.print(MasterInfo.newBuilder().setId("m").setIp(-1)));
  }

  @Test
  void unsetFieldWithDefaultIsPrintedWithTheDefault() {
    assertEquals("{\"refuse_seconds\":5.0}", MesosJson.print(Filters.getDefaultInstance()));
    assertEquals("{}", MesosJson.print(Event.getDefaultInstance()));
  }

  @Test
  void mapFieldIsAnObjectKeyedByTheMapKey() {
    TaskInfo.Builder task = TaskInfo.newBuilder()
        .putLimits("cpus", Value.Scalar.newBuilder().setValue(2).build())
        .putLimits("mem", Value.Scalar.newBuilder().setValue(Double.POSITIVE_INFINITY).build());
    assertEquals("{\"limits\":{\"cpus\":{\"value\":2.0},\"mem\":{\"value\":\"Infinity\"}}}", MesosJson.print(task));
  }

  @Test
  void stringsAreEscapedAndNonAsciiIsWrittenAsUnicodeEscapes() {
    Call call = Call.newBuilder().setSuppress(Call.Suppress.newBuilder().addRoles("a\"b\\c\n\u0001/é")).build();
    String json = MesosJson.print(call);
    assertEquals("{\"suppress\":{\"roles\":[\"a\\\"b\\\\c\\n\\u0001/\\u00E9\"]}}", json);
    assertTrue(json.chars().allMatch(c -> c < 128), "ASCII only: clients that count characters as bytes keep framing");
  }
}
