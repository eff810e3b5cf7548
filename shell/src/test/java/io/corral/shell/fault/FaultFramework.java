package io.corral.shell.fault;

import io.corral.remote.api.client.SchedulerClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A Mesos v1 framework over the real scheduler API ({@link SchedulerClient}) that keeps every
 * event it receives, in order, and acknowledges every update that carries a uuid, as frameworks
 * do. Waits are bounded; their failures print what was seen instead.
 */
final class FaultFramework implements AutoCloseable {
  private static final Set<Protos.TaskState> TERMINAL = Set.of(Protos.TaskState.TASK_FINISHED, Protos.TaskState.TASK_FAILED,
      Protos.TaskState.TASK_KILLED, Protos.TaskState.TASK_ERROR, Protos.TaskState.TASK_LOST, Protos.TaskState.TASK_DROPPED,
      Protos.TaskState.TASK_GONE, Protos.TaskState.TASK_GONE_BY_OPERATOR);

  final String name;
  final boolean partitionAware;
  private final List<Event> events = new ArrayList<>();
  private final Set<String> takenOffers = new HashSet<>();
  private final CompletableFuture<SchedulerClient> client = new CompletableFuture<>();
  private volatile boolean acknowledgeEnds = true;
  /** The number of events received when this framework first sent RECONCILE. */
  private volatile int firstReconcile = Integer.MAX_VALUE;

  private FaultFramework(String name, boolean partitionAware) {
    this.name = name;
    this.partitionAware = partitionAware;
  }

