package io.corral.shell.client;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.placement.AgentSnapshot;
import io.corral.core.placement.PlacementExplainer;
import io.corral.core.placement.PlacementReport;
import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a task could or could not go anywhere right now: the core's {@link PlacementExplainer} over
 * the master's agents (GET_STATE), each agent's free resources being its total less what tasks use
 * and what is offered to frameworks at the moment.
 */
public final class Placement {
  private Placement() {}

  public static PlacementReport explain(TaskSpec spec, ClusterView view) {
    return explain(spec, view, null);
  }

  /**
   * As {@link #explain(TaskSpec, ClusterView)}, counting what is offered to {@code asking} (the
   * shell's framework, while it waits) as free: those offers are the ones it could use.
   */
  public static PlacementReport explain(TaskSpec spec, ClusterView view, String asking) {
    Map<String, Resources> mine = new HashMap<>();
    if (asking != null) {
      view.framework(asking).ifPresent(f -> f.getOffersList().forEach(o -> mine.merge(o.getAgentId().getValue(),
          ResourceConversion.fromMesos(o.getResourcesList()),
          Resources::plus)));
    }
    List<AgentSnapshot> agents = new ArrayList<>();
    for (ClusterView.Agent a : view.agents()) {
      AgentState state = switch (a.state()) {
        case "ACTIVE" -> AgentState.ACTIVE;
        case "DRAINING" -> AgentState.DRAINING;
        case "UNREACHABLE" -> AgentState.UNREACHABLE;
        default -> AgentState.DEACTIVATED;
      };
      agents.add(new AgentSnapshot(ModelConversion.agent(a.info(), AgentId.of(a.id()), null), state,
          a.total().minus(a.used()).minus(a.offered()).plus(mine.getOrDefault(a.id(), Resources.EMPTY))));
    }
    return new PlacementExplainer().explain(spec.request(), agents);
  }

  /**
   * Whether any agent could ever hold the task: each known agent taken as active and empty (its
   * total resources free), with its attributes and OS as they are. A task no agent fits this way
   * waits in vain; a cluster without agents yet is not judged (agents may still come).
   */
  public static PlacementReport explainAgainstTotals(TaskSpec spec, ClusterView view) {
    List<AgentSnapshot> agents = new ArrayList<>();
    for (ClusterView.Agent a : view.agents()) {
      agents.add(new AgentSnapshot(ModelConversion.agent(a.info(), AgentId.of(a.id()), null), AgentState.ACTIVE, a.total()));
    }
    return new PlacementExplainer().explain(spec.request(), agents);
  }

  /** The report in lines: the summary, then one indented line per reason. */
  public static String describe(PlacementReport report) {
    StringBuilder s = new StringBuilder(report.summary());
    report.lines().forEach(line -> s.append("\n  ").append(line));
    return s.toString();
  }
}
