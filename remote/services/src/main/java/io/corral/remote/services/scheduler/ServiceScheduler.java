package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import io.corral.core.service.Instance;
import io.corral.core.service.Plan;
import io.corral.core.service.ServiceId;
import io.corral.core.service.ServicePlanner;
import io.corral.remote.services.app.AppDefinition;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service scheduler: a Mesos framework that keeps every app at its instances, replaces the ones
 * that end, and carries deployments through (the decisions are {@link ServicePlanner}'s). It runs
 * on the hosting master's loop and speaks only scheduler calls and events ({@link SchedulerHost}).
 * What it must not forget (apps, versions, deployments, each instance's launch) is stored with the
 * burst that changes it, so a restarted or newly elected master picks up where this one stopped:
 * it reconciles the instances it knows, and none is launched twice.
 */
public final class ServiceScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceScheduler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FRAMEWORK_ID = "corral-services";
  public static final String DEFAULT_ROLE = "corral-services";

  final SchedulerHost host;
  final String role;
  final ServiceEvents events = new ServiceEvents();
  final Map<ServiceId, AppRecord> apps = new TreeMap<>();
  final Map<String, InstanceRecord> byTask = new HashMap<>();
  /** Agents seen in offers: where instances are, for constraints. */
  final Map<String, AgentInfo> agents = new HashMap<>();
  private final OfferMatcher offers;
  private final ServiceChanges changes = new ServiceChanges(this);
  private boolean suppressed;
  private boolean subscribed;

  public ServiceScheduler(SchedulerHost host, String role) {
    this.host = host;
    this.role = role;
    this.offers = new OfferMatcher(this);
  }

  public String role() {
    return role;
  }

  public ServiceEvents events() {
    return events;
  }

  /** The changes operators ask for (loop thread only). */
  public ServiceChanges changes() {
    return changes;
  }

  /** Marathon's JSON of apps, instances and deployments (loop thread only). */
  public ServiceViews views() {
    return new ServiceViews(this);
  }

  /** The framework this scheduler is: one fixed id, so its tasks are its own again after a restart. */
  public Protos.FrameworkInfo frameworkInfo(String user) {
    return Protos.FrameworkInfo.newBuilder().setId(Protos.FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
        .setName("corral-services").setUser(user).addRoles(role).setCheckpoint(true)
        .setFailoverTimeout(Duration.ofDays(7).toSeconds())
        .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
            .setType(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE))
        .addCapabilities(Protos.FrameworkInfo.Capability.newBuilder()
            .setType(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE))
        .build();
  }

  /** Rebuilds apps and instances from the master's stored settings (before subscribing). */
  public void recover(Map<String, String> settings) {
    settings.forEach((key, value) -> {
      if (value == null || value.isEmpty()) {
        return;
      }
      try {
        if (key.startsWith(AppRecord.KEY_PREFIX + "/")) {
          AppRecord r = AppRecord.fromJson(JSON.readTree(value));
          apps.put(r.app.id(), r);
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("stored service {} is unreadable; skipped", key, e);
      }
    });
    settings.forEach((key, value) -> {
      if (key.startsWith(InstanceRecord.KEY_PREFIX) && value != null && !value.isEmpty()) {
        try {
          InstanceRecord i = InstanceRecord.fromJson(key.substring(InstanceRecord.KEY_PREFIX.length()),
              JSON.readTree(value));
          AppRecord app = apps.get(i.app);
          if (app != null) {
            app.instances.put(i.taskId, i);
            byTask.put(i.taskId, i);
          }
        } catch (IOException | RuntimeException e) {
          LOG.error("stored instance {} is unreadable; skipped", key, e);
        }
      }
    });
    if (!apps.isEmpty()) {
      LOG.info("services recovered: {} apps, {} instances", apps.size(), byTask.size());
    }
  }

  /** Whether any app is defined (recovered from the store or created). */
  public boolean hasApps() {
    return !apps.isEmpty();
  }

  public void receive(Event event) {
    switch (event.getType()) {
      case SUBSCRIBED -> subscribed();
      case OFFERS -> offers.match(event.getOffers().getOffersList());
      case UPDATE -> status(event.getUpdate().getStatus());
      case ERROR -> LOG.error("service scheduler: {}", event.getError().getMessage());
      default -> LOG.trace("service scheduler: {}", event.getType());
    }
  }

  private void subscribed() {
    subscribed = true;
    suppressed = false;
    reconcile();
    host.call(call(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()).build());
    apps.values().forEach(this::step);
    suppressIfIdle();
    int generation = ++subscriptions;
    host.schedule(RECONCILE_EVERY, () -> reconcileEvery(generation));
  }

  /** How often instances are reconciled with the master's books, as Marathon does (its default). */
  static final Duration RECONCILE_EVERY = Duration.ofMinutes(10);
  private int subscriptions;

  private void reconcileEvery(int generation) {
    if (generation == subscriptions) {
      reconcile();
      host.schedule(RECONCILE_EVERY, () -> reconcileEvery(generation));
    }
  }

  /**
   * Asks the master what became of every instance this scheduler knows: it answers with each one's
   * state (TASK_UNKNOWN for a launch it never recorded, which is then replaced). An update lost on
   * the way, or an agent back from a partition without news, is caught up this way.
   */
  private void reconcile() {
    Call.Reconcile.Builder known = Call.Reconcile.newBuilder();
    for (InstanceRecord i : byTask.values()) {
      known.addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(i.taskId)));
    }
    if (known.getTasksCount() > 0) {
      host.call(call(Call.Type.RECONCILE).setReconcile(known).build());
    }
  }

  static Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type).setFrameworkId(Protos.FrameworkID.newBuilder().setValue(FRAMEWORK_ID));
  }

  // ------------------------------------------------------------------ status updates

  private void status(Protos.TaskStatus s) {
    if (s.hasUuid()) {
      host.call(call(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(s.getAgentId())
          .setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
    }
    String taskId = s.getTaskId().getValue();
    InstanceRecord r = byTask.get(taskId);
    boolean terminal = terminal(s.getState());
    if (r == null) {
      if (!terminal && s.getState() != Protos.TaskState.TASK_UNKNOWN) {
        LOG.warn("service scheduler: task {} is not an instance of any app; killing it", taskId);
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(s.getTaskId());
        if (s.hasAgentId()) {
          kill.setAgentId(s.getAgentId());
        }
        host.call(call(Call.Type.KILL).setKill(kill).build());
      }
      return;
    }
    AppRecord app = apps.get(r.app);
    String before = r.state;
    Instance.Health healthBefore = r.health;
    Instant now = host.now();
    if (terminal || s.getState() == Protos.TaskState.TASK_UNKNOWN) {
      ended(app, r, s, now);
    } else {
      r.state = s.getState().name();
      if (s.getState() == Protos.TaskState.TASK_RUNNING && r.startedAt == null) {
        r.startedAt = now;
      }
      if (s.getState() == Protos.TaskState.TASK_UNREACHABLE) {
        unreachable(app, r, now);
      } else {
        r.unreachableSince = null;
        r.inactive = false;
      }
      if (s.hasHealthy()) {
        Instance.Health health = s.getHealthy() ? Instance.Health.HEALTHY : Instance.Health.UNHEALTHY;
        if (health != r.health) {
          r.health = health;
          r.healthChangedAt = now;
          events.publish(ServiceEvents.event("health_status_changed_event", now).put("appId", r.app.path())
              .put("taskId", r.taskId).put("instanceId", r.taskId).put("version", r.version)
              .put("alive", s.getHealthy()));
        }
      }
      if (r.version.equals(app.configVersion) && r.forPlanner().ready(app.spec().healthChecked())) {
        readyAgain(app);
      }
      if (!r.state.equals(before) || r.health != healthBefore) {
        host.persist(r.key(), r.toJson());
      }
    }
    if (!r.state.equals(before) || terminal) {
      events.publish(statusEvent(r, s, now));
    }
    step(app);
  }

  private static boolean terminal(Protos.TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
          TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }

  private void ended(AppRecord app, InstanceRecord r, Protos.TaskStatus s, Instant now) {
    r.state = s.getState() == Protos.TaskState.TASK_UNKNOWN ? "TASK_LOST" : s.getState().name();
    forget(app, r);
    boolean asked = r.killing && s.getState() == Protos.TaskState.TASK_KILLED;
    if (asked) {
      return;
    }
    // A failure: the next launch waits (Marathon's backoff), and a deployment counts it.
    app.failures++;
    app.launchNotBefore = now.plus(app.app.backoff().delayAfter(app.failures));
    app.lastTaskFailure = events.failure(r, s, now);
    if (app.deployment != null && r.version.equals(app.configVersion)) {
      app.deployment = app.deployment.failed(describe(s), STALL_AFTER);
    }
    save(app);
    LOG.info("service {}: instance {} ended {} ({}); next launch in {} ms", app.app.id(), r.taskId,
        s.getState(), s.getMessage(), Duration.between(now, app.launchNotBefore).toMillis());
  }

  /** New instances that failed this many times in a row, none ready, mark their deployment stalled. */
  static final int STALL_AFTER = 3;

  static String describe(Protos.TaskStatus s) {
    String what = s.getState().name() + (s.hasReason() ? " (" + s.getReason().name() + ")" : "");
    return s.getMessage().isEmpty() ? what : what + ": " + s.getMessage();
  }

  private void readyAgain(AppRecord app) {
    boolean changed = app.failures != 0;
    app.failures = 0;
    app.launchNotBefore = Instant.EPOCH;
    if (app.deployment != null && app.deployment.progressing() != app.deployment) {
      app.deployment = app.deployment.progressing();
      changed = true;
    }
    if (changed) {
      save(app);
    }
  }

  private void unreachable(AppRecord app, InstanceRecord r, Instant now) {
    if (r.unreachableSince != null) {
      return;
    }
    r.unreachableSince = now;
    var strategy = app.app.unreachableStrategy();
    if (!strategy.enabled()) {
      return;
    }
    Instant since = now;
    host.schedule(Duration.ofSeconds(strategy.inactiveAfterSeconds()), () -> {
      if (since.equals(r.unreachableSince) && byTask.get(r.taskId) == r) {
        r.inactive = true;
        step(app);
      }
    });
    host.schedule(Duration.ofSeconds(Math.max(strategy.inactiveAfterSeconds(), strategy.expungeAfterSeconds())), () -> {
      if (since.equals(r.unreachableSince) && byTask.get(r.taskId) == r) {
        LOG.info("service {}: instance {} unreachable since {}; expunged", app.app.id(), r.taskId, since);
        kill(r);
        forget(app, r);
        step(app);
      }
    });
  }

  private ObjectNode statusEvent(InstanceRecord r, Protos.TaskStatus s, Instant now) {
    ObjectNode e = ServiceEvents.event("status_update_event", now).put("slaveId", r.agentId).put("taskId", r.taskId)
        .put("taskStatus", r.state).put("message", s.getMessage()).put("appId", r.app.path()).put("host", r.host)
        .put("version", r.version);
    r.ports.forEach(e.putArray("ports")::add);
    return e;
  }

  // ------------------------------------------------------------------ planning

  /** One planning step for {@code app}: kills now, launches when offers come, a finished deployment ends. */
  void step(AppRecord app) {
    if (apps.get(app.app.id()) != app) {
      return;
    }
    Plan plan = ServicePlanner.plan(app.spec(), app.forPlanner());
    for (var task : plan.kill()) {
      InstanceRecord r = app.instances.get(task.value());
      if (r != null && !r.killing) {
        kill(r);
      }
    }
    app.wanted = plan.launch();
    Instant now = host.now();
    if (plan.complete() && app.deployment != null) {
      events.publish(ServiceEvents.event("deployment_success", now).put("id", app.deployment.id())
          .set("plan", app.deployment.toJson()));
      LOG.info("service {}: deployment {} ({}) finished", app.app.id(), app.deployment.id(), app.deployment.action());
      app.deployment = null;
      save(app);
    }
    if (app.removing && app.instances.isEmpty()) {
      apps.remove(app.app.id());
      host.persist(app.key(), "");
      events.publish(ServiceEvents.event("app_terminated_event", now).put("appId", app.app.id().path()));
      LOG.info("service {} removed", app.app.id());
      return;
    }
    if (app.wanted > 0) {
      if (now.isBefore(app.launchNotBefore)) {
        host.schedule(Duration.between(now, app.launchNotBefore), () -> step(app));
      } else {
        revive();
      }
    }
  }

  void kill(InstanceRecord r) {
    r.killing = true;
    Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(r.taskId));
    if (!r.agentId.isEmpty()) {
      kill.setAgentId(Protos.AgentID.newBuilder().setValue(r.agentId));
    }
    host.call(call(Call.Type.KILL).setKill(kill).build());
  }

  void forget(AppRecord app, InstanceRecord r) {
    app.instances.remove(r.taskId);
    byTask.remove(r.taskId);
    host.persist(r.key(), "");
  }

  void adopt(AppRecord app, InstanceRecord r) {
    app.instances.put(r.taskId, r);
    byTask.put(r.taskId, r);
    host.persist(r.key(), r.toJson());
  }

  void save(AppRecord app) {
    host.persist(app.key(), app.toJson());
  }

  private void revive() {
    if (suppressed) {
      reviveNow();
    }
  }

  /** Asks for offers again and drops this framework's filters (agents it declined come back at once). */
  void reviveNow() {
    if (subscribed) {
      suppressed = false;
      host.call(call(Call.Type.REVIVE).setRevive(Call.Revive.newBuilder().addRoles(role)).build());
    }
  }

  /** Stops offers while no app waits for a launch (100 steady services cost the allocator nothing). */
  void suppressIfIdle() {
    if (!suppressed && subscribed && apps.values().stream().noneMatch(a -> a.wanted > 0)) {
      suppressed = true;
      host.call(call(Call.Type.SUPPRESS).setSuppress(Call.Suppress.newBuilder().addRoles(role)).build());
    }
  }

  /** The agent of an offer, as constraints see it (hostname and attributes). */
  AgentInfo remember(Protos.Offer offer) {
    Map<String, String> attributes = new TreeMap<>();
    for (Protos.Attribute a : offer.getAttributesList()) {
      String value = switch (a.getType()) {
        case TEXT -> a.getText().getValue();
        case SCALAR -> Resources.formatMillis(Math.round(a.getScalar().getValue() * 1000));
        default -> a.toString();
      };
      attributes.put(a.getName(), value);
    }
    OsFamily os;
    try {
      os = OsFamily.parse(attributes.getOrDefault("os", "linux"));
    } catch (IllegalArgumentException e) {
      os = OsFamily.LINUX; // an os attribute Corral does not know: constraints still see its text
    }
    AgentInfo agent = new AgentInfo(AgentId.of(offer.getAgentId().getValue()), offer.getHostname(), os, null,
        attributes, Resources.EMPTY);
    agents.put(agent.id().value(), agent);
    return agent;
  }

  /** The agents of an app's instances (one entry per instance), for its constraints. */
  List<AgentInfo> placed(AppRecord app) {
    return app.instances.values().stream().filter(i -> !i.killing).map(i -> {
      AgentInfo known = host.agent(i.agentId);
      return known != null ? known : agents.get(i.agentId);
    }).filter(a -> a != null).toList();
  }
}
