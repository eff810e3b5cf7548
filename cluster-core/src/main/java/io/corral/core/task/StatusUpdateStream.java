package io.corral.core.task;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.TaskId;
import io.corral.core.task.SideEffect.AcknowledgeOnAgent;
import io.corral.core.task.SideEffect.ForwardToFramework;
import io.corral.core.task.SideEffect.RemoveTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The acknowledged updates of one task on their way to its framework, modelled on Mesos'
 * {@code StatusUpdateStream}. Updates go out in the order received, one at a time: the next is
 * sent only when the framework has acknowledged the uuid of the one before, so a framework never
 * sees RUNNING after FINISHED. The update in flight is resent with backoff (10 s doubling to
 * 10 min) until acknowledged. Every uuid is remembered, so retries from the agent are dropped.
 *
 * <p>Immutable: every operation returns a {@link StreamStep} holding the stream to continue with
 * and the {@link SideEffect}s to execute. Time is passed in; the timer that calls
 * {@link #retry(Instant)} at {@link #nextRetryAt()} lives in the master.
 */
public final class StatusUpdateStream {

  public static final Duration MIN_RETRY_INTERVAL = RetrySchedule.MIN_INTERVAL;
  public static final Duration MAX_RETRY_INTERVAL = RetrySchedule.MAX_INTERVAL;

  private final TaskId taskId;
  private final FrameworkId frameworkId;
  private final AgentId agentId;
  private final List<TaskStatus> pending;
  private final Set<String> received;
  private final Set<String> acknowledged;
  private final RetrySchedule retry;
  private final TaskState endState;
  private final boolean terminated;

  private StatusUpdateStream(TaskId taskId, FrameworkId frameworkId, AgentId agentId, List<TaskStatus> pending,
      Set<String> received, Set<String> acknowledged, RetrySchedule retry, TaskState endState, boolean terminated) {
    this.taskId = taskId;
    this.frameworkId = frameworkId;
    this.agentId = agentId;
    this.pending = List.copyOf(pending);
    this.received = Set.copyOf(received);
    this.acknowledged = Set.copyOf(acknowledged);
    this.retry = retry;
    this.endState = endState;
    this.terminated = terminated;
  }

  /** An empty stream for a task just launched. */
  public static StatusUpdateStream open(TaskId taskId, FrameworkId frameworkId, AgentId agentId) {
    if (taskId == null || frameworkId == null || agentId == null) {
      throw new IllegalArgumentException("a status update stream needs a task, framework and agent");
    }
    return new StatusUpdateStream(taskId, frameworkId, agentId, List.of(), Set.of(), Set.of(), null, null, false);
  }

  /**
   * Queues an update that needs acknowledgement. If nothing is in flight it is forwarded at once;
   * otherwise it waits for the acknowledgements of the updates before it.
   */
  public StreamStep enqueue(TaskStatus update, Instant now) {
    if (!update.taskId().equals(taskId)) {
      return new StreamStep.Rejected(this, "update for task " + update.taskId() + " offered to the stream of task "
          + taskId);
    }
    if (!update.requiresAcknowledgement()) {
      return new StreamStep.Rejected(this, "update " + update.state().mesosName() + " of task " + taskId
          + " has no uuid, so nothing can acknowledge it; forward it directly");
    }
    String uuid = update.uuid();
    if (acknowledged.contains(uuid)) {
      return new StreamStep.Duplicate(this, acknowledgeOnAgent(update), "update " + uuid + " of task " + taskId
          + " was already acknowledged by the framework");
    }
    if (received.contains(uuid)) {
      return new StreamStep.Duplicate(this, List.of(), "update " + uuid + " of task " + taskId + " is already queued");
    }
    if (endState != null) {
      return new StreamStep.Rejected(this, "update " + update.state().mesosName() + " (" + uuid + ") of task " + taskId
          + " arrived after its terminal update " + endState.mesosName());
    }
    List<TaskStatus> queued = new ArrayList<>(pending);
    queued.add(update);
    Set<String> seen = new HashSet<>(received);
    seen.add(uuid);
    boolean forwardNow = pending.isEmpty();
    StatusUpdateStream next = new StatusUpdateStream(taskId, frameworkId, agentId, queued, seen, acknowledged,
        forwardNow ? RetrySchedule.startingAt(now) : retry, update.state().isTerminal() ? update.state() : null, false);
    return new StreamStep.Applied(next, forwardNow ? List.of(new ForwardToFramework(frameworkId, update)) : List.of());
  }

  /**
   * Records the framework's acknowledgement of the update in flight, passes it on to the agent,
   * and forwards the next queued update. Acknowledging the terminal update ends the stream.
   */
  public StreamStep acknowledge(String uuid, Instant now) {
    if (uuid != null && acknowledged.contains(uuid)) {
      return new StreamStep.Duplicate(this, List.of(), "acknowledgement " + uuid + " of task " + taskId
          + " was already received");
    }
    if (pending.isEmpty()) {
      return new StreamStep.Rejected(this, "unexpected acknowledgement " + uuid + " for task " + taskId
          + ": no update awaits acknowledgement");
    }
    TaskStatus head = pending.get(0);
    if (!head.uuid().equals(uuid)) {
      return new StreamStep.Rejected(this, "unexpected acknowledgement " + uuid + " for task " + taskId
          + ": expecting " + head.uuid() + " (" + head.state().mesosName() + ")");
    }
    List<TaskStatus> rest = pending.subList(1, pending.size());
    Set<String> acked = new HashSet<>(acknowledged);
    acked.add(uuid);
    boolean ended = head.state().isTerminal();
    List<SideEffect> effects = new ArrayList<>(acknowledgeOnAgent(head));
    if (ended) {
      effects.add(new RemoveTask(frameworkId, taskId));
    }
    if (!rest.isEmpty()) {
      effects.add(new ForwardToFramework(frameworkId, rest.get(0)));
    }
    RetrySchedule schedule = rest.isEmpty() ? null : RetrySchedule.startingAt(now);
    return new StreamStep.Applied(with(rest, received, acked, schedule, ended), effects);
  }

  /** The update in flight if its retry deadline has passed at {@code now}; empty otherwise. */
  public List<TaskStatus> dueForRetry(Instant now) {
    return retry != null && retry.isDue(now) ? List.of(pending.get(0)) : List.of();
  }

  /** Resends the update in flight if it is due, doubling its retry interval; otherwise changes nothing. */
  public StreamStep retry(Instant now) {
    if (dueForRetry(now).isEmpty()) {
      return new StreamStep.Applied(this, List.of());
    }
    StatusUpdateStream next = with(pending, received, acknowledged, retry.next(now), terminated);
    return new StreamStep.Applied(next, List.of(new ForwardToFramework(frameworkId, pending.get(0))));
  }

  /** When the update in flight is next due for a retry; empty when nothing is in flight. */
  public Optional<Instant> nextRetryAt() {
    return retry == null ? Optional.empty() : Optional.of(retry.deadline());
  }

  /** The update forwarded and not yet acknowledged, if any. */
  public Optional<TaskStatus> inFlight() {
    return pending.isEmpty() ? Optional.empty() : Optional.of(pending.get(0));
  }

  /** Every unacknowledged update, the one in flight first. */
  public List<TaskStatus> pending() {
    return pending;
  }

  /** True while the framework owes an acknowledgement; see {@link Task#acknowledged()}. */
  public boolean awaitingAcknowledgement() {
    return !pending.isEmpty();
  }

  /** True once the framework has acknowledged the task's terminal update. */
  public boolean isTerminated() {
    return terminated;
  }

  public TaskId taskId() {
    return taskId;
  }

  private List<SideEffect> acknowledgeOnAgent(TaskStatus update) {
    if (update.source() == TaskSource.MASTER) {
      return List.of();
    }
    return List.of(new AcknowledgeOnAgent(agentId, frameworkId, taskId, update.uuid()));
  }

  private StatusUpdateStream with(List<TaskStatus> newPending, Set<String> newReceived, Set<String> newAcknowledged,
      RetrySchedule newRetry, boolean newTerminated) {
    return new StatusUpdateStream(taskId, frameworkId, agentId, newPending, newReceived, newAcknowledged, newRetry,
        endState, newTerminated);
  }

  @Override
  public String toString() {
    return "StatusUpdateStream[task=" + taskId + ", pending=" + pending.size() + ", terminated=" + terminated + "]";
  }
}
