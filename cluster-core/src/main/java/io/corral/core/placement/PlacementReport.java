package io.corral.core.placement;

import io.corral.core.model.AgentId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to "where could this task go, and if nowhere, why not?" as data: the agents that fit,
 * every veto against each other agent, and counts per reason. The shell prints {@link #summary()}
 * and {@link #lines()}; an API can send the same values as they are.
 *
 * @param agentCount how many agents were considered
 * @param fittingAgents the agents that could take the task, in id order
 * @param vetoes for each agent that could not, all its vetoes (agents in id order)
 * @param tallies agents ruled out per reason, most first; an agent may count under several
 */
public record PlacementReport(int agentCount, List<AgentId> fittingAgents, Map<AgentId, List<Veto>> vetoes,
    List<VetoTally> tallies) {

  public PlacementReport {
    fittingAgents = List.copyOf(fittingAgents);
    TreeMap<AgentId, List<Veto>> copy = new TreeMap<>();
    vetoes.forEach((agent, list) -> copy.put(agent, List.copyOf(list)));
    vetoes = Collections.unmodifiableMap(copy);
    tallies = List.copyOf(tallies);
    if (agentCount != fittingAgents.size() + vetoes.size()) {
      throw new IllegalArgumentException("a report must account for every agent: " + agentCount + " agents, "
          + fittingAgents.size() + " fitting, " + vetoes.size() + " vetoed");
    }
  }

  /** True when at least one agent could take the task. */
  public boolean placeable() {
    return !fittingAgents.isEmpty();
  }

  /** The vetoes against {@code agent}; empty when it fits or was not considered. */
  public List<Veto> vetoesFor(AgentId agent) {
    return vetoes.getOrDefault(agent, List.of());
  }

  /** How many agents the reason with this kind and key ruled out (0 when none). */
  public int agentsRuledOut(VetoKind kind, String key) {
    return tallies.stream()
        .filter(t -> t.kind() == kind && t.key().equals(key))
        .mapToInt(VetoTally::agents)
        .findFirst()
        .orElse(0);
  }

  /** {@code 0 of 20 agents can take this task}, or {@code no agents registered}. */
  public String summary() {
    if (agentCount == 0) {
      return "no agents registered";
    }
    return fittingAgents.size() + " of " + Wording.agents(agentCount) + " can take this task";
  }

  /** One line per reason, most agents first: {@code mem: 3 agents have < 512 MB free}. */
  public List<String> lines() {
    return tallies.stream().map(VetoTally::line).toList();
  }
}
