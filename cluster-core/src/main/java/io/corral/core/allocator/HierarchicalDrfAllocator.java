package io.corral.core.allocator;

import io.corral.core.allocator.AcceptResult.Kind;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OfferId;
import io.corral.core.model.Role;
import io.corral.core.port.IdGenerator;
import io.corral.core.resources.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The bookkeeping half of the DRF allocator; {@link AllocationCycle} holds the offering half. */
final class HierarchicalDrfAllocator implements Allocator {
  final AllocatorConfig config;
  final IdGenerator ids;
  final Dimensions dims = new Dimensions();
  final Map<AgentId, AgentSlot> agents = new LinkedHashMap<>();
  final Map<FrameworkId, FrameworkSlot> frameworks = new HashMap<>();
  final Map<String, RoleSlot> roles = new TreeMap<>();
  final Map<OfferId, Offer> offers = new HashMap<>();
  final List<FrameworkSlot> frameworkByIndex = new ArrayList<>();
  private final ArrayDeque<Integer> freeIndices = new ArrayDeque<>();
  long[] total = new long[0];
  long cycles;

  HierarchicalDrfAllocator(AllocatorConfig config, IdGenerator ids) {
    this.config = config;
    this.ids = ids;
  }

  // ------------------------------------------------------------------ agents

  @Override
  public void addAgent(AgentInfo info, Collection<Usage> used) {
    if (agents.containsKey(info.id())) {
      throw new IllegalStateException("agent " + info.id() + " is already known to the allocator");
    }
    dims.registerAll(info.total());
    AgentSlot slot = new AgentSlot(info, info.total());
    agents.put(info.id(), slot);
    total = dims.add(total, info.total(), 1);
    for (Usage u : used) {
      slot.used.merge(new AgentSlot.UsageKey(u.frameworkId(), u.role()), u.resources(), Resources::plus);
      slot.shrink(u.resources());
      charge(u.frameworkId(), u.role(), u.resources(), 1);
    }
  }

  @Override
  public List<Rescind> setAgentState(AgentId id, AgentState state) {
    AgentSlot slot = agents.get(id);
    if (slot == null) {
      return List.of();
    }
    slot.state = state;
    return state.receivesOffers() ? List.of() : rescindAll(slot, Rescind.Reason.AGENT_NOT_ACCEPTING);
  }

  @Override
  public List<Rescind> removeAgent(AgentId id) {
    AgentSlot slot = agents.get(id);
    if (slot == null) {
      return List.of();
    }
    List<Rescind> rescinds = rescindAll(slot, Rescind.Reason.AGENT_REMOVED);
    slot.used.forEach((key, res) -> charge(key.frameworkId(), key.role(), res, -1));
    slot.used.clear();
    total = dims.add(total, slot.info.total(), -1);
    agents.remove(id);
    return rescinds;
  }

  private List<Rescind> rescindAll(AgentSlot slot, Rescind.Reason reason) {
    List<Rescind> out = new ArrayList<>();
    for (OfferId offerId : List.copyOf(slot.offers)) {
      Offer offer = offers.get(offerId);
      returnOffer(offer);
      out.add(new Rescind(offerId, offer.frameworkId(), offer.agentId(), reason));
    }
    return out;
  }

  // ------------------------------------------------------------------ frameworks

  @Override
  public void addFramework(FrameworkInfo info) {
    FrameworkSlot slot = frameworks.get(info.id());
    if (slot == null) {
      int index = freeIndices.isEmpty() ? frameworkByIndex.size() : freeIndices.pop();
      slot = new FrameworkSlot(index, info);
      if (index == frameworkByIndex.size()) {
        frameworkByIndex.add(slot);
      } else {
        frameworkByIndex.set(index, slot);
      }
      frameworks.put(info.id(), slot);
    }
    slot.info = info;
    slot.active = true;
    for (String role : info.roles()) {
      role(role).member(info.id()).framework = slot;
    }
  }

  @Override
  public List<Rescind> deactivateFramework(FrameworkId id) {
    FrameworkSlot slot = frameworks.get(id);
    if (slot == null) {
      return List.of();
    }
    slot.active = false;
    List<Rescind> out = new ArrayList<>();
    for (OfferId offerId : List.copyOf(slot.offers)) {
      Offer offer = offers.get(offerId);
      returnOffer(offer);
      out.add(new Rescind(offerId, id, offer.agentId(), Rescind.Reason.FRAMEWORK_INACTIVE));
    }
    return out;
  }

