package io.corral.remote.services.scheduler;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import io.corral.core.service.PlacementRule;
import io.corral.remote.services.app.InstanceLaunch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Matches offers to the instances apps want: for each offer, app by app, as many instances as the
 * offer holds and the app's constraints allow. Each launch's instance record is stored in the same
 * burst as the ACCEPT that launches it. What did not fit is remembered per app ({@link Rejections}),
 * for {@code /v2/queue} and {@code corral service show}.
 */
final class OfferMatcher {
  /** Seconds an offer nobody could use stays away from this framework. */
  private static final double DECLINE_SECONDS = 5;

  private final ServiceScheduler scheduler;
  /** Agents seen in offers: where instances are, for constraints, when the master no longer lists one. */
  private final Map<String, AgentInfo> agents = new HashMap<>();

  OfferMatcher(ServiceScheduler scheduler) {
    this.scheduler = scheduler;
  }

  void match(List<Protos.Offer> offers) {
    Instant now = scheduler.host.now();
    for (Protos.Offer offer : offers) {
      AgentInfo agent = remember(offer);
      List<Protos.Resource> remaining = new ArrayList<>(offer.getResourcesList());
      List<Protos.TaskInfo> launches = new ArrayList<>();
      for (AppRecord app : scheduler.apps.values()) {
        while (app.wanted > 0 && !app.removing && !now.isBefore(app.launchNotBefore)) {
          String veto = veto(app, agent);
          InstanceLaunch.Fits fits = null;
          if (veto == null) {
            String taskId = InstanceLaunch.newTaskId(app.app.id(), UUID.randomUUID());
            InstanceLaunch.Result result = InstanceLaunch.build(app.app, app.configVersion, taskId,
                new InstanceLaunch.Target(offer.getAgentId(), offer.getHostname(), remaining, scheduler.role));
            if (result instanceof InstanceLaunch.DoesNotFit no) {
              veto = String.join("; ", no.reasons());
            } else {
              fits = (InstanceLaunch.Fits) result;
            }
          }
          if (veto != null) {
            app.rejections.add(offer.getHostname(), veto);
            break;
          }
          launches.add(fits.task());
          remaining = OfferLeftovers.minus(remaining, fits.task().getResourcesList());
          scheduler.adopt(app, new InstanceRecord(fits.task().getTaskId().getValue(), app.app.id(), app.configVersion,
              offer.getAgentId().getValue(), offer.getHostname(), fits.hostPorts(), now));
          app.wanted--;
          app.rejections.clear();
        }
      }
      if (launches.isEmpty()) {
        scheduler.host.call(ServiceScheduler.call(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
            .addOfferIds(offer.getId()).setFilters(Protos.Filters.newBuilder().setRefuseSeconds(DECLINE_SECONDS)))
            .build());
      } else {
        scheduler.host.call(ServiceScheduler.call(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
            .addOfferIds(offer.getId())
            .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
                .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addAllTaskInfos(launches)))
            .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(1))).build());
      }
    }
    scheduler.suppressIfIdle();
  }

  private String veto(AppRecord app, AgentInfo agent) {
    List<AgentInfo> others = placed(app);
    for (PlacementRule rule : app.app.constraints()) {
      String why = rule.veto(agent, others);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** The agent of an offer, as constraints see it (hostname and attributes). */
  private AgentInfo remember(Protos.Offer offer) {
    Map<String, String> attributes = new TreeMap<>();
    for (Protos.Attribute a : offer.getAttributesList()) {
      String value = switch (a.getType()) {
        case TEXT -> a.getText().getValue();
        case SCALAR -> Resources.formatMillis(Math.round(a.getScalar().getValue() * 1000));
        default -> a.toString();
      };
      attributes.put(a.getName(), value);
    }
    OsFamily os;
    try {
      os = OsFamily.parse(attributes.getOrDefault("os", "linux"));
    } catch (IllegalArgumentException e) {
      os = OsFamily.LINUX; // an os attribute Corral does not know: constraints still see its text
    }
    AgentInfo agent = new AgentInfo(AgentId.of(offer.getAgentId().getValue()), offer.getHostname(), os, null,
        attributes, Resources.EMPTY);
    agents.put(agent.id().value(), agent);
    return agent;
  }

  /** The agents of an app's instances (one entry per instance), for its constraints. */
  private List<AgentInfo> placed(AppRecord app) {
    return app.instances.values().stream().filter(i -> !i.killing).map(i -> {
      AgentInfo known = scheduler.host.agent(i.agentId);
      return known != null ? known : agents.get(i.agentId);
    }).filter(a -> a != null).toList();
  }
}
