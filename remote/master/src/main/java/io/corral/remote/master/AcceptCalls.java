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
import io.corral.remote.api.convert.InputRules;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler API's ACCEPT call, on the master loop: checks the offers and every task against
 * them, books the used resources with the allocator, and sends LAUNCH to the agent. As in Mesos, problems with offers or tasks are not
 * HTTP errors: the call is accepted (202) and each task that cannot launch gets an UPDATE
 * (TASK_DROPPED for invalid offers, TASK_ERROR for invalid tasks) saying why.
 *
 * <p>Operations other than LAUNCH and LAUNCH_GROUP (RESERVE, UNRESERVE, CREATE, DESTROY, ...)
 * are not implemented. Rather than drop them and go on, as Mesos drops an operation it cannot
 * apply, an ACCEPT holding one is refused whole: its tasks would be launched without the
 * reservation or volume they were written for. Each task gets TASK_ERROR (what Mesos sends for
 * a launch whose resources a dropped operation was to make), each operation that asked for
 * feedback (an {@code id}) an OPERATION_ERROR, both saying what happened, and the offers go
 * back at once.
 */
final class AcceptCalls {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptCalls.class);

  private final Master master;

  AcceptCalls(Master master) {
    this.master = master;
  }

  /** A task of the ACCEPT, with what its operation already decided against it (or null). */
  private record Requested(Protos.TaskInfo task, boolean inGroup, String problem) {
    Protos.TaskStatus.Reason invalid() {
      return inGroup ? Protos.TaskStatus.Reason.REASON_TASK_GROUP_INVALID : Protos.TaskStatus.Reason.REASON_TASK_INVALID;
    }
  }

  /** A task that passed every check, with its resources as read once from its TaskInfo. */
  private record Launch(Protos.TaskInfo task, Resources resources) {}

  /** {@code caller} (null without authentication) is checked against the run_tasks ACLs for each task. */
  void accept(FrameworkEntry f, Call.Accept accept, Authenticator.Caller caller) {
    List<Requested> requested = new ArrayList<>();
    List<Protos.Offer.Operation> unsupported = new ArrayList<>();
    for (Protos.Offer.Operation op : accept.getOperationsList()) {
      switch (op.getType()) {
        case LAUNCH -> {
          // As Mesos: operation feedback is not for launches.
          String problem = op.hasId() ? "The 'id' field cannot be set on LAUNCH operations" : null;
          op.getLaunch().getTaskInfosList().forEach(t -> requested.add(new Requested(t, false, problem)));
        }
        case LAUNCH_GROUP -> {
          String problem = op.hasId() ? "The 'id' field cannot be set on LAUNCH_GROUP operations"
              : op.getLaunchGroup().hasExecutor()
                  ? TaskInfoRules.executorProblem("launch_group.executor", op.getLaunchGroup().getExecutor(), f.id) : null;
          op.getLaunchGroup().getTaskGroup().getTasksList().forEach(t -> requested.add(new Requested(t, true, problem)));
        }
        default -> unsupported.add(op);
      }
    }
    Duration refuse = SchedulerCalls.refuse(accept.hasFilters() ? accept.getFilters() : null);
    List<Offer> offers = new ArrayList<>();
    String offerProblem = null;
    for (Protos.OfferID id : accept.getOfferIdsList()) {
      // An id no offer can have (empty, with whitespace) is one the master never made.
      Offer offer = InputRules.idProblem("offer_id", id.getValue()) != null ? null
          : master.allocator().offer(OfferId.of(id.getValue())).orElse(null);
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
      returnOffers(f, offers);
      for (Protos.Offer.Operation op : unsupported) {
        operationError(f, op, "Operation attempted with invalid offers: " + offerProblem);
      }
      for (Requested r : requested) {
        refuseTask(f, r.task(), offers.isEmpty() ? null : offers.get(0).agentId(), TaskState.DROPPED,
            Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, offerProblem);
      }
      return;
    }
    AgentId agentId = offers.get(0).agentId();
    if (!unsupported.isEmpty()) {
      String message = unsupported.stream().map(op -> op.getType().name()).distinct()
          .collect(Collectors.joining(" and ")) + " operations are not supported by this master; the ACCEPT was not applied";
      LOG.info("framework {}: {}", f.id, message);
      returnOffers(f, offers);
      unsupported.forEach(op -> operationError(f, op, message));
      requested.forEach(r -> refuseTask(f, r.task(), agentId, TaskState.ERROR, r.invalid(), message));
      return;
    }
    Resources available = Resources.EMPTY;
    for (Offer o : offers) {
      available = available.plus(o.resources());
    }
    AgentEntry agent = master.agent(agentId);
    Resources remaining = available;
    List<Launch> launching = new ArrayList<>();
    Set<String> idsInCall = new HashSet<>();
    for (Requested r : requested) {
      Protos.TaskInfo t = r.task();
      String problem = r.problem() != null ? r.problem() : TaskInfoRules.problem(t, f.id, agentId);
      if (problem == null && (!idsInCall.add(t.getTaskId().getValue()) || master.hasTask(TaskId.of(t.getTaskId().getValue())))) {
        problem = "Task has duplicate ID: " + t.getTaskId().getValue();
      }
      Resources needs = Resources.EMPTY;
      if (problem == null) {
        try {
          needs = ResourceConversion.fromMesos(t.getResourcesList());
        } catch (IllegalArgumentException e) {
          problem = "resources: " + e.getMessage();
        }
      }
      if (problem == null && needs.isEmpty()) {
        problem = "Task uses no resources";
      }
      if (problem == null && !remaining.contains(needs)) {
        problem = "Task uses more resources " + needs + " than available " + remaining;
      }
      Protos.TaskStatus.Reason reason = r.problem() != null ? r.invalid() : Protos.TaskStatus.Reason.REASON_TASK_INVALID;
      if (problem == null) {
        problem = Authorization.runTaskRefusal(master, f, t, caller);
        reason = Protos.TaskStatus.Reason.REASON_TASK_UNAUTHORIZED;
      }
      if (problem != null) {
        // What is wrong with a whole LAUNCH_GROUP is said as Mesos says it; a task's own problem as before.
        refuseTask(f, t, agentId, TaskState.ERROR, reason, problem);
        continue;
      }
      remaining = remaining.minus(needs);
      launching.add(new Launch(t, needs));
    }
    Resources used = available.minus(remaining);
    for (Offer o : offers) {
      Resources take = o.resources().minus(o.resources().minus(used));
      used = used.minus(take);
      AcceptResult result = master.allocator().accept(f.id, o.id(), take, refuse, master.now());
      if (result instanceof AcceptResult.Rejected rejected) {
        throw new IllegalStateException("allocator refused a checked accept: " + rejected.reason());
      }
    }
    String role = offers.get(0).role();
    for (Launch l : launching) {
      launch(f, agent, l.task().toBuilder().setAgentId(Protos.AgentID.newBuilder().setValue(agentId.value())).build(),
          l.resources(), role);
    }
  }

  /** Gives the offers back to the allocator at once (no refusal filter), so that nothing stays held. */
  private void returnOffers(FrameworkEntry f, List<Offer> offers) {
    for (Offer o : offers) {
      master.allocator().decline(f.id, o.id(), Duration.ZERO, master.now());
    }
  }

  /** As Mesos' {@code drop} of an operation: an OPERATION_ERROR, when the framework asked for feedback. */
  private void operationError(FrameworkEntry f, Protos.Offer.Operation op, String message) {
    if (!op.hasId()) {
      return;
    }
    master.send(f, Event.newBuilder().setType(Event.Type.UPDATE_OPERATION_STATUS)
        .setUpdateOperationStatus(Event.UpdateOperationStatus.newBuilder().setStatus(Protos.OperationStatus.newBuilder()
            .setOperationId(op.getId()).setState(Protos.OperationState.OPERATION_ERROR).setMessage(message)))
        .build());
  }

  private void launch(FrameworkEntry f, AgentEntry agent, Protos.TaskInfo info, Resources resources, String role) {
    TaskId id = TaskId.of(info.getTaskId().getValue());
    Task task = Task.launched(id, f.id, agent.id, info.getName(), resources, master.now());
    Protos.TaskStatus staging = ModelConversion.status(task.lastStatus(), agent.id);
    TaskEntry entry = new TaskEntry(task, info, role, staging);
    master.recordLaunch(entry);
    if (!agent.connected()) {
      master.applyStatus(entry, master.masterStatus(entry, TaskState.DROPPED, Protos.TaskStatus.Reason.REASON_AGENT_DISCONNECTED,
          "Agent " + agent.id + " is disconnected"));
      return;
    }
    ObjectNode event = AgentProtocol.message(AgentProtocol.EventType.LAUNCH);
    event.put("framework_id", f.id.value());
    event.put("role", role);
    AgentProtocol.put(event, "framework_info", f.wire);
    AgentProtocol.put(event, "task", info);
    master.send(agent, event);
  }

  private void refuseTask(FrameworkEntry f, Protos.TaskInfo t, AgentId agent, TaskState state,
      Protos.TaskStatus.Reason reason, String message) {
    master.recordRefusal();
    Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder().setTaskId(t.getTaskId())
        .setState(ModelConversion.state(state)).setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
        .setReason(reason).setMessage(message).setTimestamp(master.now().toEpochMilli() / 1000.0);
    if (agent != null) {
      status.setAgentId(Protos.AgentID.newBuilder().setValue(agent.value()));
    }
    master.sendStatus(f, status.build());
  }
}
