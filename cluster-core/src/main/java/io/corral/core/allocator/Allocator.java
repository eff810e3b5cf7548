package io.corral.core.allocator;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OfferId;
import io.corral.core.port.IdGenerator;
import io.corral.core.resources.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns free resources into offers under hierarchical DRF: quota guarantees first, then roles by
 * weighted dominant share, then frameworks inside a role by their dominant share.
 *
 * <p>The allocator has no clock, no threads and no I/O. Callers feed it events (agents and
 * frameworks coming and going, declines, accepts, tasks ending) and call {@link #allocate} from
 * their own loop; given the same events and times it makes the same decisions.
 */
public interface Allocator {

  static Allocator drf(AllocatorConfig config, IdGenerator ids) {
    return new HierarchicalDrfAllocator(config, ids);
  }

  /** Adds an agent with what its running tasks already use; everything else becomes free. */
  void addAgent(AgentInfo info, Collection<Usage> used);

  /** Changes an agent's state; leaving ACTIVE rescinds its outstanding offers. */
  List<Rescind> setAgentState(AgentId id, AgentState state);

  /** Removes an agent and all it holds; its outstanding offers are rescinded. */
  List<Rescind> removeAgent(AgentId id);

  /** Adds (or re-activates, with new info) a framework; it receives offers from the next cycle. */
  void addFramework(FrameworkInfo info);

  /** A disconnected framework keeps its tasks but gets no offers; outstanding ones are rescinded. */
  List<Rescind> deactivateFramework(FrameworkId id);

  /** Removes a framework: its offers vanish and everything it used returns to the pool. */
  void removeFramework(FrameworkId id);

  /** Stops offers to the framework for the roles given (all its roles when empty). */
  void suppress(FrameworkId id, Collection<String> roles);

  /** Resumes offers for the roles given (all when empty) and clears the framework's filters. */
  void revive(FrameworkId id, Collection<String> roles);

  void setWeight(String role, double weight);

  /** Sets the role's quota guarantee; empty resources remove it. */
  void setQuota(String role, Resources guarantee);

  /**
   * Returns an offer's resources to the pool and filters them for this framework on that agent
   * for {@code refuse} (zero: no filter). False when the offer is not outstanding.
   */
  boolean decline(FrameworkId framework, OfferId offer, Duration refuse, Instant now);

  /**
   * Turns part of an offer into used resources; the rest returns to the pool, filtered for
   * {@code refuse}. Rejected (and nothing changes) when the offer is unknown, belongs to another
   * framework, or does not hold {@code use}.
   */
  AcceptResult accept(FrameworkId framework, OfferId offer, Resources use, Duration refuse, Instant now);

  /** Returns resources a framework used on an agent (a task ended). False when nothing matched. */
  boolean recover(AgentId agent, FrameworkId framework, String role, Resources resources);

  /** One allocation step: expires timed-out offers, then offers free resources. */
  AllocationResult allocate(Instant now);

  Optional<Offer> offer(OfferId id);

  List<Offer> offers(FrameworkId framework);

  Optional<AgentAllocation> agent(AgentId id);

  List<AgentAllocation> agents();

  /** Weighted dominant share of each known role, for operators and GET_ROLES. */
  Map<String, Double> roleShares();

  /** A framework's dominant share within a role (0 when it holds nothing there). */
  double frameworkShare(FrameworkId framework, String role);

  /** How one agent's resources are split right now. */
  record AgentAllocation(AgentInfo info, AgentState state, Resources available, Resources offered,
      Resources used) {}
}
