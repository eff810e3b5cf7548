package io.corral.shell.client;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.SchedulerClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The shell as a Mesos framework named {@code corral-shell}, over the scheduler API. Its id is kept
 * per master under {@link CorralHome}, with a failover timeout of a week, so a {@code run} in one
 * process and a {@code kill} in a later one act as the same framework. Every status update is
 * acknowledged as it arrives (updates a previous process left unacknowledged arrive again here).
 *
 * <p>Only one connection per framework id exists at a time: when another {@code corral} subscribes
 * as the same framework, this connection ends with {@link #failedOver()} true; callers that still
 * wait for a task then follow it through the operator API.
 */
public final class ShellFramework implements AutoCloseable {
  public static final String NAME = "corral-shell";
  /** The master's label for frameworks whose updates it acknowledges itself. */
  static final String ACKNOWLEDGEMENTS_LABEL = "io.corral.acknowledgements";
  static final double FAILOVER_TIMEOUT_SECONDS = Duration.ofDays(7).toSeconds();
  private static final Event END = Event.newBuilder().setType(Event.Type.UNKNOWN).build();

  private final URI master;
  private final ClientTls tls;
  private final Credentials credentials;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<String, Protos.OfferID> held = new ConcurrentHashMap<>();
  private volatile SchedulerClient client;
  private volatile Throwable endCause;
  private volatile boolean ended;
  private volatile boolean failedOver;

  private ShellFramework(URI master, ClientTls tls, Credentials credentials) {
    this.master = master;
    this.tls = tls;
    this.credentials = credentials;
  }

  /** Subscribes as the shell framework of {@code master} (a new one when none was kept or it was removed). */
  public static ShellFramework connect(URI master, CorralHome home, Duration timeout) {
    return connect(master, home, timeout, ClientTls.shared());
  }

  /** As {@link #connect(URI, CorralHome, Duration)}; an https master is verified as {@code tls} says. */
  public static ShellFramework connect(URI master, CorralHome home, Duration timeout, ClientTls tls) {
    return connect(master, home, timeout, tls, null);
  }

  /**
   * As {@link #connect(URI, CorralHome, Duration, ClientTls)}; the subscription and every call carry
   * {@code credentials} (null: none). A 401 or 403 for them fails with what to give instead.
   */
  public static ShellFramework connect(URI master, CorralHome home, Duration timeout, ClientTls tls,
      Credentials credentials) {
    ShellFramework f = new ShellFramework(master, tls, credentials);
    String kept = home.frameworkId(master).orElse(null);
    try {
      f.client = f.subscribe(kept, timeout);
    } catch (SchedulerClient.ApiCallException e) {
      if (e.status == 401) {
        throw f.refused(e, "the shell's subscription");
      }
      if (kept == null || e.status != 403) {
        throw CommandException.failed("the master refused the shell's subscription: " + e.getMessage());
      }
      // The kept framework was torn down (or timed out): start a new one.
      home.forgetFrameworkId(master);
      try {
        f.client = f.subscribe(null, timeout);
      } catch (SchedulerClient.ApiCallException again) {
        throw again.status == 401 || again.status == 403 ? f.refused(again, "the shell's subscription")
            : CommandException.failed("the master refused the shell's subscription: " + again.getMessage());
      } catch (IOException again) {
        throw MasterClient.unreachable(master, again);
      }
    } catch (IOException e) {
      if (e.getCause() instanceof SchedulerClient.ApiCallException a) {
        throw CommandException.failed("the master refused the shell's subscription: " + a.getMessage());
      }
      throw MasterClient.unreachable(master, e);
    }
    home.saveFrameworkId(master, f.id().getValue());
    return f;
  }

  private SchedulerClient subscribe(String id, Duration timeout) throws IOException {
    Protos.FrameworkInfo.Builder info = Protos.FrameworkInfo.newBuilder().setName(NAME)
        .setUser(System.getProperty("user.name", "corral")).setFailoverTimeout(FAILOVER_TIMEOUT_SECONDS)
        .setHostname(hostname())
        // The master acknowledges this framework's updates as they arrive: the shell follows tasks
        // through the operator API and is mostly not connected when they end ('run' without --wait),
        // so their ends would otherwise wait on the agents until the shell next subscribes.
        .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder()
            .setKey(ACKNOWLEDGEMENTS_LABEL).setValue("master")));
    if (id != null) {
      info.setId(Protos.FrameworkID.newBuilder().setValue(id));
    }
    try {
      return SchedulerClient.subscribe(master, info.build(), false, this::receive, this::end, timeout, tls,
          Credentials.headersOf(credentials));
    } catch (IOException e) {
      if (e.getCause() instanceof SchedulerClient.ApiCallException a) {
        throw a;
      }
      throw e;
    }
  }

  /** A 401 or 403 as one line; the master's body is {@code 401: why} (the exception's message adds {@code HTTP 401: }). */
  private CommandException refused(SchedulerClient.ApiCallException e, String what) {
    String body = e.getMessage().startsWith("HTTP " + e.status + ": ")
        ? e.getMessage().substring(("HTTP " + e.status + ": ").length()) : e.getMessage();
    return Credentials.refused(master, e.status, body, credentials, what);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private void receive(Event e) {
    if (e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().hasUuid() && client != null) {
      Protos.TaskStatus s = e.getUpdate().getStatus();
      client.send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
          .setAgentId(s.getAgentId()).setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
    }
    if (e.getType() == Event.Type.OFFERS) {
      e.getOffers().getOffersList().forEach(o -> held.put(o.getId().getValue(), o.getId()));
    } else if (e.getType() == Event.Type.RESCIND) {
      held.remove(e.getRescind().getOfferId().getValue());
    }
    if (e.getType() == Event.Type.ERROR && e.getError().getMessage().contains("failed over")) {
      failedOver = true;
    }
    events.add(e);
  }

  private void end(Throwable cause) {
    endCause = cause;
    ended = true;
    events.add(END);
  }

  public Protos.FrameworkID id() {
    return client.frameworkId();
  }

  public URI master() {
    return master;
  }

  /** True when another subscription as this framework took over this one. */
  public boolean failedOver() {
    return failedOver;
  }

  /**
   * The next event, or null when none came within {@code wait}.
   *
   * @throws CommandException exit 4 when the connection to the master ended (unless it failed over: then null)
   */
  public Event next(Duration wait) {
    Event e;
    try {
      e = events.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw CommandException.failed("interrupted");
    }
    if (e == END) {
      events.add(END);
      if (failedOver) {
        return null;
      }
      String why = endCause == null ? "the master closed the connection" : MasterClient.reason(endCause);
      throw CommandException.lost(master, why, endCause);
    }
    return e;
  }

  public boolean ended() {
    return ended;
  }

  /** Sends a call and waits for the master to take it. */
  public void call(Call call) {
    try {
      client.call(call);
    } catch (SchedulerClient.ApiCallException e) {
      if (e.status == 401 || e.status == 403) {
        throw refused(e, call.getType().toString());
      }
      throw CommandException.failed("the master refused " + call.getType() + ": " + e.getMessage());
    } catch (IOException e) {
      throw CommandException.lost(master, MasterClient.reason(e), e);
    }
  }

  /** Asks for offers again (a framework that suppressed, or filtered agents, gets them back). */
  public void revive() {
    call(Call.newBuilder().setType(Call.Type.REVIVE).build());
  }

  public void suppress() {
    call(Call.newBuilder().setType(Call.Type.SUPPRESS).build());
  }

  /** Launches {@code tasks} on offers of one agent; what they leave of them goes back at once. */
  public void launch(List<Protos.OfferID> offers, List<Protos.TaskInfo> tasks) {
    offers.forEach(o -> held.remove(o.getValue()));
    call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addAllOfferIds(offers)
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
            .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build());
  }

  public void decline(List<Protos.OfferID> offers, double refuseSeconds) {
    if (!offers.isEmpty()) {
      offers.forEach(o -> held.remove(o.getValue()));
      call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addAllOfferIds(offers)
          .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds))).build());
    }
  }

  public void kill(Protos.TaskID task, Protos.AgentID agent) {
    call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(task).setAgentId(agent)).build());
  }

  /** Hands every event still queued to {@code sink} (without waiting). */
  public void drain(Consumer<Event> sink) {
    for (Event e = events.poll(); e != null; e = events.poll()) {
      if (e == END) {
        events.add(END);
        return;
      }
      sink.accept(e);
    }
  }

  /**
   * Lets go: no more offers, and those still held go back (the master may notice a closed
   * connection only at its next heartbeat, and would keep them until then).
   */
  @Override
  public void close() {
    SchedulerClient c = client;
    if (c == null) {
      return;
    }
    try {
      if (!ended && !failedOver) {
        suppress();
        decline(List.copyOf(held.values()), 5);
      }
    } catch (CommandException e) {
      // Closing anyway: the master rescinds them when it notices, or when the shell subscribes again.
    } finally {
      c.close();
    }
  }
}
