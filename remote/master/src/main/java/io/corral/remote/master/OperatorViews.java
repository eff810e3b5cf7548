package io.corral.remote.master;

import io.corral.core.allocator.Allocator.AgentAllocation;
import io.corral.core.allocator.Offer;
import io.corral.core.model.AgentState;
import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import java.time.Instant;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Response;

/** Builds the operator API's views (Mesos v1 master.proto shapes) of agents, frameworks and tasks. */
final class OperatorViews {
  private OperatorViews() {}

  static Protos.TimeInfo time(Instant t) {
    return Protos.TimeInfo.newBuilder().setNanoseconds(t.getEpochSecond() * 1_000_000_000L + t.getNano()).build();
  }

  static Protos.Task task(TaskEntry e) {
    Protos.Task.Builder b = Protos.Task.newBuilder()
        .setName(e.info.getName())
        .setTaskId(e.info.getTaskId())
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(e.task.frameworkId().value()))
        .setAgentId(Protos.AgentID.newBuilder().setValue(e.task.agentId().value()))
        .setState(e.lastStatus.getState())
        .addAllResources(ResourceConversion.toMesos(e.task.resources(), e.role))
        .addStatuses(e.lastStatus);
    if (e.lastStatus.hasUuid()) {
      b.setStatusUpdateState(e.lastStatus.getState()).setStatusUpdateUuid(e.lastStatus.getUuid());
    }
    if (e.info.hasExecutor()) {
      b.setExecutorId(e.info.getExecutor().getExecutorId());
    }
    if (e.info.hasLabels()) {
      b.setLabels(e.info.getLabels());
    }
    if (e.info.hasContainer()) {
      b.setContainer(e.info.getContainer());
    }
    if (e.info.hasKillPolicy()) {
      b.setKillPolicy(e.info.getKillPolicy());
    }
    return b.build();
  }

  static Response.GetAgents.Agent agent(Master master, AgentEntry a) {
    AgentAllocation alloc = master.allocator().agent(a.id).orElse(null);
    Response.GetAgents.Agent.Builder b = Response.GetAgents.Agent.newBuilder()
        .setAgentInfo(a.wire)
        // As Mesos: 'active' is false while the agent is disconnected (its stream ended); it says
        // nothing of operator deactivation, which is 'deactivated'.
        .setActive(a.connected()
            && (a.state == AgentState.ACTIVE || a.state == AgentState.DRAINING || a.state == AgentState.DEACTIVATED))
        .setDeactivated(a.state == AgentState.DEACTIVATED || a.state == AgentState.DRAINING)
        .setVersion(a.version)
        .setRegisteredTime(time(a.registeredAt))
        .addAllTotalResources(a.wire.getResourcesList());
    if (alloc != null) {
      b.addAllAllocatedResources(ResourceConversion.toMesos(alloc.used(), null));
      b.addAllOfferedResources(ResourceConversion.toMesos(alloc.offered(), null));
    }
    if (a.state == AgentState.DRAINING) {
      b.setDrainInfo(Protos.DrainInfo.newBuilder().setState(Protos.DrainState.DRAINING)
          .setConfig(Protos.DrainConfig.newBuilder().setMarkGone(a.drainKillsTasks)));
    }
    return b.build();
  }

  static Response.GetFrameworks.Framework framework(Master master, FrameworkEntry f) {
    Response.GetFrameworks.Framework.Builder b = Response.GetFrameworks.Framework.newBuilder()
        .setFrameworkInfo(f.wire)
        .setActive(f.connected())
        .setConnected(f.connected())
        .setRecovered(f.wire != null && !f.connected() && f.disconnectedAt == null)
        .setRegisteredTime(time(f.registeredAt));
    if (f.disconnectedAt != null) {
      b.setUnregisteredTime(time(f.disconnectedAt));
    }
    Resources offered = Resources.EMPTY;
    for (Offer o : master.allocator().offers(f.id)) {
      b.addOffers(master.toMesos(o));
      offered = offered.plus(o.resources());
    }
    Resources used = Resources.EMPTY;
    for (TaskEntry t : master.tasksView()) {
      if (t.task.frameworkId().equals(f.id) && !t.task.isTerminal()) {
        used = used.plus(t.task.resources());
      }
    }
    b.addAllOfferedResources(ResourceConversion.toMesos(offered, null));
    b.addAllAllocatedResources(ResourceConversion.toMesos(used, null));
    return b.build();
  }

  /** The tasks {@code viewer} may see (view_tasks, and view_frameworks on their framework). */
  static Response.GetTasks tasks(Master master, Viewer viewer) {
    Response.GetTasks.Builder b = Response.GetTasks.newBuilder();
    for (TaskEntry t : master.tasksView()) {
      if (!viewer.sees(t)) {
        continue;
      }
      switch (t.task.state()) {
        case UNREACHABLE -> b.addUnreachableTasks(task(t));
        default -> {
          if (t.task.isTerminal()) {
            b.addCompletedTasks(task(t));
          } else {
            b.addTasks(task(t));
          }
        }
      }
    }
    return b.build();
  }

  /** Every agent; only reservations for roles {@code viewer} may not view are left out. */
  static Response.GetAgents agents(Master master, Viewer viewer) {
    Response.GetAgents.Builder b = Response.GetAgents.newBuilder();
    for (AgentEntry a : master.agentsView()) {
      if (a.state == AgentState.GONE) {
        continue;
      }
      if (a.state == AgentState.UNREACHABLE) {
        b.addRecoveredAgents(viewer.agentInfo(a.wire));
      } else {
        b.addAgents(viewer.agent(agent(master, a)));
      }
    }
    return b.build();
  }

  /** The frameworks {@code viewer} may see (view_frameworks). */
  static Response.GetFrameworks frameworks(Master master, Viewer viewer) {
    Response.GetFrameworks.Builder b = Response.GetFrameworks.newBuilder();
    for (FrameworkEntry f : master.frameworksView()) {
      if (viewer.sees(f)) {
        b.addFrameworks(framework(master, f));
      }
    }
    return b.build();
  }
}
