package io.corral.remote.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.OfferId;
import io.corral.core.model.TaskId;
import io.corral.core.task.ReconcileRequest;
import io.corral.core.task.Reconciliation;
import io.corral.core.task.ReconciliationAnswer;
import io.corral.core.task.Task;
import io.corral.core.task.TaskState;
import io.corral.remote.api.MediaType;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.InputRules;
import io.corral.remote.api.convert.ModelConversion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Mesos v1 scheduler API's calls, on the master loop. */
final class SchedulerCalls {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerCalls.class);
  private static final Duration DEFAULT_REFUSE = Duration.ofSeconds(5);

  private final Master master;
  private final AcceptCalls accepts;

  SchedulerCalls(Master master) {
    this.master = master;
    this.accepts = new AcceptCalls(master);
  }

  /** What SUBSCRIBE decided: the framework, the stream id its calls must carry, whether it is new. */
  record Subscribed(FrameworkEntry framework, String streamId, boolean added) {}

  /**
   * SUBSCRIBE: registers (or fails over) a framework; the HTTP layer opens the stream after commit.
   * With authentication on ({@code caller} not null), the framework's principal is the caller's:
   * another principal in the body is refused, and a framework id belongs to the principal that
   * registered it (the operator's token may act for any).
   */
  Subscribed subscribe(Call call, MediaType media, Authenticator.Caller caller) {
    if (!call.hasSubscribe()) {
      throw ApiException.badRequest("Expecting 'subscribe' to be present");
    }
    Protos.FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
    if (caller != null && !caller.operator()) {
      if (info.hasPrincipal() && !info.getPrincipal().equals(caller.principal())) {
        throw ApiException.forbidden("'framework_info.principal' is '" + info.getPrincipal()
            + "' but the request was authenticated as principal '" + caller.principal() + "'");
      }
      info = info.toBuilder().setPrincipal(caller.principal()).build();
    }
    if (call.hasFrameworkId() && !(info.hasId() && info.getId().equals(call.getFrameworkId()))) {
      throw ApiException.badRequest("'framework_id' differs from 'subscribe.framework_info.id'");
    }
    String problem = FrameworkInfoRules.problem(info);
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    FrameworkId id;
    try {
      id = info.hasId() && !info.getId().getValue().isEmpty() ? FrameworkId.of(info.getId().getValue())
          : master.newFrameworkId();
      // Checks all of the info (the deprecated 'role' too) before anything changes.
      Authorization.registerFramework(master, ModelConversion.framework(info, id).roles(), caller);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Invalid 'subscribe.framework_info': " + e.getMessage());
    }
    if (master.wasRemoved(id)) {
      throw ApiException.forbidden("Framework has been removed");
    }
    FrameworkEntry f = master.framework(id);
    if (f != null && f.inProcess != null) {
      throw ApiException.forbidden("framework " + id + " runs inside the master and cannot be subscribed to");
    }
    if (f != null) {
      requireOwner(f, caller);
    }
    boolean added = f == null;
    if (f == null) {
      f = new FrameworkEntry(id);
      f.registeredAt = master.now();
      master.addFramework(f);
    } else if (f.stream != null) {
      FrameworkEntry old = f;
      EventStream oldStream = f.stream;
      f.stream = null;
      oldStream.send(Wire.encode(Event.newBuilder().setType(Event.Type.ERROR)
          .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build(), old.media));
      oldStream.close();
      // As Mesos' failoverFramework: offers made to the old connection go back and are made again.
      master.rescind(master.allocator().deactivateFramework(id));
    }
    if (f.failoverTimer != null) {
      f.failoverTimer.cancel(false);
      f.failoverTimer = null;
    }
    f.wire = info.toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(id.value())).build();
    f.info = ModelConversion.framework(f.wire, id);
    f.media = media;
    f.disconnectedAt = null;
    master.persist(f);
    LOG.info("framework {} ({}) subscribed{}", id, f.info.name(), added ? "" : " again");
    return new Subscribed(f, UUID.randomUUID().toString(), added);
  }

  /** Attaches the opened stream and sends SUBSCRIBED (after commit). */
  void attach(FrameworkEntry f, boolean added, EventStream stream) {
    f.stream = stream;
    stream.onClose(s -> master.loop().execute(() -> {
      if (f.stream == s) {
        f.stream = null;
        master.frameworkDisconnected(f);
      }
    }));
    attached(f, added);
  }

  /**
   * Subscribes a framework that runs in the master's own process (the service scheduler): its
   * events go to {@code receiver} on the loop, after the burst that sent them is committed, and
   * its calls come through {@link #callInProcess}. It acts with the operator's rights.
   */
  FrameworkEntry subscribeInProcess(Protos.FrameworkInfo info, Consumer<Event> receiver) {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setFrameworkId(info.getId())
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    Subscribed s = subscribe(call, MediaType.PROTOBUF, null);
    s.framework().inProcess = receiver;
    attached(s.framework(), s.added());
    return s.framework();
  }

  /** A call of the in-process framework {@code f}, on the loop; errors are ApiExceptions, as for HTTP callers. */
  void callInProcess(FrameworkEntry f, Call call) {
    if (f.inProcess == null || master.framework(f.id) != f) {
      throw ApiException.forbidden("Framework is not subscribed");
    }
    act(f, call, null);
  }

  private void attached(FrameworkEntry f, boolean added) {
    // Offers only from now on: an allocation in the SUBSCRIBE's own burst, before the stream is
    // attached, would make offers that are never sent (and held until they time out).
    master.allocator().addFramework(f.info);
    // Operators see the framework connected, as Mesos' FRAMEWORK_ADDED shows it.
    master.broadcast(() -> added ? OperatorEvents.frameworkAdded(master, f) : OperatorEvents.frameworkUpdated(master, f));
    master.send(f, Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(f.id.value()))
        .setHeartbeatIntervalSeconds(master.config().heartbeatInterval().toMillis() / 1000.0)
        .setMasterInfo(master.info())).build());
    // Mesos' heartbeater sends its first HEARTBEAT right after SUBSCRIBED, then one per interval.
    master.send(f, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
    if (!added) {
      // Updates sent while it was away (or lost with its connection) are not resent by the agent
      // before its next retry, up to minutes later: the framework gets each task's unacknowledged
      // update again now. Acknowledging it twice is harmless.
      for (TaskEntry t : master.tasksView()) {
        if (t.task.frameworkId().equals(f.id) && t.task.awaitingAcknowledgement() && t.lastStatus != null
            && t.lastStatus.hasUuid()) {
          master.sendStatus(f, t.lastStatus);
        }
      }
    }
  }

  /** Every call but SUBSCRIBE: checks the caller, then acts. Errors are ApiExceptions (status + message). */
  void handle(Call call, String streamId, Authenticator.Caller caller) {
    if (!call.hasFrameworkId()) {
      throw ApiException.badRequest("Expecting 'framework_id' to be present");
    }
    FrameworkEntry f;
    try {
      f = master.framework(FrameworkId.of(call.getFrameworkId().getValue()));
    } catch (IllegalArgumentException e) {
      f = null; // an id no framework can have (empty, with whitespace)
    }
    if (f == null) {
      throw ApiException.badRequest("Framework cannot be found");
    }
    requireOwner(f, caller);
    if (f.stream == null) {
      throw ApiException.forbidden("Framework is not subscribed");
    }
    if (streamId == null) {
      throw ApiException.badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    }
    if (!streamId.equals(f.stream.id)) {
      throw ApiException.badRequest("The stream ID '" + streamId + "' included in this request didn't match the"
          + " stream ID currently associated with framework ID " + f.id);
    }
    act(f, call, caller);
  }

  private void act(FrameworkEntry f, Call call, Authenticator.Caller caller) {
    switch (call.getType()) {
      case TEARDOWN -> master.removeFramework(f, "the framework asked for teardown");
      case ACCEPT -> accepts.accept(f, call.getAccept(), caller);
      case DECLINE -> decline(f, call.getDecline());
      case REVIVE -> master.allocator().revive(f.id, call.getRevive().getRolesList());
      case SUPPRESS -> master.allocator().suppress(f.id, call.getSuppress().getRolesList());
      case KILL -> kill(f, call.getKill());
      case SHUTDOWN -> shutdown(f, call.getShutdown());
      case ACKNOWLEDGE -> acknowledge(f, call.getAcknowledge());
      case RECONCILE -> reconcile(f, call.getReconcile());
      case MESSAGE -> message(f, call.getMessage());
      case DECLINE_INVERSE_OFFERS, ACCEPT_INVERSE_OFFERS, REQUEST, UPDATE_FRAMEWORK, ACKNOWLEDGE_OPERATION_STATUS,
          RECONCILE_OPERATIONS -> LOG.debug("framework {}: {} is accepted and has no effect here", f.id, call.getType());
      default -> throw ApiException.badRequest("Unknown call type " + call.getType());
    }
  }

  /** A framework belongs to the principal that registered it; the operator's token may act for any. */
  private static void requireOwner(FrameworkEntry f, Authenticator.Caller caller) {
    if (caller == null || caller.operator()) {
      return;
    }
    String owner = f.wire == null ? "" : f.wire.getPrincipal();
    if (!owner.equals(caller.principal())) {
      throw ApiException.forbidden("framework " + f.id + " belongs to "
          + (owner.isEmpty() ? "no principal (registered without authentication)" : "principal '" + owner + "'")
          + ", not to principal '" + caller.principal() + "'");
    }
  }

  private void decline(FrameworkEntry f, Call.Decline decline) {
    Duration refuse = refuse(decline.hasFilters() ? decline.getFilters() : null);
    List<OfferId> ids = new ArrayList<>();
    for (int i = 0; i < decline.getOfferIdsCount(); i++) {
      ids.add(id("decline.offer_ids[" + i + "]", decline.getOfferIds(i).getValue(), OfferId::of));
    }
    for (OfferId id : ids) {
      master.allocator().decline(f.id, id, refuse, master.now());
    }
  }

  static Duration refuse(Protos.Filters filters) {
    if (filters == null || !filters.hasRefuseSeconds()) {
      return DEFAULT_REFUSE;
    }
    double seconds = filters.getRefuseSeconds();
    if (seconds < 0 || Double.isNaN(seconds)) {
      return Duration.ZERO;
    }
    return seconds > 1e9 ? Duration.ofSeconds(Long.MAX_VALUE / 2) : Duration.ofMillis(Math.round(seconds * 1000));
  }

  private void kill(FrameworkEntry f, Call.Kill kill) {
    TaskEntry t = master.task(id("kill.task_id", kill.getTaskId().getValue(), TaskId::of));
    if (kill.hasAgentId()) {
      id("kill.agent_id", kill.getAgentId().getValue(), AgentId::of);
    }
    if (t == null || !t.task.frameworkId().equals(f.id)) {
      Call.Reconcile.Task.Builder ask = Call.Reconcile.Task.newBuilder().setTaskId(kill.getTaskId());
      if (kill.hasAgentId()) {
        ask.setAgentId(kill.getAgentId());
      }
      reconcile(f, Call.Reconcile.newBuilder().addTasks(ask).build());
      return;
    }
    if (t.task.isTerminal()) {
      master.forwardStatus(t, t.lastStatus);
      return;
    }
    AgentEntry agent = master.agent(t.task.agentId());
    if (agent == null || agent.state == AgentState.GONE) {
      master.applyStatus(t, master.masterStatus(t, TaskState.KILLED, Protos.TaskStatus.Reason.REASON_AGENT_REMOVED,
          "Killed: the task's agent is gone"));
      return;
    }
    master.killOnAgent(t);
  }

  private void shutdown(FrameworkEntry f, Call.Shutdown shutdown) {
    for (TaskEntry t : List.copyOf(master.tasksView())) {
      if (t.task.frameworkId().equals(f.id) && !t.task.isTerminal() && t.info.hasExecutor()
          && t.info.getExecutor().getExecutorId().equals(shutdown.getExecutorId())) {
        master.killOnAgent(t);
      }
    }
  }

  private void acknowledge(FrameworkEntry f, Call.Acknowledge ack) {
    String uuid = Base64.getEncoder().encodeToString(ack.getUuid().toByteArray());
    TaskEntry t = master.task(id("acknowledge.task_id", ack.getTaskId().getValue(), TaskId::of));
    AgentId agentId = id("acknowledge.agent_id", ack.getAgentId().getValue(), AgentId::of);
    if (t != null && t.task.frameworkId().equals(f.id) && uuid.equals(t.task.lastStatus().uuid())
        && t.task.awaitingAcknowledgement()) {
      t.task = t.task.acknowledged();
      master.persist(t);
      master.retireIfEnded(t, false);
    }
    AgentEntry agent = master.agent(agentId);
    if (agent != null) {
      ObjectNode event = AgentProtocol.message(AgentProtocol.EventType.ACKNOWLEDGE);
      event.put("framework_id", f.id.value());
      event.put("task_id", ack.getTaskId().getValue());
      event.put("uuid", uuid);
      master.send(agent, event);
    }
  }

  void reconcile(FrameworkEntry f, Call.Reconcile reconcile) {
    List<ReconcileRequest> asked = new ArrayList<>();
    for (int i = 0; i < reconcile.getTasksCount(); i++) {
      Call.Reconcile.Task t = reconcile.getTasks(i);
      TaskId task = id("reconcile.tasks[" + i + "].task_id", t.getTaskId().getValue(), TaskId::of);
      asked.add(t.hasAgentId()
          ? ReconcileRequest.of(task, id("reconcile.tasks[" + i + "].agent_id", t.getAgentId().getValue(), AgentId::of))
          : ReconcileRequest.of(task));
    }
    List<Task> known = master.tasksView().stream().map(e -> e.task).toList();
    Map<AgentId, AgentState> agentStates = new HashMap<>();
    master.agentsView().forEach(a -> agentStates.put(a.id, a.state));
    for (ReconciliationAnswer answer : Reconciliation.reconcile(f.id, known, asked, agentStates, master.now())) {
      if (onRecoveredAgent(answer)) {
        // As Mesos: until the agent has registered with this master (after a restart or a
        // failover), the master cannot tell what became of its tasks, and says nothing of them
        // rather than a state the agent may not hold (a STAGING whose launch never arrived).
        continue;
      }
      Protos.TaskStatus status;
      if (answer instanceof ReconciliationAnswer.Update u) {
        status = ModelConversion.status(u.status(), u.agentId().orElse(null));
      } else {
        ReconciliationAnswer.Unknown u = (ReconciliationAnswer.Unknown) answer;
        Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder()
            .setTaskId(Protos.TaskID.newBuilder().setValue(u.taskId().value()))
            .setState(Protos.TaskState.TASK_UNKNOWN).setSource(Protos.TaskStatus.Source.SOURCE_MASTER)
            .setReason(Protos.TaskStatus.Reason.REASON_RECONCILIATION).setMessage(u.message())
            .setTimestamp(u.timestamp().toEpochMilli() / 1000.0);
        u.agentId().ifPresent(a -> b.setAgentId(Protos.AgentID.newBuilder().setValue(a.value())));
        status = b.build();
      }
      master.sendStatus(f, status);
    }
  }

  private boolean onRecoveredAgent(ReconciliationAnswer answer) {
    AgentEntry a = answer.agentId().map(master::agent).orElse(null);
    return a != null && a.awaitingReRegistration();
  }

  private void message(FrameworkEntry f, Call.Message message) {
    AgentEntry agent = master.agent(id("message.agent_id", message.getAgentId().getValue(), AgentId::of));
    if (agent == null) {
      throw ApiException.badRequest("Agent " + message.getAgentId().getValue() + " is not registered");
    }
    ObjectNode event = AgentProtocol.message(AgentProtocol.EventType.MESSAGE);
    event.put("framework_id", f.id.value());
    event.put("executor_id", message.getExecutorId().getValue());
    event.put("data", Base64.getEncoder().encodeToString(message.getData().toByteArray()));
    master.send(agent, event);
  }

  /** An id from a call, checked by the id rules first: one no task, agent or offer can have is a 400 naming its field. */
  private static <T> T id(String field, String value, Function<String, T> of) {
    String problem = InputRules.idProblem(field, value);
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    return of.apply(value);
  }
}
