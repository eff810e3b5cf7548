package io.corral.core.placement;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.OsFamily;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Says which agents could take a task and, for every other agent, every reason it cannot.
 *
 * <p>All checks run on every agent rather than stopping at the first failure, so a report that
 * says "mem: 3 agents have &lt; 512 MB free" counts every agent short of memory, including those
 * that are also draining. The explainer is a pure function of its inputs: it keeps no state,
 * reads no clock and can be called from any thread.
 */
public final class PlacementExplainer {

  /** Checks {@code request} against each agent; agent ids must be unique. */
  public PlacementReport explain(TaskRequest request, Collection<AgentSnapshot> agents) {
    if (request == null || agents == null) {
      throw new IllegalArgumentException("a placement needs a task request and a collection of agents");
    }
    Map<String, ResourceNeed> needs = new LinkedHashMap<>();
    ResourceNeed.of(request.resources()).forEach(need -> needs.put(need.name(), need));
    Set<AgentId> seen = new HashSet<>();
    List<AgentId> fitting = new ArrayList<>();
    Map<AgentId, List<Veto>> vetoes = new TreeMap<>();
    for (AgentSnapshot agent : agents) {
      if (!seen.add(agent.id())) {
        throw new IllegalArgumentException("agent " + agent.id() + " appears more than once");
      }
      List<Veto> found = vetoes(request, needs.values(), agent);
      if (found.isEmpty()) {
        fitting.add(agent.id());
      } else {
        vetoes.put(agent.id(), found);
      }
    }
    Collections.sort(fitting);
    return new PlacementReport(agents.size(), fitting, vetoes, VetoTallies.count(vetoes, needs));
  }

  /** Every reason {@code agent} cannot take the task: state, OS, constraints in order, then resources. */
  private static List<Veto> vetoes(TaskRequest request, Collection<ResourceNeed> needs, AgentSnapshot agent) {
    List<Veto> out = new ArrayList<>();
    AgentInfo info = agent.info();
    stateVeto(agent.state()).ifPresent(out::add);
    request.requiredOs().filter(os -> os != info.os()).ifPresent(os -> out.add(osVeto(info.os(), os)));
    for (Constraint constraint : request.constraints()) {
      String value = attribute(info, constraint.attribute());
      if (!constraint.matches(value)) {
        String had = value == null ? "no " + constraint.attribute() + " attribute" : constraint.attribute() + " is " + value;
        out.add(new Veto(VetoKind.CONSTRAINT, constraint.text(), value, had + ", task needs " + constraint.text()));
      }
    }
    for (ResourceNeed need : needs) {
      need.check(agent.available(), request.role()).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<Veto> stateVeto(AgentState state) {
    if (state.receivesOffers()) {
      return Optional.empty();
    }
    String label = state.name().toLowerCase(Locale.ROOT);
    return Optional.of(new Veto(VetoKind.AGENT_STATE, label, label,
        "agent is " + label + "; only active agents take new tasks"));
  }

  private static Veto osVeto(OsFamily agentOs, OsFamily wanted) {
    return new Veto(VetoKind.OS, "os", agentOs.label(), "agent runs " + agentOs.label() + ", task needs " + wanted.label());
  }

  /**
   * The agent's attribute, or its hostname or arch when no attribute has that name: those are fields
   * of {@link AgentInfo}, yet operators constrain on them as on any attribute.
   */
  private static String attribute(AgentInfo info, String name) {
    String value = info.attributes().get(name);
    if (value != null) {
      return value;
    }
    switch (name) {
      case "hostname":
        return info.hostname();
      case "arch":
        return info.arch();
      default:
        return null;
    }
  }
}
