package io.corral.remote.master;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.SchedulerClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A framework for tests, built on the Mesos v1 protobuf classes: subscribes and waits for events with deadlines. */
public final class TestFramework implements AutoCloseable {
  final SchedulerClient client;
  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  public final List<Event> seen = new ArrayList<>();
  private final List<Event> backlog = new ArrayList<>();
  volatile boolean ended;

  private volatile boolean autoAcknowledge;

  private TestFramework(URI master, Protos.FrameworkInfo info, boolean protobuf, Map<String, String> headers)
      throws IOException {
    this.client = SchedulerClient.subscribe(master, info, protobuf, this::receive,
        cause -> ended = true, Duration.ofSeconds(10), ClientTls.shared(), headers);
  }

  private void receive(Event e) {
    synchronized (events) {
      if (autoAcknowledge) {
        acknowledgeIfNeeded(e);
      }
      events.add(e);
    }
  }

  private void acknowledgeIfNeeded(Event e) {
    if (e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().hasUuid()) {
      Protos.TaskStatus s = e.getUpdate().getStatus();
      client.send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
          .setAgentId(s.getAgentId()).setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
    }
  }

  /**
   * Acknowledges every update as it arrives, as most frameworks do; explicit acknowledgements become
   * no-ops. Updates that arrived before this call (a master resends unacknowledged ones at once to
   * a framework that subscribes again) are acknowledged now.
   */
  public TestFramework acknowledgingEverything() {
    synchronized (events) {
      autoAcknowledge = true;
      events.forEach(this::acknowledgeIfNeeded);
      backlog.forEach(this::acknowledgeIfNeeded);
    }
    return this;
  }

  public static TestFramework subscribe(URI master, String name, boolean protobuf) throws IOException {
    return new TestFramework(master, info(name).build(), protobuf, Map.of());
  }

  public static TestFramework subscribe(URI master, Protos.FrameworkInfo info, boolean protobuf) throws IOException {
    return new TestFramework(master, info, protobuf, Map.of());
  }

  /** Sending {@code headers} (e.g. {@code Authorization}) with the SUBSCRIBE and every call. */
  public static TestFramework subscribe(URI master, Protos.FrameworkInfo info, boolean protobuf,
      Map<String, String> headers) throws IOException {
    return new TestFramework(master, info, protobuf, headers);
  }

  /** As the user the tests run as, so that real agents (which switch to the framework's user) run its tasks. */
  public static Protos.FrameworkInfo.Builder info(String name) {
    return Protos.FrameworkInfo.newBuilder().setUser(System.getProperty("user.name")).setName(name).setFailoverTimeout(60);
  }

  public Protos.FrameworkID id() {
    return client.frameworkId();
  }

  /**
   * The first event matching {@code wanted}, from those set aside by earlier waits or arriving
   * within 10 s; events that do not match are set aside for later waits (and kept in {@link #seen}).
   */
  public Event await(Predicate<Event> wanted, String what) throws InterruptedException {
    for (java.util.Iterator<Event> it = backlog.iterator(); it.hasNext(); ) {
      Event e = it.next();
      if (wanted.test(e)) {
        it.remove();
        return e;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new AssertionError("no " + what + " within 10 s; saw " + seen.stream().map(TestFramework::brief).toList());
      }
      seen.add(e);
      if (wanted.test(e)) {
        return e;
      }
      backlog.add(e);
    }
  }

  /** An event as a failure message shows it: updates with their task, state, reason and whether they carry a uuid. */
  static String brief(Event e) {
    if (e.getType() != Event.Type.UPDATE) {
      return e.getType().name();
    }
    Protos.TaskStatus s = e.getUpdate().getStatus();
    return "UPDATE " + s.getTaskId().getValue() + " " + s.getState() + (s.hasReason() ? " " + s.getReason() : "")
        + (s.hasUuid() ? " (uuid)" : " (no uuid)") + (s.hasMessage() ? " '" + s.getMessage() + "'" : "");
  }

  public Event awaitType(Event.Type type) throws InterruptedException {
    return await(e -> e.getType() == type, type.name());
  }

  public Protos.TaskStatus awaitUpdate(String taskId, Protos.TaskState state) throws InterruptedException {
    return await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == state, "UPDATE " + taskId + " " + state).getUpdate().getStatus();
  }

  public Protos.Offer awaitOffer() throws InterruptedException {
    return awaitType(Event.Type.OFFERS).getOffers().getOffers(0);
  }

  public void call(Call call) throws IOException {
    client.call(call);
  }

  public static Protos.TaskInfo task(String id, Protos.Offer offer, String resources, String command) {
    return Protos.TaskInfo.newBuilder().setName(id).setTaskId(Protos.TaskID.newBuilder().setValue(id))
        .setAgentId(offer.getAgentId())
        .addAllResources(io.corral.remote.api.convert.ResourceConversion.toMesos(
            io.corral.core.resources.Resources.parse(resources), null))
        .setCommand(Protos.CommandInfo.newBuilder().setValue(command)).build();
  }

  public void launch(Protos.Offer offer, Protos.TaskInfo... tasks) throws IOException {
    Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
    for (Protos.TaskInfo t : tasks) {
      launch.addTaskInfos(t);
    }
    call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH).setLaunch(launch))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build());
  }

  public void acknowledge(Protos.TaskStatus status) throws IOException {
    call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
        .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
  }

  @Override
  public void close() {
    client.close();
  }
}
