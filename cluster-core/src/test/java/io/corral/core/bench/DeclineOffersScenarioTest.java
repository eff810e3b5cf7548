package io.corral.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeclineOffersScenarioTest {

  @Test
  void everyAgentIsOfferedToADifferentFrameworkUntilAllHaveDeclinedIt() {
    DeclineOffersScenario s = DeclineOffersScenario.create(6, 3);
    for (int round = 0; round < 3; round++) {
      s.declineOutstanding();
      assertEquals(6, s.allocate(), "round " + round);
    }
    s.declineOutstanding();
    assertEquals(0, s.allocate(), "every framework has now filtered every agent for good");
  }

  @Test
  void usedResourcesLeaveTheRestOnOffer() {
    assertEquals("cpus:16;mem:2014;disk:1024", DeclineOffersScenario.usedPerAgent().format().replaceAll(";ports:.*", ""));
    assertEquals(16, DeclineOffersScenario.usedPerAgent().ranges("ports").size());
  }

  @Test
  void nonsenseSizesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> DeclineOffersScenario.create(0, 1));
  }
}
