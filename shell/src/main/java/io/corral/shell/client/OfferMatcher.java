package io.corral.shell.client;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.placement.AgentSnapshot;
import io.corral.core.placement.PlacementExplainer;
import io.corral.core.placement.PlacementReport;
import io.corral.core.placement.TaskRequest;
import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;

/**
 * Chooses offers for tasks with the core's placement rules: an offer is an agent snapshot whose
 * free resources are the offer's, so OS, attribute constraints and resources are checked exactly as
 * {@code explain} reports them. Tasks go one at a time onto the first offer that still fits;
 * concrete ports are taken from the lowest free range.
 */
public final class OfferMatcher {
  private static final PlacementExplainer EXPLAINER = new PlacementExplainer();

  /** One task to place: its id, name and spec. */
  public record Pending(String taskId, String name, TaskSpec spec) {}

  /** Tasks to launch on one agent, with all the offers of that agent they draw on. */
  public record Launch(List<Protos.OfferID> offers, List<Protos.TaskInfo> tasks) {}

  /** Launches per agent, offers not used, and the tasks no offer could take. */
  public record Plan(List<Launch> launches, List<Protos.OfferID> unused, List<Pending> unplaced) {}

  private OfferMatcher() {}

  /** Offers of one agent pool together: an agent's free resources may come in several offers. */
  public static Plan plan(List<Pending> pending, List<Protos.Offer> offers) {
    Map<String, List<Protos.Offer>> byAgent = new LinkedHashMap<>();
    offers.forEach(o -> byAgent.computeIfAbsent(o.getAgentId().getValue(), a -> new ArrayList<>()).add(o));
    Map<String, Resources> left = new LinkedHashMap<>();
    byAgent.forEach((agent, list) -> left.put(agent, list.stream().map(o -> ResourceConversion.fromMesos(o.getResourcesList()))
        .reduce(Resources.EMPTY, Resources::plus)));
    Map<String, List<Protos.TaskInfo>> tasks = new LinkedHashMap<>();
    List<Pending> unplaced = new ArrayList<>();
    for (Pending p : pending) {
      TaskRequest request = p.spec().request();
      String chosen = null;
      for (Map.Entry<String, Resources> e : left.entrySet()) {
        PlacementReport report = EXPLAINER.explain(request, List.of(snapshot(byAgent.get(e.getKey()).get(0), e.getValue())));
        if (report.placeable()) {
          chosen = e.getKey();
          break;
        }
      }
      if (chosen == null) {
        unplaced.add(p);
        continue;
      }
      Resources taken = concrete(p.spec(), left.get(chosen));
      left.put(chosen, left.get(chosen).minus(taken));
      tasks.computeIfAbsent(chosen, a -> new ArrayList<>())
          .add(TaskInfos.build(p, byAgent.get(chosen).get(0).getAgentId(), taken));
    }
    List<Launch> launches = new ArrayList<>();
    List<Protos.OfferID> unused = new ArrayList<>();
    byAgent.forEach((agent, list) -> {
      List<Protos.OfferID> ids = list.stream().map(Protos.Offer::getId).toList();
      if (tasks.containsKey(agent)) {
        launches.add(new Launch(ids, tasks.get(agent)));
      } else {
        unused.addAll(ids);
      }
    });
    return new Plan(launches, unused, unplaced);
  }

  /** An offer seen as an agent whose free resources are {@code free}. */
  static AgentSnapshot snapshot(Protos.Offer offer, Resources free) {
    Protos.AgentInfo info = Protos.AgentInfo.newBuilder().setHostname(offer.getHostname()).setId(offer.getAgentId())
        .addAllAttributes(offer.getAttributesList()).build();
    return new AgentSnapshot(ModelConversion.agent(info, AgentId.of(offer.getAgentId().getValue()), null), AgentState.ACTIVE,
        free);
  }

  /** The spec's resources with its port count replaced by actual ports from {@code free}. */
  static Resources concrete(TaskSpec spec, Resources free) {
    Resources.Builder b = Resources.builder().scalar("cpus", Resources.UNRESERVED, spec.cpus())
        .scalar("mem", Resources.UNRESERVED, spec.mem());
    if (spec.disk() > 0) {
      b.scalar("disk", Resources.UNRESERVED, spec.disk());
    }
    long need = spec.ports();
    for (long[] range : free.unreserved().ranges("ports")) {
      if (need == 0) {
        break;
      }
      long end = Math.min(range[1], range[0] + need - 1);
      b.range("ports", Resources.UNRESERVED, range[0], end);
      need -= end - range[0] + 1;
    }
    return b.build();
  }
}
