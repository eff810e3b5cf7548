package io.corral.remote.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.allocator.AllocationResult;
import io.corral.core.allocator.Allocator;
import io.corral.core.allocator.AllocatorConfig;
import io.corral.core.allocator.Offer;
import io.corral.core.allocator.Rescind;
import io.corral.core.allocator.Usage;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import io.corral.core.port.Clock;
import io.corral.core.port.IdGenerator;
import io.corral.core.resources.Resources;
import io.corral.core.state.StateChange;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredFramework;
import io.corral.core.state.StoredTask;
import io.corral.core.task.TaskState;
import io.corral.remote.api.MediaType;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ResourceConversion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's books (frameworks, agents, tasks, roles, offers through the allocator, metrics)
 * and the operations every API shares on them: adding and removing frameworks, agents and tasks,
 * applying task updates, offering, and sending events to frameworks, agents and operators. It is
 * the one owner of that state: callers ask for an entry or a read-only view, and change the books
 * through operations named for what they do, which persist the change through the loop before
 * anything is sent ({@link MasterLoop#afterCommit}).
 *
 * <p>Not a server and not a thread: it opens no socket and runs only on {@link MasterLoop}, whose
 * thread alone may call it; the API classes ({@link SchedulerCalls}, {@link AcceptCalls},
 * {@link AgentCalls}, {@link OperatorCalls}) call in from there. {@link MasterServer} builds it
 * from the store and serves it over HTTP.
 */
final class Master {
  private static final Logger LOG = LoggerFactory.getLogger(Master.class);

  private final MasterConfig config;
  private final MasterLoop loop;
  private final Clock clock;
  private final IdGenerator ids;
  private final Allocator allocator;
  /** Read by HTTP threads too (the server's id); set once the listening port is known. */
  private volatile Protos.MasterInfo masterInfo;
  /** Ids of frameworks torn down or timed out; as in Mesos, they cannot subscribe again. */
  private final Set<FrameworkId> removedFrameworks = new HashSet<>();
  private final Instant startedAt;
  private final Map<FrameworkId, FrameworkEntry> frameworks = new LinkedHashMap<>();
  private final Map<AgentId, AgentEntry> agents = new LinkedHashMap<>();
  private final TaskBook tasks;
  private final Map<String, Role> roles = new LinkedHashMap<>();
  private final List<OperatorStream> operatorStreams = new CopyOnWriteArrayList<>();
  private final Metrics metrics = new Metrics();
  private final Credentials credentials;
  /** Tokens the operator created for principals; checked by {@link Authenticator} on HTTP threads. */
  private final PrincipalTokens tokens;
  private final FileCalls files = new FileCalls(this);
  private final UsageBook usage = new UsageBook(this);
  /** Who may call the Mesos APIs; null when this master authenticates no one (the default on loopback). */
  private volatile Authenticator authenticator;
  /** What authenticated principals may do; null: they may only read, and register their own frameworks. */
  private volatile Acls acls;
  private final TaskUpdates updates = new TaskUpdates(this);

  Master(MasterConfig config, MasterLoop loop, Clock clock, IdGenerator ids, Protos.MasterInfo masterInfo,
      Credentials credentials, PrincipalTokens tokens) {
    this.config = config;
    this.tokens = tokens;
    this.loop = loop;
    this.clock = clock;
    this.ids = ids;
    this.masterInfo = masterInfo;
    this.credentials = credentials;
    this.startedAt = clock.now();
    this.allocator = Allocator.drf(AllocatorConfig.DEFAULTS.withOfferTimeout(config.offerTimeout()), ids);
    this.tasks = new TaskBook(config.maxCompletedTasksPerFramework(), config.maxCompletedFrameworks(), loop::persist);
  }

  // ------------------------------------------------------------------ collaborators and settings

  MasterConfig config() {
    return config;
  }

  MasterLoop loop() {
    return loop;
  }

  Instant now() {
    return clock.now();
  }

  Instant startedAt() {
    return startedAt;
  }

  Protos.MasterInfo info() {
    return masterInfo;
  }

  /** The master's address once its listener is bound (the configured port may have been 0). */
  void listeningAs(Protos.MasterInfo info) {
    this.masterInfo = info;
  }

  /** Offers, their filters, quota and weights; the master books launches and recoveries with it. */
  Allocator allocator() {
    return allocator;
  }

  Credentials credentials() {
    return credentials;
  }

  PrincipalTokens tokens() {
    return tokens;
  }

  /** What agents report their running tasks use. */
  UsageBook usage() {
    return usage;
  }

  FileCalls files() {
    return files;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  Acls acls() {
    return acls;
  }

  /** Set at start, before the master serves: who may call (null: no one is asked) and what they may do. */
  void protectWith(Authenticator authenticator, Acls acls) {
    this.authenticator = authenticator;
    this.acls = acls;
  }

  Metrics metrics() {
    return metrics;
  }

  /** A new framework's id: this master's id and a sequence. */
  FrameworkId newFrameworkId() {
    return FrameworkId.of(masterInfo.getId() + "-" + ids.next("F"));
  }

  /** A new agent's id: this master's id and a sequence. */
  AgentId newAgentId() {
    return AgentId.of(masterInfo.getId() + "-" + ids.next("S"));
  }

  // ------------------------------------------------------------------ the books: frameworks, agents, roles

  /** The framework, or null when it is not (or no longer) registered. */
  FrameworkEntry framework(FrameworkId id) {
    return frameworks.get(id);
  }

  Collection<FrameworkEntry> frameworksView() {
    return Collections.unmodifiableCollection(frameworks.values());
  }

  /** A framework that subscribed for the first time (its entry is persisted by the caller once filled in). */
  void addFramework(FrameworkEntry f) {
    frameworks.put(f.id, f);
  }

  /** Whether the framework was torn down or timed out: it may not subscribe again. */
  boolean wasRemoved(FrameworkId id) {
    return removedFrameworks.contains(id);
  }

  /** The agent, or null when it never registered (gone agents stay in the books). */
  AgentEntry agent(AgentId id) {
    return agents.get(id);
  }

  Collection<AgentEntry> agentsView() {
    return Collections.unmodifiableCollection(agents.values());
  }

  /** An agent that registered for the first time. */
  void addAgent(AgentEntry agent) {
    agents.put(agent.id, agent);
  }

  /** The role's weight and quota, or null when no operator set either. */
  Role role(String name) {
    return roles.get(name);
  }

  Collection<Role> rolesView() {
    return Collections.unmodifiableCollection(roles.values());
  }

  /** An operator's UPDATE_WEIGHTS, one role: booked, persisted, given to the allocator. */
  void setWeight(String name, double weight) {
    putRole(roleOrDefault(name).withWeight(weight));
    allocator.setWeight(name, weight);
  }

  /** An operator's UPDATE_QUOTA, one role: booked, persisted, given to the allocator. */
  void setQuota(String name, Resources guarantee) {
    putRole(roleOrDefault(name).withGuarantee(guarantee));
    allocator.setQuota(name, guarantee);
  }

  private Role roleOrDefault(String name) {
    return roles.getOrDefault(name, Role.of(name));
  }

  private void putRole(Role r) {
    roles.put(r.name(), r);
    loop.persist(new StateChange.PutRole(r));
  }

  /** Offers made and neither accepted, declined nor rescinded yet. */
  long outstandingOffers() {
    long n = 0;
    for (FrameworkEntry f : frameworks.values()) {
      n += allocator.offers(f.id).size();
    }
    return n;
  }

  void addOperatorStream(OperatorStream stream) {
    operatorStreams.add(stream);
  }

  void removeOperatorStream(OperatorStream stream) {
    operatorStreams.remove(stream);
  }

  // ------------------------------------------------------------------ the books: tasks

  /** The task, or null when the master does not know it (never launched, or forgotten as completed). */
  TaskEntry task(TaskId id) {
    return tasks.get(id);
  }

  boolean hasTask(TaskId id) {
    return tasks.contains(id);
  }

  /** Every task in the books, live and completed; read-only. */
  Collection<TaskEntry> tasksView() {
    return tasks.all();
  }

  int taskCount() {
    return tasks.size();
  }

  /** The framework's tasks, as a copy: callers change their states while iterating. */
  List<TaskEntry> tasksOf(FrameworkId framework) {
    return tasks.of(framework);
  }

  /** The agent's tasks that have not ended, as a copy: callers change their states while iterating. */
  List<TaskEntry> liveTasksOn(AgentId agent) {
    return tasks.liveOn(agent);
  }

  /** An agent's task the master did not know (reported at registration): booked, not launched. */
  void adoptTask(TaskEntry entry) {
    tasks.add(entry);
  }

  /** A task ACCEPT launches: booked, persisted, counted and shown to operators; the LAUNCH is the caller's. */
  void recordLaunch(TaskEntry entry) {
    tasks.add(entry);
    persist(entry);
    metrics.countLaunch();
    broadcast(() -> OperatorEvents.taskAdded(this, entry));
  }

  /** A task of an ACCEPT that was refused (its framework gets the reason in an UPDATE). */
  void recordRefusal() {
    metrics.countRefusal();
  }

  /** A status update an agent sent, whatever becomes of it. */
  void recordStatusUpdate() {
    metrics.countUpdateReceived();
  }

  /** Files the task among its framework's completed tasks once its end needs no acknowledgement (see {@link TaskBook}). */
  void retireIfEnded(TaskEntry t, boolean force) {
    tasks.retireIfEnded(t, force);
  }

  /** What the agent's running tasks use, per framework and role, for the allocator. */
  List<Usage> usageOn(AgentId agent) {
    List<Usage> used = new ArrayList<>();
    for (TaskEntry t : liveTasksOn(agent)) {
      used.add(new Usage(t.task.frameworkId(), t.role, t.task.resources()));
    }
    return used;
  }

  // ------------------------------------------------------------------ recovery (before the master serves)

  void recoverRole(Role r) {
    roles.put(r.name(), r);
    allocator.setWeight(r.name(), r.weight());
    allocator.setQuota(r.name(), r.guarantee());
  }

  void recoverTask(TaskEntry entry) {
    tasks.add(entry);
  }

  /** A stored framework: known to the allocator but offered nothing until it subscribes again, within its failover timeout. */
  void recoverFramework(FrameworkEntry f) {
    frameworks.put(f.id, f);
    allocator.addFramework(f.info);
    allocator.deactivateFramework(f.id);
    scheduleFailover(f, f.info.failoverTimeout().toMillis());
  }

  /** A stored agent: its tasks' resources are charged at once, and it is offered nothing until it registers again. */
  void recoverAgent(AgentEntry a) {
    agents.put(a.id, a);
    if (a.state != AgentState.GONE) {
      allocator.addAgent(a.info, usageOn(a.id));
      allocator.setAgentState(a.id, a.state == AgentState.ACTIVE ? AgentState.DEACTIVATED : a.state);
    }
  }

  void recoverRemovedFramework(FrameworkId id) {
    removedFrameworks.add(id);
  }

  /** Files recovered ended tasks as completed and trims them to the limits (see {@link TaskBook#retireRecovered}). */
  void retireRecovered() {
    tasks.retireRecovered(frameworks::containsKey);
  }

  // ------------------------------------------------------------------ sending

  /** Sends an event to the framework once the current burst is durable; dropped if it is not connected. */
  void send(FrameworkEntry framework, Event event) {
    if (framework.inProcess != null) {
      Consumer<Event> receiver = framework.inProcess;
      loop.afterCommit(() -> loop.execute(() -> receiver.accept(event)));
    } else if (framework.connected()) {
      EventStream stream = framework.stream;
      MediaType media = framework.media;
      loop.afterCommit(() -> stream.send(() -> Wire.encode(event, media)));
    }
  }

  void send(AgentEntry agent, ObjectNode event) {
    if (agent.connected()) {
      EventStream stream = agent.stream;
      loop.afterCommit(() -> stream.send(() -> AgentProtocol.bytes(event)));
    }
  }

  /**
   * Sends an operator event to SUBSCRIBE streams; built only when someone listens. What a
   * principal's stream gets is decided here, on the loop, while the task or framework the event
   * names is in the books; streams that see everything share the one event, sent at commit.
   */
  void broadcast(Supplier<org.apache.mesos.v1.master.Protos.Event> events) {
    if (operatorStreams.isEmpty()) {
      return;
    }
    org.apache.mesos.v1.master.Protos.Event event = events.get();
    List<Runnable> filtered = null;
    for (OperatorStream s : operatorStreams) {
      if (!s.viewer().seesEverything()) {
        org.apache.mesos.v1.master.Protos.Event seen = s.viewer().filter(event);
        if (seen != null) {
          if (filtered == null) {
            filtered = new ArrayList<>();
          }
          filtered.add(() -> s.send(seen));
        }
      }
    }
    List<Runnable> toPrincipals = filtered;
    loop.afterCommit(() -> {
      for (OperatorStream s : operatorStreams) {
        if (s.viewer().seesEverything()) {
          s.send(event);
        }
      }
      if (toPrincipals != null) {
        toPrincipals.forEach(Runnable::run);
      }
    });
  }

  // ------------------------------------------------------------------ persistence

  void persist(FrameworkEntry f) {
    loop.persist(new StateChange.PutFramework(new StoredFramework(f.info, f.registeredAt, f.disconnectedAt,
        f.wire.toByteArray())));
  }

  void persist(AgentEntry a) {
    loop.persist(new StateChange.PutAgent(new StoredAgent(a.info, a.state, a.registeredAt, a.stateChangedAt,
        a.credentialId, a.wire.toByteArray())));
  }

  void persist(TaskEntry t) {
    loop.persist(new StateChange.PutTask(new StoredTask(t.task, t.role, t.infoBytes())));
  }

  // ------------------------------------------------------------------ offers

  void allocate() {
    AllocationResult result = allocator.allocate(clock.now());
    Map<FrameworkId, List<Offer>> byFramework = new LinkedHashMap<>();
    for (Offer offer : result.offers()) {
      byFramework.computeIfAbsent(offer.frameworkId(), k -> new ArrayList<>()).add(offer);
    }
    byFramework.forEach((id, offers) -> {
      FrameworkEntry f = frameworks.get(id);
      if (f == null) {
        return;
      }
      Event.Offers.Builder b = Event.Offers.newBuilder();
      for (Offer o : offers) {
        b.addOffers(toMesos(o));
      }
      metrics.countOffersSent(offers.size());
      send(f, Event.newBuilder().setType(Event.Type.OFFERS).setOffers(b).build());
    });
    rescind(result.rescinds());
  }

  void rescind(List<Rescind> rescinds) {
    for (Rescind r : rescinds) {
      FrameworkEntry f = frameworks.get(r.frameworkId());
      if (f != null) {
        send(f, Event.newBuilder().setType(Event.Type.RESCIND).setRescind(Event.Rescind.newBuilder()
            .setOfferId(Protos.OfferID.newBuilder().setValue(r.offerId().value()))).build());
      }
    }
  }

  Protos.Offer toMesos(Offer o) {
    AgentEntry agent = agents.get(o.agentId());
    Protos.Offer.Builder b = Protos.Offer.newBuilder()
        .setId(Protos.OfferID.newBuilder().setValue(o.id().value()))
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(o.frameworkId().value()))
        .setAgentId(Protos.AgentID.newBuilder().setValue(o.agentId().value()))
        .setHostname(agent.info.hostname())
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(o.role()))
        .addAllResources(ResourceConversion.toMesos(o.resources(), o.role()))
        .addAllAttributes(agent.wire.getAttributesList());
    // As Mesos: the agent's URL, http://<ip>:<port>/slave(1); frameworks read the agent's IP from it.
    Protos.Address.Builder address = Protos.Address.newBuilder().setHostname(agent.info.hostname())
        .setPort(agent.wire.getPort());
    if (agent.ip != null) {
      address.setIp(agent.ip);
    }
    b.setUrl(Protos.URL.newBuilder().setScheme("http").setAddress(address).setPath("/slave(1)"));
    return b.build();
  }

  // ------------------------------------------------------------------ task updates

  /** Applies a status to a task, persists it, tells the framework, and frees resources of ended tasks. */
  void applyStatus(TaskEntry entry, Protos.TaskStatus status) {
    updates.apply(entry, status);
    if (entry.task.isTerminal() || entry.task.state() == TaskState.UNREACHABLE) {
      usage.forget(entry.task.id());
    }
  }

  /** A status the master makes itself (no uuid: nothing to acknowledge), as Mesos does. */
  Protos.TaskStatus masterStatus(TaskEntry entry, TaskState state, Protos.TaskStatus.Reason reason, String message) {
    return updates.masterStatus(entry, state, reason, message);
  }

  /** Sends the framework an UPDATE of the task, if it is connected. */
  void forwardStatus(TaskEntry entry, Protos.TaskStatus status) {
    updates.forward(entry, status);
  }

  /** Sends an UPDATE, in the states this framework understands. */
  void sendStatus(FrameworkEntry f, Protos.TaskStatus status) {
    updates.send(f, status);
  }

  void killOnAgent(TaskEntry entry) {
    AgentEntry agent = agents.get(entry.task.agentId());
    if (agent != null) {
      ObjectNode kill = AgentProtocol.message(AgentProtocol.EventType.KILL);
      kill.put("framework_id", entry.task.frameworkId().value());
      kill.put("task_id", entry.task.id().value());
      if (agent.connected()) {
        send(agent, kill);
      } else {
        // As in Mesos, a kill for a disconnected agent is sent again when it re-registers.
        agent.pendingEvents.add(kill);
      }
    }
  }

  // ------------------------------------------------------------------ frameworks

  /** Teardown: kills the framework's tasks, forgets its offers, removes it for good. */
  void removeFramework(FrameworkEntry f, String why) {
    LOG.info("removing framework {} ({}): {}", f.id, f.info.name(), why);
    for (TaskEntry t : tasks.of(f.id)) {
      if (!t.task.isTerminal()) {
        killOnAgent(t);
        applyStatus(t, masterStatus(t, TaskState.KILLED, Protos.TaskStatus.Reason.REASON_FRAMEWORK_REMOVED,
            "Framework " + f.id + " removed: " + why));
      } else if (t.task.awaitingAcknowledgement()) {
        updates.acknowledgeForFramework(t); // the agent forgets the end nobody will acknowledge now
      }
      retireIfEnded(t, true); // the framework will never acknowledge its tasks' ends now
    }
    allocator.removeFramework(f.id);
    if (f.failoverTimer != null) {
      f.failoverTimer.cancel(false);
    }
    if (f.stream != null) {
      f.stream.close();
    }
    f.inProcess = null;
    frameworks.remove(f.id);
    removedFrameworks.add(f.id);
    tasks.retireFramework(f.id);
    loop.persist(new StateChange.PutSetting("removed-framework/" + f.id.value(), clock.now().toString()));
    loop.persist(new StateChange.RemoveFramework(f.id));
    broadcast(() -> OperatorEvents.frameworkRemoved(f));
  }

  /** The framework's connection went away: keep its tasks until its failover timeout runs out. */
  void frameworkDisconnected(FrameworkEntry f) {
    if (!frameworks.containsKey(f.id) || f.connected()) {
      return;
    }
    f.disconnectedAt = clock.now();
    allocator.deactivateFramework(f.id);
    persist(f);
    long timeout = f.info.failoverTimeout().toMillis();
    LOG.info("framework {} disconnected; failover timeout {} ms", f.id, timeout);
    scheduleFailover(f, timeout);
    broadcast(() -> OperatorEvents.frameworkUpdated(this, f));
  }

  void scheduleFailover(FrameworkEntry f, long timeoutMillis) {
    if (f.failoverTimer != null) {
      f.failoverTimer.cancel(false);
    }
    f.failoverTimer = loop.after(Math.max(0, timeoutMillis), () -> {
      FrameworkEntry current = frameworks.get(f.id);
      if (current == f && !f.connected()) {
        removeFramework(f, "failover timeout elapsed");
      }
    });
  }

  // ------------------------------------------------------------------ agents

  /**
   * The agent was not heard from for ping interval x max missed pings. Its stream is closed too:
   * an agent that was only stopped or cut off reads the end (or has its next call refused) when it
   * comes back and registers again, which reconciles its tasks and makes it reachable; nothing
   * else would, since an unreachable agent is not pinged.
   */
  void markUnreachable(AgentEntry agent) {
    LOG.warn("agent {} ({}) missed {} pings: unreachable", agent.id, agent.info.hostname(), config.maxMissedPings());
    setAgentState(agent, AgentState.UNREACHABLE);
    for (TaskEntry t : liveTasksOn(agent.id)) {
      applyStatus(t, masterStatus(t, TaskState.UNREACHABLE, Protos.TaskStatus.Reason.REASON_AGENT_REMOVED,
          "Agent " + agent.id + " is unreachable"));
    }
    closeStream(agent);
  }

  /** Ends the agent's stream once the burst is durable; its later calls are refused (403) until it registers again. */
  void closeStream(AgentEntry agent) {
    EventStream stream = agent.stream;
    agent.stream = null;
    if (stream != null) {
      loop.afterCommit(stream::close);
    }
  }

  /**
   * The agent's stream ended (the agent died, restarted or its connection broke): as Mesos
   * deactivates a disconnected agent, its offers are rescinded and it gets none until it
   * registers again. Its tasks stay as they are; pings go on failing, so an agent that does not
   * come back becomes unreachable after the usual timeout.
   */
  void agentDisconnected(AgentEntry agent) {
    LOG.info("agent {} ({}) disconnected", agent.id, agent.info.hostname());
    rescind(allocator.setAgentState(agent.id, offerState(agent)));
  }

  void setAgentState(AgentEntry agent, AgentState state) {
    agent.state = state;
    agent.stateChangedAt = clock.now();
    rescind(allocator.setAgentState(agent.id, offerState(agent)));
    persist(agent);
  }

  /** The state the allocator sees: an active agent that is not connected gets no offers. */
  static AgentState offerState(AgentEntry agent) {
    return agent.state == AgentState.ACTIVE && !agent.connected() ? AgentState.DEACTIVATED : agent.state;
  }

  void pingAgents() {
    Instant now = clock.now();
    long timeout = config.agentTimeout().toMillis();
    for (AgentEntry agent : agents.values()) {
      if (agent.state == AgentState.GONE || agent.state == AgentState.UNREACHABLE) {
        continue;
      }
      if (agent.lastSeen != null && now.toEpochMilli() - agent.lastSeen.toEpochMilli() > timeout) {
        markUnreachable(agent);
      } else {
        send(agent, AgentProtocol.message(AgentProtocol.EventType.PING));
      }
    }
  }

  /**
   * Asks the I/O thread to look for frameworks and operators (and agents the selector does not
   * watch) that closed their streams' connections, instead of noticing at the next failed write.
   */
  void probeStreams() {
    List<EventStream> streams = new ArrayList<>();
    for (FrameworkEntry f : frameworks.values()) {
      if (f.stream != null) {
        streams.add(f.stream);
      }
    }
    for (OperatorStream s : operatorStreams) {
      streams.add(s.stream());
    }
    for (AgentEntry a : agents.values()) {
      // Agent streams are watched by the selector (EventStream.watchingClosely); only one it
      // could not watch is probed, so thousands of agents cost the probe nothing.
      if (a.stream != null && !a.stream.watchedBySelector()) {
        streams.add(a.stream);
      }
    }
    if (!streams.isEmpty()) {
      try {
        loop.io().execute(() -> streams.forEach(EventStream::probePeer));
      } catch (RejectedExecutionException stopping) {
        // the master is stopping; its streams close with it
      }
    }
  }

  void heartbeat() {
    Event beat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    for (FrameworkEntry f : frameworks.values()) {
      send(f, beat);
    }
    for (OperatorStream s : operatorStreams) {
      s.send(org.apache.mesos.v1.master.Protos.Event.newBuilder()
          .setType(org.apache.mesos.v1.master.Protos.Event.Type.HEARTBEAT).build());
    }
  }
}
