package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.Instance;
import io.corral.core.service.ServiceId;
import io.corral.remote.services.app.AppDefinition;
import io.corral.remote.services.app.AppWriter;
import java.time.Duration;
import java.time.Instant;

/** Apps, instances, deployments and the launch queue as Marathon's {@code /v2} renders them. */
public final class ServiceViews {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final ServiceScheduler scheduler;

  ServiceViews(ServiceScheduler scheduler) {
    this.scheduler = scheduler;
  }

  public ArrayNode apps(boolean withTasks) {
    ArrayNode out = NODES.arrayNode();
    scheduler.apps.values().stream().filter(a -> !a.removing).forEach(a -> out.add(app(a, withTasks)));
    return out;
  }

  public ObjectNode app(ServiceId id) {
    return app(record(id), true);
  }

  private AppRecord record(ServiceId id) {
    AppRecord r = scheduler.apps.get(id);
    if (r == null || r.removing) {
      throw ServiceException.notFound(id.path());
    }
    return r;
  }

  private ObjectNode app(AppRecord r, boolean withTasks) {
    ObjectNode n = AppWriter.write(r.app);
    n.put("version", r.version);
    n.putObject("versionInfo").put("lastScalingAt", r.lastScalingAt).put("lastConfigChangeAt", r.configVersion);
    boolean checked = !r.app.healthChecks().isEmpty();
    int staged = 0;
    int running = 0;
    int healthy = 0;
    int unhealthy = 0;
    for (InstanceRecord i : r.instances.values()) {
      if (i.running()) {
        running++;
      } else if (!i.inactive && i.unreachableSince == null) {
        staged++;
      }
      if (checked && i.health == Instance.Health.HEALTHY) {
        healthy++;
      } else if (checked && i.health == Instance.Health.UNHEALTHY) {
        unhealthy++;
      }
    }
    n.put("tasksStaged", staged).put("tasksRunning", running).put("tasksHealthy", healthy)
        .put("tasksUnhealthy", unhealthy);
    ArrayNode deployments = n.putArray("deployments");
    if (r.deployment != null) {
      ObjectNode d = deployments.addObject().put("id", r.deployment.id());
      if (r.deployment.stalled() != null) {
        d.put("stalled", r.deployment.stalled());
      }
    }
    if (r.lastTaskFailure != null) {
      n.set("lastTaskFailure", r.lastTaskFailure);
    }
    if (withTasks) {
      ArrayNode tasks = n.putArray("tasks");
      r.instances.values().forEach(i -> tasks.add(task(i, checked)));
    }
    return n;
  }

  public ArrayNode tasks(ServiceId id) {
    AppRecord r = record(id);
    ArrayNode out = NODES.arrayNode();
    r.instances.values().forEach(i -> out.add(task(i, !r.app.healthChecks().isEmpty())));
    return out;
  }

  public ArrayNode tasks() {
    ArrayNode out = NODES.arrayNode();
    scheduler.apps.values().forEach(r -> r.instances.values()
        .forEach(i -> out.add(task(i, !r.app.healthChecks().isEmpty()))));
    return out;
  }

  static ObjectNode task(InstanceRecord i, boolean checked) {
    ObjectNode t = NODES.objectNode().put("id", i.taskId).put("appId", i.app.path()).put("host", i.host)
        .put("slaveId", i.agentId).put("state", i.state).put("stagedAt", AppWriter.timestamp(i.stagedAt))
        .put("version", i.version);
    if (i.startedAt != null) {
      t.put("startedAt", AppWriter.timestamp(i.startedAt));
    }
    i.ports.forEach(t.putArray("ports")::add);
    ArrayNode results = t.putArray("healthCheckResults");
    if (checked && i.health != Instance.Health.UNKNOWN) {
      ObjectNode h = results.addObject().put("alive", i.health == Instance.Health.HEALTHY)
          .put("taskId", i.taskId).put("instanceId", i.taskId).put("consecutiveFailures", 0);
      String at = i.healthChangedAt == null ? null : AppWriter.timestamp(i.healthChangedAt);
      h.put(i.health == Instance.Health.HEALTHY ? "lastSuccess" : "lastFailure", at);
    }
    return t;
  }

  public ArrayNode deployments() {
    ArrayNode out = NODES.arrayNode();
    for (AppRecord r : scheduler.apps.values()) {
      Deployment d = r.deployment;
      if (d == null) {
        continue;
      }
      ObjectNode n = out.addObject().put("id", d.id()).put("version", r.version);
      n.putArray("affectedApps").add(d.app().path());
      n.putArray("affectedPods");
      ObjectNode action = NODES.objectNode().put("action", d.action()).put("app", d.app().path());
      n.putArray("steps").addObject().putArray("actions").add(action);
      n.putArray("currentActions").add(action.deepCopy().set("readinessCheckResults", NODES.arrayNode()));
      n.put("currentStep", 1).put("totalSteps", 1);
      if (d.stalled() != null) {
        n.put("stalled", d.stalled());
      }
    }
    return out;
  }

  public ObjectNode versions(ServiceId id) {
    AppRecord r = record(id);
    ObjectNode out = NODES.objectNode();
    ArrayNode versions = out.putArray("versions").add(r.version);
    r.history.keySet().forEach(versions::add);
    return out;
  }

  public ObjectNode version(ServiceId id, String version) {
    AppRecord r = record(id);
    AppDefinition at = r.at(version);
    if (at == null) {
      throw ServiceException.of(404, "App '" + id + "' has no version '" + version + "'");
    }
    return AppWriter.write(at).put("version", version);
  }

  /** Marathon's launch queue: apps waiting for instances, with Corral's reasons why offers did not fit. */
  public ObjectNode queue() {
    ObjectNode out = NODES.objectNode();
    ArrayNode queue = out.putArray("queue");
    Instant now = scheduler.host.now();
    for (AppRecord r : scheduler.apps.values()) {
      if (r.wanted <= 0 || r.removing) {
        continue;
      }
      ObjectNode q = queue.addObject().put("count", r.wanted);
      q.set("app", app(r, false));
      long left = Math.max(0, Duration.between(now, r.launchNotBefore).toSeconds());
      q.putObject("delay").put("timeLeftSeconds", left).put("overdue", left == 0);
      ArrayNode reasons = q.putArray("lastRejections");
      r.rejections.lines().forEach(reasons::add);
    }
    return out;
  }
}
