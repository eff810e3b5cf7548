package io.corral.core.allocator;

import static io.corral.core.allocator.AllocatorFixture.agent;
import static io.corral.core.allocator.AllocatorFixture.describe;
import static io.corral.core.allocator.AllocatorFixture.fw;
import static io.corral.core.allocator.AllocatorFixture.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.AgentState;
import io.corral.core.model.OfferId;
import io.corral.core.resources.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfferLifecycleTest {
  private static final Duration FIVE = Duration.ofSeconds(5);

  @Test
  void aDeclineFilterHoldsUntilRefuseSecondsPass() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:2;mem:200").framework("f1");
    f.declineAll(f.allocate(), FIVE);
    assertTrue(f.allocate().isEmpty());
    f.advance(Duration.ofMillis(4999));
    assertTrue(f.allocate().isEmpty(), "filtered until 5 s have passed");
    f.advance(Duration.ofMillis(1));
    assertEquals(List.of("f1@a1=cpus:2;mem:200"), describe(f.allocate()));
  }

  @Test
  void aDeclineWithoutFilterIsOfferedAgainNextCycle() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:2;mem:200").framework("f1");
    f.declineAll(f.allocate(), Duration.ZERO);
    assertEquals(1, f.allocate().size());
  }

  @Test
  void aFilteredAgentGoesToTheNextFramework() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:2;mem:200").framework("f1").framework("f2");
    List<Offer> first = f.allocate();
    assertEquals(List.of("f1@a1=cpus:2;mem:200"), describe(first));
    f.declineAll(first, FIVE);
    assertEquals(List.of("f2@a1=cpus:2;mem:200"), describe(f.allocate()));
  }

  @Test
  void aFilterStopsApplyingWhenTheAgentHasMoreToOffer() {
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:4;mem:400", usage("f1", "cpus:2;mem:200")).framework("f1");
    f.declineAll(f.allocate(), Duration.ofHours(1));
    assertTrue(f.allocate().isEmpty());
    f.allocator.recover(agent("a1"), fw("f1"), "*", Resources.parse("cpus:2;mem:200"));
    assertEquals(List.of("f1@a1=cpus:4;mem:400"), describe(f.allocate()), "more than was refused is on offer");
  }

  @Test
  void suppressStopsOffersAndReviveResumesThemClearingFilters() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:2;mem:200").agent("a2", "cpus:1;mem:100")
        .framework("f1");
    f.allocator.suppress(fw("f1"), Set.of());
    assertTrue(f.allocate().isEmpty());
    f.allocator.revive(fw("f1"), Set.of());
    List<Offer> offers = f.allocate();
    assertEquals(2, offers.size());
    f.declineAll(offers, Duration.ofHours(1));
    assertTrue(f.allocate().isEmpty());
    f.allocator.revive(fw("f1"), Set.of());
    assertEquals(2, f.allocate().size(), "revive clears filters");
  }

  @Test
  void suppressingOneRoleLeavesTheOthers() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:2;mem:200").framework("f1", "web", "batch");
    f.allocator.suppress(fw("f1"), Set.of("web"));
    List<Offer> offers = f.allocate();
    assertEquals(1, offers.size());
    assertEquals("batch", offers.get(0).role());
  }

  @Test
  void offersTimeOutAndAreRescinded() {
    AllocatorFixture f = new AllocatorFixture(AllocatorConfig.DEFAULTS.withOfferTimeout(Duration.ofSeconds(30)))
        .agent("a1", "cpus:2;mem:200").framework("f1");
    Offer offer = f.allocate().get(0);
    f.advance(Duration.ofSeconds(29));
    AllocationResult early = f.allocator.allocate(f.clock.now());
    assertTrue(early.rescinds().isEmpty());
    f.advance(Duration.ofSeconds(1));
    AllocationResult late = f.allocator.allocate(f.clock.now());
    assertEquals(List.of(new Rescind(offer.id(), fw("f1"), agent("a1"), Rescind.Reason.OFFER_TIMEOUT)), late.rescinds());
    assertEquals(1, late.offers().size(), "the resources are offered again in the same step");
    assertFalse(f.allocator.offer(offer.id()).isPresent());
  }

  @Test
  void removingAnAgentMidOfferRescindsAndTheOfferCannotBeUsed() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:2;mem:200").framework("f1");
    Offer offer = f.allocate().get(0);
    List<Rescind> rescinds = f.allocator.removeAgent(agent("a1"));
    assertEquals(List.of(new Rescind(offer.id(), fw("f1"), agent("a1"), Rescind.Reason.AGENT_REMOVED)), rescinds);
    AcceptResult result = f.allocator.accept(fw("f1"), offer.id(), Resources.parse("cpus:1"), FIVE, f.clock.now());
    assertEquals(AcceptResult.Kind.UNKNOWN_OFFER, ((AcceptResult.Rejected) result).kind());
    assertTrue(f.allocate().isEmpty());
    assertTrue(f.allocator.agents().isEmpty());
  }

  @Test
  void drainingAgentsLoseTheirOffersAndGetNoNewOnes() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:2;mem:200").framework("f1");
    Offer offer = f.allocate().get(0);
    List<Rescind> rescinds = f.allocator.setAgentState(agent("a1"), AgentState.DRAINING);
    assertEquals(Rescind.Reason.AGENT_NOT_ACCEPTING, rescinds.get(0).reason());
    assertEquals(offer.id(), rescinds.get(0).offerId());
    assertTrue(f.allocate().isEmpty());
    f.allocator.setAgentState(agent("a1"), AgentState.ACTIVE);
    assertEquals(1, f.allocate().size());
  }

  @Test
  void removingAFrameworkMidOfferFreesItsOffersAndTasks() {
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:4;mem:400", usage("f1", "cpus:2;mem:200")).framework("f1");
    assertEquals(1, f.allocate().size());
    f.allocator.removeFramework(fw("f1"));
    assertTrue(f.allocator.offers(fw("f1")).isEmpty());
    f.framework("f2");
    assertEquals(List.of("f2@a1=cpus:4;mem:400"), describe(f.allocate()));
  }

  @Test
  void aDeactivatedFrameworkKeepsItsTasksButGetsNoOffers() {
    AllocatorFixture f = new AllocatorFixture()
        .agent("a1", "cpus:4;mem:400", usage("f1", "cpus:2;mem:200")).framework("f1");
    Offer offer = f.allocate().get(0);
    List<Rescind> rescinds = f.allocator.deactivateFramework(fw("f1"));
    assertEquals(List.of(new Rescind(offer.id(), fw("f1"), agent("a1"), Rescind.Reason.FRAMEWORK_INACTIVE)), rescinds);
    assertTrue(f.allocate().isEmpty());
    assertEquals(Resources.parse("cpus:2;mem:200"), f.allocator.agent(agent("a1")).orElseThrow().used());
    f.framework("f1");
    assertEquals(List.of("f1@a1=cpus:2;mem:200"), describe(f.allocate()));
  }

  @Test
  void acceptUsesPartOfAnOfferAndFiltersTheRest() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:4;mem:400;ports:[31000-31009]").framework("f1");
    Offer offer = f.allocate().get(0);
    Resources use = Resources.parse("cpus:1;mem:100;ports:[31000-31000]");
    AcceptResult result = f.allocator.accept(fw("f1"), offer.id(), use, FIVE, f.clock.now());
    AcceptResult.Accepted accepted = assertInstanceOf(AcceptResult.Accepted.class, result);
    assertEquals("cpus:3;mem:300;ports:[31001-31009]", accepted.returned().format());
    assertTrue(f.allocate().isEmpty(), "the unused rest is filtered for 5 s");
    f.advance(FIVE);
    assertEquals(List.of("f1@a1=cpus:3;mem:300;ports:[31001-31009]"), describe(f.allocate()));
    assertEquals(use, f.allocator.agent(agent("a1")).orElseThrow().used());
  }

  @Test
  void acceptRefusesWhatTheOfferDoesNotHoldAndChangesNothing() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:4;mem:400").framework("f1").framework("f2");
    Offer offer = f.allocate().get(0);
    AcceptResult tooMuch = f.allocator.accept(offer.frameworkId(), offer.id(), Resources.parse("cpus:5"), FIVE, f.clock.now());
    assertEquals(AcceptResult.Kind.INSUFFICIENT_RESOURCES, ((AcceptResult.Rejected) tooMuch).kind());
    AcceptResult notYours = f.allocator.accept(fw("f2"), offer.id(), Resources.parse("cpus:1"), FIVE, f.clock.now());
    assertEquals(AcceptResult.Kind.WRONG_FRAMEWORK, ((AcceptResult.Rejected) notYours).kind());
    assertTrue(f.allocator.offer(offer.id()).isPresent(), "a rejected accept leaves the offer outstanding");
    assertInstanceOf(AcceptResult.Accepted.class,
        f.allocator.accept(offer.frameworkId(), offer.id(), Resources.parse("cpus:1"), FIVE, f.clock.now()));
    AcceptResult again = f.allocator.accept(offer.frameworkId(), offer.id(), Resources.parse("cpus:1"), FIVE, f.clock.now());
    assertEquals(AcceptResult.Kind.UNKNOWN_OFFER, ((AcceptResult.Rejected) again).kind(), "an offer is used once");
  }

  @Test
  void declineOfAnUnknownOrForeignOfferIsRefused() {
    AllocatorFixture f = new AllocatorFixture().agent("a1", "cpus:4;mem:400").framework("f1").framework("f2");
    Offer offer = f.allocate().get(0);
    assertFalse(f.allocator.decline(fw("f2"), offer.id(), FIVE, f.clock.now()));
    assertFalse(f.allocator.decline(fw("f1"), OfferId.of("nope"), FIVE, f.clock.now()));
    assertTrue(f.allocator.decline(fw("f1"), offer.id(), FIVE, f.clock.now()));
    assertFalse(f.allocator.decline(fw("f1"), offer.id(), FIVE, f.clock.now()));
  }

  @Test
  void agentsArrivingBetweenCyclesAreOfferedNextCycle() {
    AllocatorFixture f = new AllocatorFixture().framework("f1");
    assertTrue(f.allocate().isEmpty());
    f.agent("a1", "cpus:1;mem:100");
    assertEquals(1, f.allocate().size());
  }
}
