package io.corral.core.allocator;

import io.corral.core.model.OfferId;
import io.corral.core.resources.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One allocation step over every active agent, in two stages as Mesos does: first roles whose
 * quota guarantee is not met yet, then everyone by weighted dominant share, keeping enough free
 * unreserved resources back to meet the remaining guarantees (the quota headroom).
 *
 * <p>Shares are re-sorted at the start and kept ordered as offers are made (one tree update per
 * offer). Each role keeps a bit set of frameworks that want offers; an agent keeps a bit set of
 * frameworks that filtered it; their difference is the candidate set, so an agent that every
 * framework has filtered costs a few word operations, not a walk over all frameworks.
 */
final class AllocationCycle {
  private static final int SCAN_LIMIT = 32;

  private final HierarchicalDrfAllocator a;
  private final Instant now;
  private final TreeSet<RoleSlot> roleOrder = new TreeSet<>(RoleSlot.BY_SHARE);
  private final Map<RoleSlot, RoleState> roleStates = new HashMap<>();
  private final List<Offer> made = new ArrayList<>();
  private long[] headroom;
  private long[] freeUnreserved;

  AllocationCycle(HierarchicalDrfAllocator allocator, Instant now) {
    this.a = allocator;
    this.now = now;
  }

  /** Per-cycle view of a role: members in share order and the bit set of those wanting offers. */
  private static final class RoleState {
    final TreeSet<RoleSlot.Member> order = new TreeSet<>(RoleSlot.Member.BY_SHARE);
    final RoleSlot.Member[] byIndex;
    final long[] wanting;
    int wantingCount;

    RoleState(int frameworkSlots) {
      byIndex = new RoleSlot.Member[frameworkSlots];
      wanting = new long[(frameworkSlots + 63) >>> 6];
    }
  }

  List<Offer> run() {
    int slots = a.frameworkByIndex.size();
    for (RoleSlot role : a.roles.values()) {
      role.sortKey = Dimensions.dominantShare(role.allocated, a.total) / role.weight;
      RoleState state = new RoleState(slots);
      for (RoleSlot.Member m : role.members.values()) {
        FrameworkSlot f = m.framework;
        if (f != null && f.wantsOffersFor(role.name)) {
          m.sortKey = Dimensions.dominantShare(m.allocated, a.total);
          state.order.add(m);
          state.byIndex[f.index] = m;
          state.wanting[f.index >>> 6] |= 1L << f.index;
          state.wantingCount++;
        }
      }
      if (state.wantingCount > 0) {
        roleStates.put(role, state);
        roleOrder.add(role);
      }
    }
    if (roleOrder.isEmpty() || a.agents.isEmpty()) {
      return made;
    }
    List<AgentSlot> agents = agentOrder();
    for (AgentSlot agent : agents) {
      agent.expireFilters(now);
    }
    if (quotaStage(agents)) {
      computeHeadroom(agents);
    }
    for (AgentSlot agent : agents) {
      for (RoleSlot role : roleOrder.toArray(new RoleSlot[0])) {
        if (agent.available().isEmpty()) {
          break;
        }
        offer(agent, role, false);
      }
    }
    return made;
  }

  /** Active agents, starting at a different one each cycle so no agent is always first. */
  private List<AgentSlot> agentOrder() {
    List<AgentSlot> all = new ArrayList<>(a.agents.size());
    for (AgentSlot s : a.agents.values()) {
      if (s.state.receivesOffers()) {
        all.add(s);
      }
    }
    if (all.isEmpty()) {
      return all;
    }
    int start = (int) (a.cycles % all.size());
    List<AgentSlot> out = new ArrayList<>(all.subList(start, all.size()));
    out.addAll(all.subList(0, start));
    return out;
  }

