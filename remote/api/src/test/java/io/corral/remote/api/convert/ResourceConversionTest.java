package io.corral.remote.api.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.core.model.AgentId;
import io.corral.core.resources.Resources;
import java.util.Collections;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

/**
 * Resources and agent infos from the wire are checked before they become core values; each
 * refusal names the resource or field. Without these checks the core's fixed-point conversion
 * would take NaN as 0 and Infinity as 9.2 * 10^15, and a range past 2^63 as a negative one.
 */
class ResourceConversionTest {

  @Test
  void goodResourcesConvert() {
    Resources r = ResourceConversion.fromMesos(List.of(scalar("cpus", 1.5), scalar("mem", 1024),
        ranges("ports", 31000, 31009), set("zones", "a", "b")));
    assertEquals(Resources.parse("cpus:1.5;mem:1024;ports:[31000-31009];zones:{a,b}"), r);
    assertEquals(Resources.EMPTY, ResourceConversion.fromMesos(List.of(scalar("cpus", 0))));
    // The largest amounts taken: Mesos' quota ceilings.
    ResourceConversion.fromMesos(List.of(scalar("mem", ResourceConversion.MAX_MEGABYTES), scalar("cpus", 1e12),
        ranges("ports", 0, ResourceConversion.MAX_RANGE_VALUE)));
  }

  @Test
  void scalarsMustBeFiniteNotNegativeAndWithinTheirLimit() {
    assertEquals("mem: NaN is not a finite number", refusal(scalar("mem", Double.NaN)));
    assertEquals("mem: Infinity is not a finite number", refusal(scalar("mem", Double.POSITIVE_INFINITY)));
    assertEquals("cpus: -Infinity is not a finite number", refusal(scalar("cpus", Double.NEGATIVE_INFINITY)));
    assertEquals("cpus: -1 is below the minimum of 0", refusal(scalar("cpus", -1)));
    assertEquals("disk: 2199023255552 is over the limit of 1099511627776", refusal(scalar("disk", 2d * (1L << 40))));
    assertEquals("gpus: 1000000000001 is over the limit of 1000000000000", refusal(scalar("gpus", 1e12 + 1)));
    assertEquals("mem(web): NaN is not a finite number", refusal(scalar("mem", Double.NaN).toBuilder()
        .addReservations(Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.STATIC)
            .setRole("web")).build()));
  }

  @Test
  void amountsThatAddUpPastWhatTheCoreCountsAreRefused() {
    List<Resource> many = Collections.nCopies(9_000, scalar("mem", ResourceConversion.MAX_MEGABYTES));
    assertEquals("mem: the amounts given add up to more than Corral can count",
        assertThrows(IllegalArgumentException.class, () -> ResourceConversion.fromMesos(many)).getMessage());
  }

  @Test
  void rangesBeginAtOrBeforeTheirEndAsUnsignedNumbersWithinTheCoresCeiling() {
    assertEquals("ports: range 5-3 ends before it begins", refusal(ranges("ports", 5, 3)));
    // 2^64 - 1 arrives as -1: unsigned, it ends after it begins, but past what the core keeps.
    assertEquals("ports: range 0-18446744073709551615 ends past 9223372036854775806, the largest value Corral keeps",
        refusal(ranges("ports", 0, -1L)));
    assertEquals("ports: range 18446744073709551615-0 ends before it begins", refusal(ranges("ports", -1L, 0)));
    assertEquals("ports: range 0-9223372036854775807 ends past 9223372036854775806, the largest value Corral keeps",
        refusal(ranges("ports", 0, Long.MAX_VALUE)));
  }

  @Test
  void setItemsAreNonEmptyText() {
    assertEquals("zones: set item 1 is empty", refusal(set("zones", "a", "")));
    assertEquals("zones: set item 0: contains a NUL character (at index 1)", refusal(set("zones", "a\u0000")));
  }

  @Test
  void namesAndReservationRolesAreChecked() {
    assertEquals("a resource has no name", refusal(scalar("", 1)));
    assertEquals("resource name: 256 bytes, over the limit of 255", refusal(scalar("r".repeat(256), 1)));
    assertEquals("mem: reservation role: invalid role name '..'", refusal(scalar("mem", 1).toBuilder()
        .addReservations(Resource.ReservationInfo.newBuilder().setType(Resource.ReservationInfo.Type.STATIC)
            .setRole("..")).build()));
    assertEquals("mem: unsupported type TEXT", refusal(Resource.newBuilder().setName("mem").setType(Value.Type.TEXT)
        .build()));
  }

  // ------------------------------------------------------------------ agents

  @Test
  void agentInfoRefusalsNameTheFieldUnderAgentInfo() {
    Protos.AgentInfo good = Protos.AgentInfo.newBuilder().setHostname("h")
        .addAllResources(List.of(scalar("cpus", 2), scalar("mem", 512)))
        .addAllAttributes(ModelConversion.attributes(java.util.Map.of("rack", "r1"))).build();
    assertEquals("r1", ModelConversion.agent(good, AgentId.of("a"), "amd64").attributes().get("rack"));

    assertEquals("resources: mem: Infinity is not a finite number", agentRefusal(good.toBuilder()
        .addResources(scalar("mem", Double.POSITIVE_INFINITY))));
    assertEquals("attributes[1].name: must not be empty", agentRefusal(good.toBuilder()
        .addAttributes(text("", "x"))));
    assertEquals("attributes[1].text.value: contains a NUL character (at index 0)", agentRefusal(good.toBuilder()
        .addAttributes(text("zone", "\u0000"))));
    assertEquals("attributes[1].name: contains a lone UTF-16 surrogate (U+DBFF at index 0)", agentRefusal(good.toBuilder()
        .addAttributes(text("\uDBFF", "x"))));
    assertEquals("attributes[1].scalar.value: NaN is not a finite number", agentRefusal(good.toBuilder()
        .addAttributes(Protos.Attribute.newBuilder().setName("speed").setType(Value.Type.SCALAR)
            .setScalar(Value.Scalar.newBuilder().setValue(Double.NaN)))));
    assertEquals("attributes[1].ranges.range[0]: 9-1 ends before it begins", agentRefusal(good.toBuilder()
        .addAttributes(Protos.Attribute.newBuilder().setName("slots").setType(Value.Type.RANGES)
            .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(9).setEnd(1))))));
    assertEquals("attributes: unknown os 'plan9' (expected linux or windows)", agentRefusal(good.toBuilder()
        .addAttributes(text("os", "plan9"))));
  }

  private static String refusal(Resource r) {
    return assertThrows(IllegalArgumentException.class, () -> ResourceConversion.fromMesos(List.of(r))).getMessage();
  }

  private static String agentRefusal(Protos.AgentInfo.Builder info) {
    return assertThrows(IllegalArgumentException.class,
        () -> ModelConversion.agent(info.build(), AgentId.of("a"), "amd64")).getMessage();
  }

  private static Protos.Attribute text(String name, String value) {
    return Protos.Attribute.newBuilder().setName(name).setType(Value.Type.TEXT)
        .setText(Value.Text.newBuilder().setValue(value)).build();
  }

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  private static Resource ranges(String name, long begin, long end) {
    return Resource.newBuilder().setName(name).setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end))).build();
  }

  private static Resource set(String name, String... items) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SET)
        .setSet(Value.Set.newBuilder().addAllItem(List.of(items))).build();
  }
}
