package io.corral.remote.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.corral.core.task.SideEffect;
import io.corral.core.task.TaskSource;
import io.corral.core.task.TaskState;
import io.corral.core.task.TaskStateMachine;
import io.corral.core.task.TaskStatus;
import io.corral.core.task.Transition;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ModelConversion;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task status updates on the master's books: the core's state machine decides, and this applies
 * its decision (persist, free resources, forward to the framework in the states it understands,
 * acknowledge what nobody else will, show operators). Part of {@link Master}, on its loop; it
 * keeps no books of its own.
 */
final class TaskUpdates {
  private static final Logger LOG = LoggerFactory.getLogger(TaskUpdates.class);

  private final Master master;
  private final TaskStateMachine machine = new TaskStateMachine();

  TaskUpdates(Master master) {
    this.master = master;
  }

  /** Applies a status to a task, persists it, tells the framework, and frees resources of ended tasks. */
  void apply(TaskEntry entry, Protos.TaskStatus status) {
    TaskStatus core = ModelConversion.status(status);
    Transition transition = machine.apply(entry.task, core);
    if (transition instanceof Transition.Rejected rejected) {
      if (entry.task.isTerminal() && core.state().isTerminal()) {
        // An agent that restarted reports an end again under a new uuid, or its end crossed one
        // the master made: the master's stands, and the acknowledgement below ends the resending.
        LOG.debug("update for task {} superseded: {}", entry.task.id(), rejected.reason());
      } else {
        logIgnored(entry, rejected.reason());
      }
      for (SideEffect effect : rejected.effects()) {
        if (effect instanceof SideEffect.KillOnAgent kill) {
          master.killOnAgent(entry);
        }
      }
      if (entry.task.isTerminal() && status.hasUuid()) {
        // The master already holds this task's end (it made one itself: killed with its framework,
        // lost, gone): nobody will acknowledge the agent's own end, which it would resend forever.
        acknowledgeOnAgent(entry, status.getUuid());
      }
      return;
    }
    if (transition instanceof Transition.Duplicate) {
      if (status.hasUuid() && (!entry.task.awaitingAcknowledgement() || acknowledgedByMaster(entry))) {
        // Acknowledged already (the agent resends it because the acknowledgement on its way was
        // lost with a connection or a master restart), or nobody else will: the agent may go on
        // with the task's next update at once instead of at its next retry.
        acknowledgeOnAgent(entry, status.getUuid());
        return;
      }
      forward(entry, status);
      return;
    }
    TaskState previous = entry.task.state();
    entry.task = transition.task();
    entry.lastStatus = status;
    for (SideEffect effect : transition.effects()) {
      if (effect instanceof SideEffect.RecoverResources r) {
        master.allocator().recover(r.agentId(), r.frameworkId(), entry.role, r.resources());
      }
    }
    master.persist(entry);
    master.metrics().countState(entry.task.state());
    forward(entry, status);
    if (previous != entry.task.state()) {
      master.broadcast(() -> OperatorEvents.taskUpdated(master, entry));
    }
    if (status.hasUuid() && acknowledgedByMaster(entry)) {
      acknowledgeForFramework(entry);
    }
    master.retireIfEnded(entry, false);
  }

  /**
   * Frameworks may leave the acknowledgement of their updates to the master with this label
   * (value {@code master}). The shell's own framework does: it reads task states through the
   * operator API and is mostly not connected when its tasks end, so its ends would otherwise wait
   * on the agents, resent at every restart, until it next subscribes.
   */
  static final String ACKNOWLEDGEMENTS_LABEL = "io.corral.acknowledgements";