  /** Stage one; returns true when some role has a guarantee (headroom must then be kept). */
  private boolean quotaStage(List<AgentSlot> agents) {
    boolean anyQuota = false;
    for (RoleSlot role : a.roles.values()) {
      anyQuota |= role.guaranteeQ.length > 0;
    }
    if (!anyQuota) {
      return false;
    }
    for (AgentSlot agent : agents) {
      for (RoleSlot role : roleOrder.toArray(new RoleSlot[0])) {
        if (role.quotaUnsatisfied() && !agent.available().isEmpty()) {
          offer(agent, role, true);
        }
      }
    }
    return true;
  }

  private void computeHeadroom(List<AgentSlot> agents) {
    headroom = new long[a.dims.count()];
    for (RoleSlot role : a.roles.values()) {
      for (int i = 0; i < role.guaranteeQ.length; i++) {
        long have = i < role.allocated.length ? role.allocated[i] : 0;
        headroom[i] += Math.max(0, role.guaranteeQ[i] - have);
      }
    }
    freeUnreserved = new long[a.dims.count()];
    for (AgentSlot agent : agents) {
      freeUnreserved = a.dims.add(freeUnreserved, agent.available().unreserved(), 1);
    }
  }

  private void offer(AgentSlot agent, RoleSlot role, boolean quotaStage) {
    Resources toOffer = agent.available().allocatableTo(role.name);
    Resources unreserved = toOffer;
    if (headroom != null && !quotaStage) {
      unreserved = toOffer.unreserved();
      long[] after = a.dims.add(freeUnreserved.clone(), unreserved, -1);
      if (!Dimensions.covers(after, headroom)) {
        toOffer = toOffer.reservedFor(role.name);
        unreserved = Resources.EMPTY;
      }
    }
    if (!allocatable(toOffer)) {
      return;
    }
    RoleState state = roleStates.get(role);
    RoleSlot.Member member = pick(agent, state);
    if (member == null) {
      return;
    }
    FrameworkSlot framework = member.framework;
    Offer offer = new Offer(new OfferId(a.ids.next("offer")), member.id, agent.info.id(), role.name, toOffer, now,
        a.config.offerTimeout() == null ? null : now.plus(a.config.offerTimeout()));
    state.order.remove(member);
    roleOrder.remove(role);
    a.recordOffer(offer, agent, framework, role, member);
    member.sortKey = Dimensions.dominantShare(member.allocated, a.total);
    role.sortKey = Dimensions.dominantShare(role.allocated, a.total) / role.weight;
    state.order.add(member);
    roleOrder.add(role);
    if (headroom != null) {
      freeUnreserved = a.dims.add(freeUnreserved, quotaStage ? toOffer.unreserved() : unreserved, -1);
    }
    made.add(offer);
  }

  /** The lowest-share member that wants offers and has not filtered this agent, or null. */
  private RoleSlot.Member pick(AgentSlot agent, RoleState state) {
    long[] filtered = agent.filteredBits();
    int candidates = 0;
    for (int w = 0; w < state.wanting.length; w++) {
      long f = w < filtered.length ? filtered[w] : 0;
      candidates += Long.bitCount(state.wanting[w] & ~f);
    }
    if (candidates == 0) {
      return null;
    }
    if (candidates <= SCAN_LIMIT) {
      RoleSlot.Member best = null;
      for (int w = 0; w < state.wanting.length; w++) {
        long bits = state.wanting[w] & ~(w < filtered.length ? filtered[w] : 0);
        while (bits != 0) {
          int index = (w << 6) + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
          RoleSlot.Member m = state.byIndex[index];
          if (best == null || RoleSlot.Member.BY_SHARE.compare(m, best) < 0) {
            best = m;
          }
        }
      }
      return best;
    }
    for (RoleSlot.Member m : state.order) {
      if (!agent.filtered(m.framework.index)) {
        return m;
      }
    }
    return null;
  }

  private boolean allocatable(Resources resources) {
    return resources.scalarMillis("cpus") >= a.config.minCpusMillis()
        || resources.scalarMillis("mem") >= a.config.minMemMillis();
  }
}
