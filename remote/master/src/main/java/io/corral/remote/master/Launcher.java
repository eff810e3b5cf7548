package io.corral.remote.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.allocator.AcceptResult;
import io.corral.core.allocator.Offer;
import io.corral.core.model.AgentId;
import io.corral.core.model.OfferId;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import io.corral.core.task.Task;
import io.corral.core.task.TaskState;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * ACCEPT: checks the offers and every task against them, books the used resources with the
 * allocator, and sends LAUNCH to the agent. As in Mesos, problems with offers or tasks are not
 * HTTP errors: the call is accepted (202) and each task that cannot launch gets an UPDATE
 * (TASK_DROPPED for invalid offers, TASK_ERROR for invalid tasks) saying why.
 */
final class Launcher {
  private final Master m;

  Launcher(Master master) {
    this.m = master;
  }

  void accept(FrameworkEntry f, Call.Accept accept) {
    List<Protos.TaskInfo> requested = new ArrayList<>();
    for (Protos.Offer.Operation op : accept.getOperationsList()) {
      switch (op.getType()) {
        case LAUNCH -> requested.addAll(op.getLaunch().getTaskInfosList());
        case LAUNCH_GROUP -> requested.addAll(op.getLaunchGroup().getTaskGroup().getTasksList());
        default -> { }
      }
    }
    Duration refuse = SchedulerCalls.refuse(accept.hasFilters() ? accept.getFilters() : null);
    List<Offer> offers = new ArrayList<>();
    String offerProblem = null;
    for (Protos.OfferID id : accept.getOfferIdsList()) {
      Offer offer = m.allocator.offer(OfferId.of(id.getValue())).orElse(null);
      if (offer == null || !offer.frameworkId().equals(f.id)) {
        offerProblem = "Offer " + id.getValue() + " is no longer valid";
      } else if (!offers.isEmpty() && !offers.get(0).agentId().equals(offer.agentId())) {
        offerProblem = "Aggregated offers must belong to one single agent";
      } else {
        offers.add(offer);
      }
    }
    if (accept.getOfferIdsCount() == 0) {
      offerProblem = "No offers specified";
    }
    if (offerProblem != null) {
      for (Offer o : offers) {
        m.allocator.decline(f.id, o.id(), Duration.ZERO, m.clock.now());
      }
      for (Protos.TaskInfo t : requested) {
        refuseTask(f, t, offers.isEmpty() ? null : offers.get(0).agentId(), TaskState.DROPPED,
            Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, offerProblem);
      }
      return;
    }
    Resources available = Resources.EMPTY;
    for (Offer o : offers) {
      available = available.plus(o.resources());
    }
    AgentId agentId = offers.get(0).agentId();
    AgentEntry agent = m.agents.get(agentId);
    Resources remaining = available;
    List<Protos.TaskInfo> launching = new ArrayList<>();
    Set<String> idsInCall = new HashSet<>();
    for (Protos.TaskInfo t : requested) {
      String problem = validate(t, agentId, idsInCall);
      Resources needs = Resources.EMPTY;
      if (problem == null) {
        try {
          needs = ResourceConversion.fromMesos(t.getResourcesList());
        } catch (IllegalArgumentException e) {
          problem = "Task has invalid resources: " + e.getMessage();
        }
      }
      if (problem == null && needs.isEmpty()) {
        problem = "Task uses no resources";
      }
      if (problem == null && !remaining.contains(needs)) {
        problem = "Task uses more resources " + needs + " than available " + remaining;
      }
      if (problem != null) {
        refuseTask(f, t, agentId, TaskState.ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, problem);
        continue;
      }
      remaining = remaining.minus(needs);
      launching.add(t);
    }
    Resources used = available.minus(remaining);
    for (Offer o : offers) {
      Resources take = o.resources().minus(o.resources().minus(used));
      used = used.minus(take);
      AcceptResult result = m.allocator.accept(f.id, o.id(), take, refuse, m.clock.now());
      if (result instanceof AcceptResult.Rejected rejected) {
        throw new IllegalStateException("allocator refused a checked accept: " + rejected.reason());
      }
    }
    String role = offers.get(0).role();
    for (Protos.TaskInfo t : launching) {
      launch(f, agent, t.toBuilder().setAgentId(Protos.AgentID.newBuilder().setValue(agentId.value())).build(), role);
    }
  }

  private String validate(Protos.TaskInfo t, AgentId agentId, Set<String> idsInCall) {
    String id = t.getTaskId().getValue();
    if (id.isEmpty() || id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '/')) {
      return "Task ID '" + id + "' is invalid: it must be non-empty, without whitespace or '/'";
    }
    if (!idsInCall.add(id) || m.tasks.containsKey(TaskId.of(id))) {
      return "Task has duplicate ID: " + id;
    }
    if (!t.getAgentId().getValue().isEmpty() && !t.getAgentId().getValue().equals(agentId.value())) {
      return "Task uses agent " + t.getAgentId().getValue() + " but the offers are for agent " + agentId;
    }
    if (!t.hasCommand() && !t.hasExecutor() && !t.hasContainer()) {
      return "Task should have at least one of CommandInfo, ContainerInfo or ExecutorInfo present";
    }
    return null;
  }

  private void launch(FrameworkEntry f, AgentEntry agent, Protos.TaskInfo info, String role) {
    Resources resources = ResourceConversion.fromMesos(info.getResourcesList());
    TaskId id = TaskId.of(info.getTaskId().getValue());
    Task task = Task.launched(id, f.id, agent.id, info.getName(), resources, m.clock.now());
    Protos.TaskStatus staging = ModelConversion.status(task.lastStatus(), agent.id);
    TaskEntry entry = new TaskEntry(task, info, role, staging);
    m.addTask(entry);
    m.persist(entry);
    m.metrics.tasksLaunched++;
    m.broadcast(() -> OperatorEvents.taskAdded(m, entry));
    if (!agent.connected()) {
      m.applyStatus(entry, m.masterStatus(entry, TaskState.DROPPED, Protos.TaskStatus.Reason.REASON_AGENT_DISCONNECTED,
          "Agent " + agent.id + " is disconnected"));
      return;
    }
    ObjectNode event = AgentProtocol.message(AgentProtocol.EventType.LAUNCH);
    event.put("framework_id", f.id.value());
    event.put("role", role);
    AgentProtocol.put(event, "framework_info", f.wire);
    AgentProtocol.put(event, "task", info);
    m.send(agent, event);
  }

  private void refuseTask(FrameworkEntry f, Protos.TaskInfo t, AgentId agent, TaskState state,
      Protos.TaskStatus.Reason reason, String message) {
    m.metrics.tasksRefused++;
    Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder().setTaskId(t.getTaskId())
        .setState(ModelConversion.state(state)).setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
        .setReason(reason).setMessage(message).setTimestamp(m.clock.now().toEpochMilli() / 1000.0);
    if (agent != null) {
      status.setAgentId(Protos.AgentID.newBuilder().setValue(agent.value()));
    }
    m.sendStatus(f, status.build());
  }
}
