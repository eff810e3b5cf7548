package io.corral.remote.master;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.Role;
import io.corral.core.task.TaskState;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.InputRules;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.quota.Protos.QuotaConfig;
import org.apache.mesos.v1.quota.Protos.QuotaInfo;
import org.apache.mesos.v1.quota.Protos.QuotaStatus;

/**
 * The Mesos v1 operator API, on the master loop. Queries return a {@code Response}; actions
 * return null (HTTP 200 with no body, as Mesos answers them).
 */
final class OperatorCalls {
  static final String VERSION = "1.11.0";

  private final Master master;

  OperatorCalls(Master master) {
    this.master = master;
  }

  Response handle(Call call, Authenticator.Caller caller) {
    Authorization.operatorCall(master, call, caller);
    Viewer viewer = Authorization.viewer(master, caller);
    return switch (call.getType()) {
      case GET_HEALTH -> response(Response.Type.GET_HEALTH).setGetHealth(Response.GetHealth.newBuilder().setHealthy(true)).build();
      case GET_VERSION -> response(Response.Type.GET_VERSION).setGetVersion(Response.GetVersion.newBuilder()
          .setVersionInfo(Protos.VersionInfo.newBuilder().setVersion(VERSION).setBuildUser("corral"))).build();
      case GET_MASTER -> response(Response.Type.GET_MASTER).setGetMaster(Response.GetMaster.newBuilder()
          .setMasterInfo(master.info()).setStartTime(master.startedAt().toEpochMilli() / 1000.0)
          .setElectedTime(master.startedAt().toEpochMilli() / 1000.0)).build();
      case GET_STATE -> response(Response.Type.GET_STATE).setGetState(state(viewer)).build();
      case GET_AGENTS -> response(Response.Type.GET_AGENTS).setGetAgents(OperatorViews.agents(master, viewer)).build();
      case GET_FRAMEWORKS -> response(Response.Type.GET_FRAMEWORKS).setGetFrameworks(OperatorViews.frameworks(master, viewer)).build();
      case GET_TASKS -> response(Response.Type.GET_TASKS).setGetTasks(OperatorViews.tasks(master, viewer)).build();
      case GET_EXECUTORS -> response(Response.Type.GET_EXECUTORS).setGetExecutors(Response.GetExecutors.newBuilder()).build();
      case GET_ROLES -> response(Response.Type.GET_ROLES).setGetRoles(roles(viewer)).build();
      case GET_WEIGHTS -> response(Response.Type.GET_WEIGHTS).setGetWeights(weights(viewer)).build();
      case GET_QUOTA -> response(Response.Type.GET_QUOTA).setGetQuota(Response.GetQuota.newBuilder().setStatus(quota(viewer))).build();
      case GET_METRICS -> response(Response.Type.GET_METRICS).setGetMetrics(metrics()).build();
      case UPDATE_WEIGHTS -> updateWeights(call.getUpdateWeights());
      case UPDATE_QUOTA -> updateQuota(call.getUpdateQuota());
      case DRAIN_AGENT -> drain(call.getDrainAgent());
      case DEACTIVATE_AGENT -> setState("deactivate_agent.agent_id", call.getDeactivateAgent().getAgentId(),
          AgentState.DEACTIVATED);
      case REACTIVATE_AGENT -> setState("reactivate_agent.agent_id", call.getReactivateAgent().getAgentId(),
          AgentState.ACTIVE);
      case MARK_AGENT_GONE -> markGone(call.getMarkAgentGone().getAgentId());
      case TEARDOWN -> teardown(call.getTeardown().getFrameworkId());
      default -> throw ApiException.badRequest("Unsupported call type " + call.getType());
    };
  }

  private static Response.Builder response(Response.Type type) {
    return Response.newBuilder().setType(type);
  }

  /** GET_STATE as {@code viewer} may see it: its tasks, frameworks and agents filtered alike. */
  Response.GetState state(Viewer viewer) {
    return Response.GetState.newBuilder().setGetTasks(OperatorViews.tasks(master, viewer))
        .setGetAgents(OperatorViews.agents(master, viewer)).setGetFrameworks(OperatorViews.frameworks(master, viewer))
        .setGetExecutors(Response.GetExecutors.newBuilder()).build();
  }

