package io.corral.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementRuleTest {
  private static AgentInfo agent(String host, Map<String, String> attributes) {
    return new AgentInfo(AgentId.of("a-" + host), host, attributes.getOrDefault("os", "linux").equals("windows")
        ? OsFamily.WINDOWS : OsFamily.LINUX, "x86_64", attributes, Resources.parse("cpus:4;mem:4096"));
  }

  private final AgentInfo a = agent("a", Map.of("rack", "r1"));
  private final AgentInfo b = agent("b", Map.of("rack", "r1"));
  private final AgentInfo c = agent("c", Map.of("rack", "r2"));
  private final AgentInfo win = agent("w", Map.of("os", "windows"));

  private static PlacementRule rule(String field, PlacementRule.Operator op, String value) {
    return new PlacementRule(field, op, value);
  }

  @Test
  void unique() {
    PlacementRule r = rule("hostname", PlacementRule.Operator.UNIQUE, null);
    assertNull(r.veto(a, List.of(b)));
    assertNotNull(r.veto(a, List.of(a)));
  }

  @Test
  void maxPerAndGroupBy() {
    PlacementRule max = rule("rack", PlacementRule.Operator.MAX_PER, "2");
    assertNull(max.veto(a, List.of(b)));
    assertNotNull(max.veto(a, List.of(a, b)));
    PlacementRule group = rule("rack", PlacementRule.Operator.GROUP_BY, "2");
    assertNotNull(group.veto(a, List.of(b)), "r2 has none yet");
    assertNull(group.veto(c, List.of(b)));
    assertNull(group.veto(a, List.of(b, c)));
  }

  @Test
  void isLikeUnlikeCluster() {
    PlacementRule windows = rule("os", PlacementRule.Operator.IS, "windows");
    assertNull(windows.veto(win, List.of()));
    assertEquals("os is 'linux', not 'windows' ([\"os\",\"IS\",\"windows\"])", windows.veto(a, List.of()));
    assertNull(rule("rack", PlacementRule.Operator.LIKE, "r[12]").veto(a, List.of()));
    assertNotNull(rule("rack", PlacementRule.Operator.UNLIKE, "r1").veto(a, List.of()));
    assertNull(rule("rack", PlacementRule.Operator.UNLIKE, "r1").veto(win, List.of()), "no attribute passes UNLIKE");
    assertNotNull(rule("rack", PlacementRule.Operator.LIKE, "r1").veto(win, List.of()));
    assertNotNull(rule("rack", PlacementRule.Operator.CLUSTER, null).veto(c, List.of(a)));
    assertNull(rule("rack", PlacementRule.Operator.CLUSTER, "r2").veto(c, List.of()));
  }

  @Test
  void badRulesAreRefusedWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rule("rack", PlacementRule.Operator.MAX_PER, "two"));
    assertEquals("MAX_PER needs a whole number of 1 or more, not 'two'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> rule("rack", PlacementRule.Operator.LIKE, "("));
  }

  @Test
  void idsAreNormalisedAsMarathonDoes() {
    assertEquals("/web", ServiceId.of("web").path());
    assertEquals("/prod/db", ServiceId.of("//prod/db/").path());
    assertEquals("prod_db", ServiceId.of("/prod/db").taskPrefix());
    assertEquals("/prod", ServiceId.of("/prod/db").group());
    assertThrows(IllegalArgumentException.class, () -> ServiceId.of("Web"));
    assertThrows(IllegalArgumentException.class, () -> ServiceId.of("/a/../b"));
  }

  @Test
  void backoffGrowsToItsLimit() {
    LaunchBackoff b = new LaunchBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(5));
    assertEquals(Duration.ZERO, b.delayAfter(0));
    assertEquals(Duration.ofSeconds(1), b.delayAfter(1));
    assertEquals(Duration.ofSeconds(4), b.delayAfter(3));
    assertEquals(Duration.ofSeconds(5), b.delayAfter(30));
  }
}