  @Override
  public void removeFramework(FrameworkId id) {
    FrameworkSlot slot = frameworks.remove(id);
    if (slot != null) {
      for (OfferId offerId : List.copyOf(slot.offers)) {
        returnOffer(offers.get(offerId));
      }
      for (AgentSlot agent : agents.values()) {
        agent.removeFilter(slot.index);
      }
      frameworkByIndex.set(slot.index, null);
      freeIndices.push(slot.index);
    }
    for (AgentSlot agent : agents.values()) {
      agent.used.keySet().removeIf(key -> {
        if (!key.frameworkId().equals(id)) {
          return false;
        }
        Resources res = agent.used.get(key);
        agent.grow(res);
        charge(id, key.role(), res, -1);
        return true;
      });
    }
    for (RoleSlot role : List.copyOf(roles.values())) {
      role.members.remove(id);
      pruneRole(role);
    }
  }

  @Override
  public void suppress(FrameworkId id, Collection<String> which) {
    FrameworkSlot slot = frameworks.get(id);
    if (slot != null) {
      slot.suppressedRoles.addAll(which.isEmpty() ? slot.info.roles() : which);
    }
  }

  @Override
  public void revive(FrameworkId id, Collection<String> which) {
    FrameworkSlot slot = frameworks.get(id);
    if (slot == null) {
      return;
    }
    slot.suppressedRoles.removeAll(which.isEmpty() ? slot.info.roles() : which);
    for (AgentSlot agent : agents.values()) {
      agent.removeFilter(slot.index);
    }
  }

  // ------------------------------------------------------------------ roles

  @Override
  public void setWeight(String role, double weight) {
    Role.requireValidName(role);
    new Role(role, weight, Resources.EMPTY);
    role(role).weight = weight;
  }

  @Override
  public void setQuota(String role, Resources guarantee) {
    Role.requireValidName(role);
    RoleSlot slot = role(role);
    slot.guarantee = guarantee.quantities();
    dims.registerAll(slot.guarantee);
    slot.guaranteeQ = guarantee.isEmpty() ? new long[0] : dims.add(new long[0], slot.guarantee, 1);
    pruneRole(slot);
  }

  RoleSlot role(String name) {
    return roles.computeIfAbsent(name, RoleSlot::new);
  }

  private void pruneRole(RoleSlot role) {
    if (role.isIdle()) {
      roles.remove(role.name);
    }
  }

  /** Adds (sign 1) or removes (sign -1) resources held by a framework in a role. */
  void charge(FrameworkId framework, String roleName, Resources resources, int sign) {
    RoleSlot role = role(roleName);
    role.allocated = dims.add(role.allocated, resources, sign);
    RoleSlot.Member member = role.member(framework);
    if (member.framework == null) {
      member.framework = frameworks.get(framework);
    }
    member.allocated = dims.add(member.allocated, resources, sign);
  }

  // ------------------------------------------------------------------ offers

  @Override
  public boolean decline(FrameworkId framework, OfferId offerId, Duration refuse, Instant now) {
    Offer offer = offers.get(offerId);
    if (offer == null || !offer.frameworkId().equals(framework)) {
      return false;
    }
    returnOffer(offer);
    addFilter(offer, offer.resources(), refuse, now);
    return true;
  }

  @Override
  public AcceptResult accept(FrameworkId framework, OfferId offerId, Resources use, Duration refuse, Instant now) {
    Offer offer = offers.get(offerId);
    if (offer == null) {
      return new AcceptResult.Rejected(Kind.UNKNOWN_OFFER,
          "offer " + offerId + " is not outstanding (already used, declined, rescinded or never made)");
    }
    if (!offer.frameworkId().equals(framework)) {
      return new AcceptResult.Rejected(Kind.WRONG_FRAMEWORK, "offer " + offerId + " was made to another framework");
    }
    if (!offer.resources().contains(use)) {
      return new AcceptResult.Rejected(Kind.INSUFFICIENT_RESOURCES,
          "offer " + offerId + " holds " + offer.resources() + ", which does not contain " + use);
    }
    AgentSlot agent = agents.get(offer.agentId());
    Resources rest = offer.resources().minus(use);
    dropOffer(offer);
    agent.used.merge(new AgentSlot.UsageKey(framework, offer.role()), use, Resources::plus);
    if (!rest.isEmpty()) {
      agent.grow(rest);
      charge(framework, offer.role(), rest, -1);
      addFilter(offer, rest, refuse, now);
    }
    return new AcceptResult.Accepted(offer.agentId(), offer.role(), use, rest);
  }