  /** The operator stream's first event: the state as the subscriber may see it. */
  Event subscribed(Viewer viewer) {
    return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
        .setGetState(state(viewer)).setHeartbeatIntervalSeconds(master.config().heartbeatInterval().toMillis() / 1000.0)).build();
  }

  /** The roles {@code viewer} may view (view_roles), listing only frameworks it may view. */
  private Response.GetRoles roles(Viewer viewer) {
    Map<String, Double> shares = master.allocator().roleShares();
    TreeMap<String, Protos.Role.Builder> out = new TreeMap<>();
    master.rolesView().forEach(r -> out.computeIfAbsent(r.name(), n -> role(n, r.weight())));
    shares.keySet().forEach(n -> out.computeIfAbsent(n, k -> role(k, weight(k))));
    for (FrameworkEntry f : master.frameworksView()) {
      if (!viewer.sees(f)) {
        continue;
      }
      for (String r : f.info.roles()) {
        out.computeIfAbsent(r, k -> role(k, weight(k))).addFrameworks(Protos.FrameworkID.newBuilder().setValue(f.id.value()));
      }
    }
    for (TaskEntry t : master.tasksView()) {
      if (!t.task.isTerminal()) {
        Protos.Role.Builder b = out.computeIfAbsent(t.role, k -> role(k, weight(k)));
        b.addAllResources(ResourceConversion.toMesos(t.task.resources(), null));
      }
    }
    Response.GetRoles.Builder b = Response.GetRoles.newBuilder();
    out.values().stream().filter(r -> viewer.seesRole(r.getName())).forEach(b::addRoles);
    return b.build();
  }

  private static Protos.Role.Builder role(String name, double weight) {
    return Protos.Role.newBuilder().setName(name).setWeight(weight);
  }

  private double weight(String role) {
    Role r = master.role(role);
    return r == null ? 1.0 : r.weight();
  }

  private Response.GetWeights weights(Viewer viewer) {
    Response.GetWeights.Builder b = Response.GetWeights.newBuilder();
    master.rolesView().stream().filter(r -> r.weight() != 1.0 && viewer.seesRole(r.name()))
        .forEach(r -> b.addWeightInfos(Protos.WeightInfo.newBuilder().setRole(r.name()).setWeight(r.weight())));
    return b.build();
  }

  private QuotaStatus quota(Viewer viewer) {
    QuotaStatus.Builder b = QuotaStatus.newBuilder();
    for (Role r : master.rolesView()) {
      if (r.guarantee().isEmpty() || !viewer.seesQuota(r.name())) {
        continue;
      }
      QuotaConfig.Builder c = QuotaConfig.newBuilder().setRole(r.name());
      for (String name : r.guarantee().scalarNames()) {
        c.putGuarantees(name, Protos.Value.Scalar.newBuilder().setValue(r.guarantee().scalar(name)).build());
      }
      b.addConfigs(c);
      b.addInfos(QuotaInfo.newBuilder().setRole(r.name()).addAllGuarantee(ResourceConversion.toMesos(r.guarantee(), null)));
    }
    return b.build();
  }

  private Response.GetMetrics metrics() {
    Response.GetMetrics.Builder b = Response.GetMetrics.newBuilder();
    MetricsSnapshot.of(master).forEach((k, v) -> b.addMetrics(Protos.Metric.newBuilder().setName(k).setValue(v)));
    return b.build();
  }

  /** Checks every entry before any role changes (see {@link RoleUpdates}). */
  private Response updateWeights(Call.UpdateWeights update) {
    RoleUpdates.weights(update).forEach((name, weight) -> {
      master.setWeight(name, weight);
    });
    return null;
  }

  /** Checks every config before any role changes (see {@link RoleUpdates}). */
  private Response updateQuota(Call.UpdateQuota update) {
    RoleUpdates.guarantees(update).forEach((name, guarantee) -> {
      master.setQuota(name, guarantee);
    });
    return null;
  }

  /** The agent a call names, known and not gone; else a 400, as Mesos answers "Unknown agent". */
  private AgentEntry agent(String field, Protos.AgentID id) {
    AgentEntry a = master.agent(agentId(field, id));
    if (a == null || a.state == AgentState.GONE) {
      throw ApiException.badRequest("Unknown agent " + id.getValue());
    }
    return a;
  }

  private static AgentId agentId(String field, Protos.AgentID id) {
    String problem = InputRules.idProblem(field, id.getValue());
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    return AgentId.of(id.getValue());
  }

  private Response drain(Call.DrainAgent drain) {
    AgentEntry a = agent("drain_agent.agent_id", drain.getAgentId());
    a.drainKillsTasks = drain.getMarkGone();
    master.setAgentState(a, AgentState.DRAINING);
    for (TaskEntry t : master.liveTasksOn(a.id)) {
      master.killOnAgent(t);
    }
    return null;
  }

  private Response setState(String field, Protos.AgentID id, AgentState state) {
    AgentEntry a = agent(field, id);
    if (a.state == AgentState.UNREACHABLE) {
      throw ApiException.badRequest("Agent " + id.getValue() + " is unreachable");
    }
    if (a.state == AgentState.GONE) {
      throw ApiException.badRequest("Agent " + id.getValue() + " was marked gone");
    }
    if (state == AgentState.ACTIVE && a.state == AgentState.ACTIVE) {
      throw ApiException.badRequest("Agent " + id.getValue() + " is not deactivated or draining");
    }
    master.setAgentState(a, state);
    return null;
  }

  /**
   * As Mesos: an agent the master never knew is 404 Not Found; one already gone is left as it is
   * (200), so that an operator's retry after a lost answer succeeds.
   */
  private Response markGone(Protos.AgentID id) {
    AgentEntry a = master.agent(agentId("mark_agent_gone.agent_id", id));
    if (a == null) {
      throw ApiException.notFound("Agent '" + id.getValue() + "' not found");
    }
    if (a.state == AgentState.GONE) {
      return null;
    }
    for (TaskEntry t : master.liveTasksOn(a.id)) {
      master.applyStatus(t, master.masterStatus(t, TaskState.GONE_BY_OPERATOR,
          Protos.TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR, "Agent " + a.id + " was marked gone by an operator"));
    }
    master.setAgentState(a, AgentState.GONE);
    master.credentials().revokeOfAgent(a.id); // the id is refused for ever, and so is the agent's own credential
    master.rescind(master.allocator().removeAgent(a.id));
    master.send(a, AgentProtocol.message(AgentProtocol.EventType.SHUTDOWN)
        .put("reason", "marked gone by an operator"));
    master.closeStream(a); // after SHUTDOWN: the agent kills its tasks and stops; it may never register again
    master.broadcast(() -> OperatorEvents.agentRemoved(a));
    return null;
  }

  private Response teardown(Protos.FrameworkID id) {
    String problem = InputRules.idProblem("teardown.framework_id", id.getValue());
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    FrameworkEntry f = master.framework(FrameworkId.of(id.getValue()));
    if (f == null) {
      throw ApiException.badRequest("No framework found with specified ID");
    }
    master.removeFramework(f, "torn down by an operator");
    return null;
  }
}
