package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.core.service.Plan;
import io.corral.core.service.ServiceId;
import io.corral.core.service.ServicePlanner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 * it reconciles the instances it knows, and none is launched twice. Updates are read by
 * {@link InstanceUpdates}, offers matched by {@link OfferMatcher}, operators' changes made by
 * {@link ServiceChanges}.
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
  private final OfferMatcher offers;
  private final InstanceUpdates updates = new InstanceUpdates(this);
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
      case UPDATE -> updates.apply(event.getUpdate().getStatus());
      case ERROR -> LOG.error("service scheduler: {}", event.getError().getMessage());
      default -> LOG.trace("service scheduler: {}", event.getType());
    }
  }

  private void subscribed() {
    subscribed = true;
    suppressed = false;
    unconfirmed.clear();
    unconfirmed.addAll(byTask.keySet());
    reconcile();
    host.call(call(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()).build());
    apps.values().forEach(this::step);
    suppressIfIdle();
    int generation = ++subscriptions;
    host.schedule(RECONCILE_EVERY, () -> reconcileEvery(generation));
    host.schedule(FIRST_CONFIRMATION, () -> confirm(generation, FIRST_CONFIRMATION));
  }

  /**
   * Instances not heard of since subscribing. The master stays silent about tasks on agents that
   * have not re-registered with it yet (after a failover), so they are asked about again, at
   * growing intervals, until each has answered (Mesos' reconciliation with backoff).
   */
  private final Set<String> unconfirmed = new HashSet<>();
  private static final Duration FIRST_CONFIRMATION = Duration.ofSeconds(5);

  private void confirm(int generation, Duration wait) {
    unconfirmed.retainAll(byTask.keySet());
    if (generation != subscriptions || unconfirmed.isEmpty()) {
      return;
    }
    Call.Reconcile.Builder ask = Call.Reconcile.newBuilder();
    unconfirmed.forEach(t -> ask.addTasks(Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(t))));
    host.call(call(Call.Type.RECONCILE).setReconcile(ask).build());
    Duration next = wait.multipliedBy(2).compareTo(RECONCILE_EVERY) > 0 ? RECONCILE_EVERY : wait.multipliedBy(2);
    host.schedule(next, () -> confirm(generation, next));
  }

  /** An instance's task was heard of (any update or answer). */
  void confirmed(String taskId) {
    unconfirmed.remove(taskId);
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
}
