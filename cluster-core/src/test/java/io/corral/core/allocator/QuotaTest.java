package io.corral.core.allocator;

import static io.corral.core.allocator.AllocatorFixture.describe;
import static io.corral.core.allocator.AllocatorFixture.fw;
import static io.corral.core.allocator.AllocatorFixture.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.resources.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuotaTest {

  @Test
  void aRoleBelowItsGuaranteeIsServedBeforeFairSharing() {
    // "prod" already has the larger share, yet its unmet guarantee puts it first.
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:4;mem:400", usage("p", "prod", "cpus:2;mem:200"))
        .agent("a2", "cpus:4;mem:400")
        .framework("p", "prod").framework("d", "dev");
    f.allocator.setQuota("prod", Resources.parse("cpus:4"));
    List<String> offers = describe(f.allocate());
    assertEquals(List.of("d@a2=cpus:4;mem:400", "p@a1=cpus:2;mem:200"), offers);
  }

  @Test
  void headroomForAnUnmetGuaranteeIsKeptFromOtherRoles() {
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:4;mem:400")
        .agent("a2", "cpus:4;mem:400")
        .framework("p", "prod").framework("d", "dev");
    f.allocator.setQuota("prod", Resources.parse("cpus:4"));
    f.allocator.suppress(fw("p"), Set.of());
    List<String> offers = describe(f.allocate());
    assertEquals(1, offers.size(), "one agent's worth is held back for prod: " + offers);
    assertTrue(offers.get(0).startsWith("d@"));
    f.allocator.revive(fw("p"), Set.of());
    assertEquals(1, f.allocate().stream().filter(o -> o.frameworkId().equals(fw("p"))).count());
  }

  @Test
  void aMetGuaranteeLeavesTheRestToFairSharing() {
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:4;mem:400", usage("p", "prod", "cpus:4;mem:400"))
        .agent("a2", "cpus:4;mem:400")
        .framework("p", "prod").framework("d", "dev");
    f.allocator.setQuota("prod", Resources.parse("cpus:2"));
    assertEquals(List.of("d@a2=cpus:4;mem:400"), describe(f.allocate()));
  }

  @Test
  void removingTheQuotaReleasesTheHeadroom() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:4;mem:400").framework("d", "dev");
    f.allocator.setQuota("prod", Resources.parse("cpus:4"));
    assertTrue(f.allocate().isEmpty());
    f.allocator.setQuota("prod", Resources.EMPTY);
    f.advance(Duration.ofSeconds(1));
    assertEquals(1, f.allocate().size());
  }
}