  /** Subscribes (again, when {@code id} is given) with the given failover timeout. */
  static FaultFramework subscribe(URI master, String name, boolean partitionAware, double failoverSeconds,
      Protos.FrameworkID id) throws IOException {
    Protos.FrameworkInfo.Builder info = Protos.FrameworkInfo.newBuilder().setUser(System.getProperty("user.name"))
        .setName(name).setFailoverTimeout(failoverSeconds);
    if (partitionAware) {
      info.addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
          .setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE));
    }
    if (id != null) {
      info.setId(id);
    }
    FaultFramework f = new FaultFramework(name, partitionAware);
    // The end of the stream needs no handler: tests learn of a lost master from their own bounded waits.
    f.client.complete(SchedulerClient.subscribe(master, info.build(), true, f::receive, cause -> { },
        Duration.ofSeconds(10)));
    return f;
  }

  private void receive(Event e) {
    synchronized (events) {
      events.add(e);
    }
    if (e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().hasUuid()
        && !e.getUpdate().getStatus().getUuid().isEmpty()
        && (acknowledgeEnds || !TERMINAL.contains(e.getUpdate().getStatus().getState()))) {
      Protos.TaskStatus s = e.getUpdate().getStatus();
      Call ack = Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
          .setAgentId(s.getAgentId()).setTaskId(s.getTaskId()).setUuid(s.getUuid())).build();
      // Updates can arrive before subscribe() has returned the client (a re-subscription is sent
      // pending updates at once); the acknowledgement goes out as soon as there is one. One that
      // fails (the master just died) is no loss: the update comes again and is acknowledged then.
      client.thenAccept(c -> c.send(ack).exceptionally(failure -> null));
    }
  }

  /** From now on, updates with a terminal state are received but never acknowledged (a framework that dies before it can). */
  FaultFramework leavingEndsUnacknowledged() {
    acknowledgeEnds = false;
    return this;
  }

  Protos.FrameworkID id() {
    return client.join().frameworkId();
  }

  List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Every status the framework received for the task, in order (reconciliation answers included). */
  List<Protos.TaskStatus> updates(String taskId) {
    return events().stream().filter(e -> e.getType() == Event.Type.UPDATE)
        .map(e -> e.getUpdate().getStatus()).filter(s -> s.getTaskId().getValue().equals(taskId)).toList();
  }

  /** The states of the task's updates that were not reconciliation answers, in order. */
  List<Protos.TaskState> states(String taskId) {
    return statusUpdates(taskId).stream().map(Protos.TaskStatus::getState).toList();
  }

  /**
   * The task's updates except answers to RECONCILE. Mesos gives an answer no uuid and
   * REASON_RECONCILIATION, but so it does some updates the master makes itself (a launch that
   * never reached its agent, ended when the agent re-registers); only when it came tells them
   * apart: answers come after this framework's first RECONCILE.
   */
  private List<Protos.TaskStatus> statusUpdates(String taskId) {
    List<Event> all = events();
    List<Protos.TaskStatus> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Event e = all.get(i);
      if (e.getType() != Event.Type.UPDATE || !e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)) {
        continue;
      }
      Protos.TaskStatus s = e.getUpdate().getStatus();
      if (i < firstReconcile || !isReconciliationAnswer(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean isReconciliationAnswer(Protos.TaskStatus s) {
    return s.getReason() == Protos.TaskStatus.Reason.REASON_RECONCILIATION && (!s.hasUuid() || s.getUuid().isEmpty());
  }

  /** {@link #states} with repeats in a row made one (a resent update is forwarded again, as Mesos does). */
  List<Protos.TaskState> distinctStates(String taskId) {
    List<Protos.TaskState> out = new ArrayList<>();
    for (Protos.TaskState s : states(taskId)) {
      if (out.isEmpty() || out.get(out.size() - 1) != s) {
        out.add(s);
      }
    }
    return out;
  }

  /** Waits for the {@code n}th update of the task with this state (reconciliation answers not counted). */
  Protos.TaskStatus awaitUpdate(String taskId, Protos.TaskState state, int n, Duration within) {
    return Deadline.await(within, () -> name + ": update #" + n + " " + state + " of " + taskId + " (seen "
        + describeUpdates(taskId) + ")", () -> {
          List<Protos.TaskStatus> matching = statusUpdates(taskId).stream().filter(s -> s.getState() == state).toList();
          return matching.size() >= n ? matching.get(n - 1) : null;
        });
  }

  Protos.TaskStatus awaitUpdate(String taskId, Protos.TaskState state, Duration within) {
    return awaitUpdate(taskId, state, 1, within);
  }

  /** The task's updates as "STATE (reason: message)", for failure messages. */
  String describeUpdates(String taskId) {
    return updates(taskId).stream().map(s -> s.getState() + " (" + s.getReason() + ": " + s.getMessage() + ")").toList()
        + ", events " + types();
  }

  /** Waits for a reconciliation answer about the task that arrived after {@code afterEvents} events. */
  Protos.TaskStatus awaitReconciliation(String taskId, int afterEvents, Duration within) {
    return Deadline.await(within, name + ": reconciliation answer for " + taskId, () -> {
      List<Event> all = events();
      for (Event e : all.subList(Math.min(afterEvents, all.size()), all.size())) {
        if (e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
            && isReconciliationAnswer(e.getUpdate().getStatus())) {
          return e.getUpdate().getStatus();
        }
      }
      return null;
    });
  }

  /** The first offer not taken before and not rescinded since, without waiting. */
  synchronized Optional<Protos.Offer> takeOffer(Predicate<Protos.Offer> wanted) {
    List<Event> all = events();
    Set<String> rescinded = new HashSet<>();
    for (Event e : all) {
      if (e.getType() == Event.Type.RESCIND) {
        rescinded.add(e.getRescind().getOfferId().getValue());
      }
    }
    for (Event e : all) {
      if (e.getType() != Event.Type.OFFERS) {
        continue;
      }
      for (Protos.Offer o : e.getOffers().getOffersList()) {
        String id = o.getId().getValue();
        if (!takenOffers.contains(id) && !rescinded.contains(id) && wanted.test(o)) {
          takenOffers.add(id);
          return Optional.of(o);
        }
      }
    }
    return Optional.empty();
  }

  Protos.Offer awaitOffer(Duration within) {
    return awaitOffer(o -> true, within);
  }

  Protos.Offer awaitOffer(Predicate<Protos.Offer> wanted, Duration within) {
    return Deadline.await(within, () -> name + ": an offer (seen " + types() + ")", () -> takeOffer(wanted).orElse(null));
  }

  boolean rescinded(Protos.OfferID offer) {
    return events().stream().anyMatch(e -> e.getType() == Event.Type.RESCIND && e.getRescind().getOfferId().equals(offer));
  }

  List<Event.Type> types() {
    return events().stream().map(Event::getType).toList();
  }

  /** ACCEPT with one LAUNCH of {@code tasks} on {@code offer}, answered 202. */
  void launch(Protos.Offer offer, Protos.TaskInfo... tasks) throws IOException {
    Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
    for (Protos.TaskInfo t : tasks) {
      launch.addTaskInfos(t);
    }
    client.join().call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH).setLaunch(launch))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build());
  }

  /** Explicit reconciliation of one task on one agent; answers arrive as updates with REASON_RECONCILIATION. */
  void reconcile(String taskId, Protos.AgentID agent) throws IOException {
    if (firstReconcile == Integer.MAX_VALUE) {
      firstReconcile = eventCount();
    }
    client.join().call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
        .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
            .setAgentId(agent))).build());
  }

  int eventCount() {
    synchronized (events) {
      return events.size();
    }
  }

  /** Closes the subscription's connection: the master sees the framework disconnect (its failover timeout starts). */
  @Override
  public void close() {
    client.thenAccept(SchedulerClient::close);
  }
}
