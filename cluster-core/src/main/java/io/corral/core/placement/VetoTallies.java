package io.corral.core.placement;

import io.corral.core.model.AgentId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts vetoes per reason and words each count for operators. Grouping by kind and key keeps the
 * counts honest (an agent short of both mem and cpus counts under each) while the observed values
 * say what the agents had instead ("4 agents have rack=r2 or no rack").
 */
final class VetoTallies {
  /** Beyond this many distinct values a line counts the rest ("95 other values") instead of listing them. */
  private static final int VALUES_SHOWN = 3;

  private static final Comparator<VetoTally> ORDER = Comparator.comparingInt(VetoTally::agents).reversed()
      .thenComparing(VetoTally::kind)
      .thenComparing(VetoTally::key);

  private VetoTallies() {}

  /** Tallies ordered by number of agents, most first, then by kind and key. */
  static List<VetoTally> count(Map<AgentId, List<Veto>> vetoes, Map<String, ResourceNeed> needs) {
    Map<Reason, Group> groups = new LinkedHashMap<>();
    vetoes.forEach((agent, list) -> list.forEach(
        veto -> groups.computeIfAbsent(new Reason(veto.kind(), veto.key()), r -> new Group()).add(agent, veto)));
    List<VetoTally> tallies = new ArrayList<>();
    groups.forEach((reason, group) -> {
      int agents = group.agents.size();
      tallies.add(new VetoTally(reason.kind, reason.key, agents, line(reason, group, agents, needs)));
    });
    tallies.sort(ORDER);
    return tallies;
  }

  private static String line(Reason reason, Group group, int agents, Map<String, ResourceNeed> needs) {
    switch (reason.kind) {
      case AGENT_STATE:
        return "state: " + Wording.agents(agents) + " " + Wording.verb(agents, "is", "are") + " " + reason.key;
      case OS:
        return "os: " + Wording.agents(agents) + " " + Wording.verb(agents, "is", "are") + " "
            + Wording.joinOr(shown(group, "", null));
      case CONSTRAINT:
        String attribute = Constraint.parse(reason.key).attribute();
        return "constraint " + reason.key + ": " + Wording.agents(agents) + " " + Wording.verb(agents, "has", "have")
            + " " + Wording.joinOr(shown(group, attribute + "=", "no " + attribute));
      case INSUFFICIENT_RESOURCE:
      default:
        ResourceNeed need = needs.get(reason.key);
        return reason.key + ": " + (need == null ? Wording.agents(agents) + " lack it" : need.shortfall(agents));
    }
  }

  /** The distinct values seen, each with {@code prefix}, at most {@link #VALUES_SHOWN}, then the missing ones. */
  private static List<String> shown(Group group, String prefix, String missing) {
    List<String> out = new ArrayList<>();
    for (String value : group.observed) {
      if (out.size() == VALUES_SHOWN) {
        int others = group.observed.size() - VALUES_SHOWN;
        out.add(others + (others == 1 ? " other value" : " other values"));
        break;
      }
      out.add(prefix + value);
    }
    if (group.missing && missing != null) {
      out.add(missing);
    }
    return out;
  }

  private record Reason(VetoKind kind, String key) {}

  private static final class Group {
    final Set<AgentId> agents = new HashSet<>();
    final TreeSet<String> observed = new TreeSet<>();
    boolean missing;

    void add(AgentId agent, Veto veto) {
      agents.add(agent);
      if (veto.observed() == null) {
        missing = true;
      } else {
        observed.add(veto.observed());
      }
    }
  }
}