  @Override
  public boolean recover(AgentId agentId, FrameworkId framework, String role, Resources resources) {
    AgentSlot agent = agents.get(agentId);
    if (agent == null) {
      return false;
    }
    AgentSlot.UsageKey key = new AgentSlot.UsageKey(framework, role);
    Resources held = agent.used.get(key);
    if (held == null || !held.contains(resources)) {
      return false;
    }
    Resources left = held.minus(resources);
    if (left.isEmpty()) {
      agent.used.remove(key);
    } else {
      agent.used.put(key, left);
    }
    agent.grow(resources);
    charge(framework, role, resources, -1);
    return true;
  }

  /** Takes an offer off the books and gives its resources back to the agent's free pool. */
  void returnOffer(Offer offer) {
    AgentSlot agent = agents.get(offer.agentId());
    dropOffer(offer);
    agent.grow(offer.resources());
    charge(offer.frameworkId(), offer.role(), offer.resources(), -1);
  }

  private void dropOffer(Offer offer) {
    offers.remove(offer.id());
    agents.get(offer.agentId()).offers.remove(offer.id());
    FrameworkSlot framework = frameworks.get(offer.frameworkId());
    if (framework != null) {
      framework.offers.remove(offer.id());
    }
  }

  /** Books a new offer; the cycle passes the role and member it already holds to skip lookups. */
  void recordOffer(Offer offer, AgentSlot agent, FrameworkSlot framework, RoleSlot role, RoleSlot.Member member) {
    offers.put(offer.id(), offer);
    agent.offers.add(offer.id());
    framework.offers.add(offer.id());
    agent.shrink(offer.resources());
    long[] q = dims.add(new long[dims.count()], offer.resources(), 1);
    role.allocated = plus(role.allocated, q);
    member.allocated = plus(member.allocated, q);
  }

  private static long[] plus(long[] acc, long[] q) {
    long[] out = acc.length < q.length ? Arrays.copyOf(acc, q.length) : acc;
    for (int i = 0; i < q.length; i++) {
      out[i] += q[i];
    }
    return out;
  }

  private void addFilter(Offer offer, Resources refused, Duration refuse, Instant now) {
    FrameworkSlot framework = frameworks.get(offer.frameworkId());
    if (refuse == null || refuse.isZero() || refuse.isNegative() || framework == null) {
      return;
    }
    Instant until = refuse.getSeconds() > 100L * 365 * 24 * 3600 ? Instant.MAX : now.plus(refuse);
    AgentSlot agent = agents.get(offer.agentId());
    agent.addFilter(framework.index, new OfferFilter(offer.role(), refused, until));
  }

  @Override
  public AllocationResult allocate(Instant now) {
    List<Rescind> rescinds = new ArrayList<>();
    for (Offer offer : List.copyOf(offers.values())) {
      if (offer.expiresAt() != null && !now.isBefore(offer.expiresAt())) {
        returnOffer(offer);
        rescinds.add(new Rescind(offer.id(), offer.frameworkId(), offer.agentId(), Rescind.Reason.OFFER_TIMEOUT));
      }
    }
    rescinds.sort(Comparator.comparing(Rescind::offerId));
    List<Offer> made = new AllocationCycle(this, now).run();
    cycles++;
    return new AllocationResult(made, rescinds);
  }

  // ------------------------------------------------------------------ views

  @Override
  public Optional<Offer> offer(OfferId id) {
    return Optional.ofNullable(offers.get(id));
  }

  @Override
  public List<Offer> offers(FrameworkId framework) {
    FrameworkSlot slot = frameworks.get(framework);
    return slot == null ? List.of() : slot.offers.stream().map(offers::get).toList();
  }

  @Override
  public Optional<AgentAllocation> agent(AgentId id) {
    return Optional.ofNullable(agents.get(id)).map(this::view);
  }

  @Override
  public List<AgentAllocation> agents() {
    return agents.values().stream().map(this::view).toList();
  }

  private AgentAllocation view(AgentSlot slot) {
    Resources offered = Resources.EMPTY;
    for (OfferId id : slot.offers) {
      offered = offered.plus(offers.get(id).resources());
    }
    return new AgentAllocation(slot.info, slot.state, slot.available(), offered, slot.usedTotal());
  }

  @Override
  public Map<String, Double> roleShares() {
    Map<String, Double> out = new TreeMap<>();
    roles.values().forEach(r -> out.put(r.name, Dimensions.dominantShare(r.allocated, total) / r.weight));
    return out;
  }

  @Override
  public double frameworkShare(FrameworkId framework, String role) {
    RoleSlot slot = roles.get(role);
    RoleSlot.Member member = slot == null ? null : slot.members.get(framework);
    return member == null ? 0 : Dimensions.dominantShare(member.allocated, total);
  }
}