  /** Whether nobody but the master will acknowledge this task's updates: its framework is gone, or asked for it. */
  private boolean acknowledgedByMaster(TaskEntry entry) {
    FrameworkEntry f = master.framework(entry.task.frameworkId());
    if (f == null) {
      return true;
    }
    if (f.wire == null || !f.wire.hasLabels()) {
      return false;
    }
    for (Protos.Label label : f.wire.getLabels().getLabelsList()) {
      if (ACKNOWLEDGEMENTS_LABEL.equals(label.getKey()) && "master".equals(label.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Acknowledges the task's latest update on its framework's behalf, on the master's books and
   * to the agent, which then forgets it (an ended task's sandbox is marked done).
   */
  void acknowledgeForFramework(TaskEntry t) {
    if (t.task.awaitingAcknowledgement()) {
      t.task = t.task.acknowledged();
      master.persist(t);
    }
    if (t.lastStatus != null && t.lastStatus.hasUuid()) {
      acknowledgeOnAgent(t, t.lastStatus.getUuid());
    }
  }

  /** Tells the task's agent that the update with this uuid needs no resending. */
  void acknowledgeOnAgent(TaskEntry t, ByteString uuid) {
    AgentEntry agent = master.agent(t.task.agentId());
    if (agent == null) {
      return;
    }
    ObjectNode ack = AgentProtocol.message(AgentProtocol.EventType.ACKNOWLEDGE);
    ack.put("framework_id", t.task.frameworkId().value());
    ack.put("task_id", t.task.id().value());
    ack.put("uuid", Base64.getEncoder().encodeToString(uuid.toByteArray()));
    master.send(agent, ack);
  }

  private long ignoredSinceLogged;
  private long ignoredLoggedAt = System.nanoTime() - IGNORED_LOG_INTERVAL_NANOS;
  private static final long IGNORED_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * Ignored updates come in floods (a framework torn down while its 60,000 tasks were starting:
   * every RUNNING that was on its way is refused), so at most one line per 10 s says so, with the
   * count; each one is at debug level.
   */
  private void logIgnored(TaskEntry entry, String reason) {
    ignoredSinceLogged++;
    long now = System.nanoTime();
    if (now - ignoredLoggedAt >= IGNORED_LOG_INTERVAL_NANOS) {
      if (ignoredSinceLogged == 1) {
        LOG.info("ignored update for task {}: {}", entry.task.id(), reason);
      } else {
        LOG.info("ignored {} updates since the last such line; the latest for task {}: {}", ignoredSinceLogged,
            entry.task.id(), reason);
      }
      ignoredSinceLogged = 0;
      ignoredLoggedAt = now;
    } else {
      LOG.debug("ignored update for task {}: {}", entry.task.id(), reason);
    }
  }

  /** Sends the framework an UPDATE of the task, if it is connected. */
  void forward(TaskEntry entry, Protos.TaskStatus status) {
    FrameworkEntry f = master.framework(entry.task.frameworkId());
    if (f != null) {
      send(f, status);
    }
  }

  /** Sends an UPDATE, in the states this framework understands. */
  void send(FrameworkEntry f, Protos.TaskStatus status) {
    Protos.TaskStatus seen = asSeenBy(f.wire, status);
    master.send(f, Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(seen)).build());
  }

  /**
   * As in Mesos, a framework without the PARTITION_AWARE capability knows none of the states that
   * replaced TASK_LOST (dropped, unreachable, gone, gone by operator, unknown): it is sent
   * TASK_LOST for each of them, with the same reason and message.
   */
  static Protos.TaskStatus asSeenBy(Protos.FrameworkInfo framework, Protos.TaskStatus status) {
    switch (status.getState()) {
      case TASK_DROPPED, TASK_UNREACHABLE, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> {
        boolean partitionAware = framework != null && framework.getCapabilitiesList().stream()
            .anyMatch(c -> c.getType() == Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE);
        return partitionAware ? status : status.toBuilder().setState(Protos.TaskState.TASK_LOST).build();
      }
      default -> {
        return status;
      }
    }
  }

  /** A status the master makes itself (no uuid: nothing to acknowledge), as Mesos does. */
  Protos.TaskStatus masterStatus(TaskEntry entry, TaskState state, Protos.TaskStatus.Reason reason, String message) {
    TaskStatus core = new TaskStatus(entry.task.id(), state, TaskSource.MASTER, reason.name(), message, master.now(), null);
    return ModelConversion.status(core, entry.task.agentId());
  }
}
