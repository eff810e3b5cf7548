package io.corral.core.allocator;

import static io.corral.core.allocator.AllocatorFixture.describe;
import static io.corral.core.allocator.AllocatorFixture.fw;
import static io.corral.core.allocator.AllocatorFixture.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.resources.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrfOrderingTest {

  @Test
  void aLoneFrameworkIsOfferedEveryAgentWhole() {
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:4;mem:1024;ports:[31000-31009]")
        .agent("a2", "cpus:2;mem:512")
        .framework("f1");
    assertEquals(List.of("f1@a1=cpus:4;mem:1024;ports:[31000-31009]", "f1@a2=cpus:2;mem:512"), describe(f.allocate()));
    assertTrue(f.allocate().isEmpty(), "outstanding offers are not offered twice");
  }

  @Test
  void theFrameworkWithTheLowerDominantShareGoesFirst() {
    // Cluster: 12 cpus, 3072 MB. f1 holds a third of the memory; f2 a sixth of the cpus.
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:8;mem:2048", usage("f1", "cpus:1;mem:1024"), usage("f2", "cpus:2;mem:128"))
        .agent("a2", "cpus:4;mem:1024")
        .framework("f1")
        .framework("f2");
    assertEquals(1.0 / 3, f.allocator.frameworkShare(fw("f1"), "*"), 1e-9);
    assertEquals(2.0 / 12, f.allocator.frameworkShare(fw("f2"), "*"), 1e-9);
    List<Offer> offers = f.allocate();
    // Agents are visited in order a1, a2: f2 (lower share) takes a1's free part, after which
    // its share (cpus 7/12) exceeds f1's, so f1 gets a2.
    assertEquals(List.of("f1@a2=cpus:4;mem:1024", "f2@a1=cpus:5;mem:896"), describe(offers));
  }

  @Test
  void sharesAlternateBetweenEqualFrameworks() {
    AllocatorFixture f = new AllocatorFixture().framework("f1").framework("f2");
    for (int i = 1; i <= 4; i++) {
      f.agent("a" + i, "cpus:1;mem:100");
    }
    List<String> offers = describe(f.allocate());
    assertEquals(2, offers.stream().filter(s -> s.startsWith("f1@")).count());
    assertEquals(2, offers.stream().filter(s -> s.startsWith("f2@")).count());
  }

  @Test
  void aRoleWithTwiceTheWeightIsEntitledToTwiceTheShare() {
    AllocatorFixture f = new AllocatorFixture();
    for (int i = 1; i <= 6; i++) {
      f.agent("a" + i, "cpus:1;mem:100");
    }
    f.allocator.setWeight("gold", 2);
    f.framework("g", "gold").framework("s", "silver");
    List<String> offers = describe(f.allocate());
    assertEquals(4, offers.stream().filter(s -> s.startsWith("g@")).count(), offers.toString());
    assertEquals(2, offers.stream().filter(s -> s.startsWith("s@")).count(), offers.toString());
    assertEquals(f.allocator.roleShares().get("gold"), f.allocator.roleShares().get("silver"), 1e-9);
  }

  @Test
  void rolesAreOrderedBeforeTheFrameworksInsideThem() {
    // Role "busy" already holds a lot through f1; its second framework f2 holds nothing but must
    // still wait behind the idle role's framework.
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:10;mem:1000", usage("f1", "busy", "cpus:5;mem:500"))
        .agent("a2", "cpus:1;mem:100")
        .framework("f1", "busy").framework("f2", "busy").framework("f3", "idle");
    List<Offer> offers = f.allocate();
    assertEquals("f3@a1=cpus:5;mem:500", describe(offers).get(1));
    assertEquals("f2@a2=cpus:1;mem:100", describe(offers).get(0));
  }

  @Test
  void reservedResourcesGoOnlyToTheirRole() {
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus(prod):2;mem(prod):256;cpus:1;mem:128")
        .framework("dev", "dev");
    assertEquals(List.of("dev@a1=cpus:1;mem:128"), describe(f.allocate()));
    f.framework("p", "prod");
    assertEquals(List.of("p@a1=cpus(prod):2;mem(prod):256"), describe(f.allocate()));
  }

  @Test
  void tooLittleToRunAnythingIsNotOffered() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "disk:1000;cpus:0.005;mem:16").framework("f1");
    assertTrue(f.allocate().isEmpty());
  }

  @Test
  void allocationIsDeterministic() {
    List<String> first = null;
    for (int run = 0; run < 3; run++) {
      AllocatorFixture f = new AllocatorFixture();
      for (int i = 0; i < 20; i++) {
        f.agent("a" + i, "cpus:" + (1 + i % 3) + ";mem:" + (100 * (1 + i % 5)));
      }
      for (int i = 0; i < 5; i++) {
        f.framework("f" + i, i % 2 == 0 ? "red" : "blue");
      }
      List<String> offers = f.allocator.allocate(f.clock.now()).offers().stream()
          .map(o -> o.id() + " " + o.frameworkId() + "@" + o.agentId() + "=" + o.resources()).toList();
      if (first == null) {
        first = offers;
      } else {
        assertEquals(first, offers);
      }
    }
  }

  @Test
  void resourcesOfAnEndedTaskAreOfferedAgain() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:4;mem:400", usage("f1", "cpus:4;mem:400")).framework("f1");
    assertTrue(f.allocate().isEmpty());
    assertTrue(f.allocator.recover(AllocatorFixture.agent("a1"), fw("f1"), "*", Resources.parse("cpus:1;mem:100")));
    assertEquals(List.of("f1@a1=cpus:1;mem:100"), describe(f.allocate()));
    assertEquals(false, f.allocator.recover(AllocatorFixture.agent("a1"), fw("f1"), "*", Resources.parse("cpus:9")),
        "recovering more than is used is refused");
  }
}
