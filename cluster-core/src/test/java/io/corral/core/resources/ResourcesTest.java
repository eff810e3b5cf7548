package io.corral.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcesTest {

  private static Resources r(String text) {
    return Resources.parse(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "cpus:2;mem:1024;ports:[31000-32000]",
      "cpus:0.5",
      "cpus:1;mem:256;disk:1024;gpus:1",
      "cpus(prod):2;mem:128",
      "ports:[80-80,443-443,31000-31010]",
      "cpus:1;zones:{a,b}",
      "cpus:1;scratch:3.25"})
  void formatReadsBackAsWritten(String text) {
    assertEquals(text, r(text).format());
    assertEquals(r(text), Resources.parse(r(text).format()));
  }

  @Test
  void parseCanonicalisesOrderWhitespaceAndDuplicates() {
    assertEquals("cpus:3;mem:512;ports:[1-5]", r(" mem:512 ; ports:[4-5, 1-3] ; cpus:1;cpus:2 ").format());
  }

  @Test
  void scalarsAreFixedPointSoSumsDoNotDrift() {
    Resources sum = Resources.EMPTY;
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(r("cpus:0.1"));
    }
    assertEquals(r("cpus:1"), sum);
    assertEquals(1000, sum.scalarMillis("cpus"));
  }

  @Test
  void plusMinusAndContains() {
    Resources agent = r("cpus:24;mem:4096;disk:4096;ports:[31000-32000]");
    Resources task = r("cpus:1.5;mem:512;ports:[31000-31001]");
    Resources left = agent.minus(task);
    assertEquals("cpus:22.5;mem:3584;disk:4096;ports:[31002-32000]", left.format());
    assertTrue(agent.contains(task));
    assertTrue(agent.contains(left));
    assertFalse(left.contains(task));
    assertEquals(agent, left.plus(task));
  }

  @Test
  void minusNeverGoesBelowZeroAndDropsEmptyEntries() {
    assertEquals(r("mem:10"), r("cpus:1;mem:10").minus(r("cpus:2")));
    assertTrue(r("cpus:1").minus(r("cpus:1")).isEmpty());
    assertTrue(r("ports:[1-3]").minus(r("ports:[1-3]")).isEmpty());
  }

  @Test
  void rangeArithmeticSplitsAndMerges() {
    Resources ports = r("ports:[1-10]");
    assertEquals("ports:[1-3,7-10]", ports.minus(r("ports:[4-6]")).format());
    assertEquals("ports:[1-10]", r("ports:[1-3]").plus(r("ports:[4-10]")).format());
    assertEquals("ports:[1-2,9-10]", ports.minus(r("ports:[3-8,20-30]")).format());
    assertFalse(ports.contains(r("ports:[10-11]")));
    assertTrue(ports.contains(r("ports:[2-3,5-5,9-10]")));
    assertEquals(10, ports.rangeCount("ports"));
    List<long[]> pairs = r("ports:[5-6,1-2]").ranges("ports");
    assertEquals(2, pairs.size());
    assertEquals(1, pairs.get(0)[0]);
  }

  @Test
  void setsBehaveAsSets() {
    Resources s = r("zones:{a,b,c}");
    assertTrue(s.contains(r("zones:{a,c}")));
    assertFalse(s.contains(r("zones:{d}")));
    assertEquals("zones:{b}", s.minus(r("zones:{a,c}")).format());
    assertEquals("zones:{a,b,c,d}", s.plus(r("zones:{d}")).format());
  }

  @Test
  void reservationsAreKeptApartByRole() {
    Resources agent = r("cpus:4;cpus(prod):2;mem:1024;mem(dev):512");
    assertEquals(r("cpus:4;mem:1024"), agent.unreserved());
    assertEquals(r("cpus(prod):2"), agent.reservedFor("prod"));
    assertEquals(r("cpus:4;cpus(prod):2;mem:1024"), agent.allocatableTo("prod"));
    assertEquals(r("cpus:6;mem:1536"), agent.quantities());
    assertEquals(6.0, agent.scalar("cpus"));
    assertFalse(agent.contains(r("cpus(dev):1")));
    assertFalse(r("cpus:8").contains(r("cpus(prod):1")));
    assertEquals(r("cpus(ops):1;mem(ops):2"), r("cpus:1;mem:2").reserve("ops"));
    assertEquals(r("cpus:1;mem:2"), r("cpus(ops):1;mem(ops):2").unreserve());
    assertEquals(java.util.Set.of("dev", "prod"), agent.reservedRoles());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cpus              | unexpected end of input",
      "cpus mem:1        | expected ':'",
      "ports:[1-2,]      | expected a range",
      "cpus:             | unexpected end of input",
      "cpus:abc          | expected a number",
      "cpus:-1           | must not be negative",
      "ports:[10-5]      | ends before it begins",
      "ports:[1-2        | unexpected end of input",
      "cpus:1 mem:2      | expected ';' between resources",
      "cpus(:1           | expected a role",
      "zones:{a,}        | expected a set item"})
  void badInputNamesTheProblemAndPosition(String text, String problem) {
    ResourceParseException e = assertThrows(ResourceParseException.class, () -> Resources.parse(text));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertTrue(e.getMessage().contains("at position"), e.getMessage());
  }

  @Test
  void emptyTextIsNoResources() {
    assertTrue(Resources.parse("").isEmpty());
    assertTrue(Resources.parse(" ; ").isEmpty());
    assertEquals("", Resources.EMPTY.format());
  }

  @Test
  void formatMillisDropsTrailingZeros() {
    assertEquals("2", Resources.formatMillis(2000));
    assertEquals("0.5", Resources.formatMillis(500));
    assertEquals("1.025", Resources.formatMillis(1025));
    assertEquals("0.01", Resources.formatMillis(10));
  }

  @Test
  void equalBagsHaveEqualHashes() {
    assertEquals(r("mem:1;cpus:2").hashCode(), r("cpus:2;mem:1").hashCode());
  }
}
