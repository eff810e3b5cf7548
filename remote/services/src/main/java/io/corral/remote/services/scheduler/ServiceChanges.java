package io.corral.remote.services.scheduler;

import io.corral.core.service.ServiceId;
import io.corral.remote.services.app.AppDefinition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators ask of services (through {@code /v2}): create, change, scale, restart, roll back,
 * remove, kill instances, cancel a deployment. Each change is a new version of the app and starts
 * a deployment; an app with a deployment under way takes another change only with {@code force}
 * (Marathon's 409 otherwise). On the master's loop, like the scheduler.
 */
public final class ServiceChanges {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceChanges.class);
  private final ServiceScheduler scheduler;

  ServiceChanges(ServiceScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** A started deployment: the app's new version and the deployment's id. */
  public record Started(String version, String deploymentId) {}

  /** The app's definition, or null when there is no such app (or it is being removed). */
  public AppDefinition current(ServiceId id) {
    AppRecord r = scheduler.apps.get(id);
    return r == null || r.removing ? null : r.app;
  }

  public Started create(AppDefinition app) {
    AppRecord existing = scheduler.apps.get(app.id());
    if (existing != null) {
      throw ServiceException.of(409, existing.removing
          ? "An app with id [" + app.id() + "] is being removed; try again when it is gone."
          : "An app with id [" + app.id() + "] already exists.");
    }
    String version = newVersion(null);
    AppRecord r = new AppRecord(app, version);
    scheduler.apps.put(app.id(), r);
    LOG.info("service {} created: {} instances", app.id(), app.instances());
    return deploy(r, "StartApplication", null);
  }

  /** Replaces the app's definition (the caller merged a partial update already). */
  public Started update(AppDefinition next, boolean force) {
    AppRecord r = existing(next.id());
    unlocked(r, force);
    boolean configChange = !next.withInstances(0).equals(r.app.withInstances(0));
    if (!configChange && next.instances() == r.app.instances()) {
      // Nothing changes: Marathon still answers with a deployment; this one ends at once.
      r.change(next, newVersion(r), false);
      return deploy(r, "ScaleApplication", r.configVersion);
    }
    String from = r.configVersion;
    String running = configChange ? runningConfiguration(r, next) : null;
    r.change(next, newVersion(r), configChange);
    if (running != null) {
      // Back to a configuration some instances still run (a rollback): they are current again and
      // stay; only the others are replaced.
      r.configVersion = running;
    }
    LOG.info("service {} {}", next.id(), configChange ? "changed: version " + r.configVersion
        : "scaled to " + next.instances());
    return deploy(r, configChange ? "RestartApplication" : "ScaleApplication", from);
  }

  /** The version of a configuration equal to {@code next}'s that instances of {@code r} still run, or null. */
  private static String runningConfiguration(AppRecord r, AppDefinition next) {
    AppDefinition wanted = next.withInstances(0);
    for (InstanceRecord i : r.instances.values()) {
      AppDefinition at = r.at(i.version);
      if (!i.killing && at != null && at.withInstances(0).equals(wanted)) {
        return i.version;
      }
    }
    return null;
  }

  public Started scale(ServiceId id, int instances, boolean force) {
    return update(existing(id).app.withInstances(instances), force);
  }

  public Started restart(ServiceId id, boolean force) {
    AppRecord r = existing(id);
    unlocked(r, force);
    String from = r.configVersion;
    r.change(r.app, newVersion(r), true);
    LOG.info("service {} restarting: version {}", id, r.configVersion);
    return deploy(r, "RestartApplication", from);
  }

  /** Back to {@code version}, or without one to the configuration before the current one. */
  public Started rollback(ServiceId id, String version, boolean force) {
    AppRecord r = existing(id);
    AppDefinition target;
    if (version != null) {
      target = r.at(version);
      if (target == null) {
        throw ServiceException.of(404, "App '" + id + "' has no version '" + version + "'");
      }
    } else {
      target = r.history.entrySet().stream().filter(e -> !e.getValue().withInstances(0).equals(r.app.withInstances(0)))
          .map(Map.Entry::getValue).findFirst()
          .orElseThrow(() -> ServiceException.of(409, "App '" + id + "' has no earlier configuration to roll back to"));
    }
    return update(target, force);
  }

  public Started remove(ServiceId id, boolean force) {
    AppRecord r = existing(id);
    unlocked(r, force);
    r.removing = true;
    LOG.info("service {} removing: {} instances to stop", id, r.instances.size());
    return deploy(r, "StopApplication", r.configVersion);
  }

  /**
   * Kills instances of an app; with {@code scale} the app's instances go down by as many (a new
   * version and a scale deployment), without it they are replaced.
   */
  public List<String> killInstances(ServiceId id, List<String> taskIds, boolean scale, boolean force) {
    AppRecord r = existing(id);
    List<InstanceRecord> found = new ArrayList<>();
    for (String t : taskIds) {
      InstanceRecord i = r.instances.get(t);
      if (i == null) {
        throw ServiceException.of(404, "Task '" + t + "' does not exist");
      }
      found.add(i);
    }
    if (scale) {
      unlocked(r, force);
      update(r.app.withInstances(Math.max(0, r.app.instances() - found.size())), force);
    }
    found.forEach(scheduler::kill);
    scheduler.step(r);
    return found.stream().map(i -> i.taskId).toList();
  }

  /** Marathon's DELETE of a deployment: rolled back by a new deployment, or with {@code force} just dropped. */
  public Started cancelDeployment(String deploymentId, boolean force) {
    AppRecord r = scheduler.apps.values().stream()
        .filter(a -> a.deployment != null && a.deployment.id().equals(deploymentId)).findFirst()
        .orElseThrow(() -> ServiceException.of(404, "DeploymentPlan " + deploymentId + " does not exist"));
    Deployment d = r.deployment;
    if (force) {
      r.deployment = null;
      scheduler.save(r);
      LOG.info("service {}: deployment {} cancelled", r.app.id(), deploymentId);
      return null;
    }
    if (r.removing) {
      r.removing = false;
      return deploy(r, "StartApplication", r.configVersion);
    }
    AppDefinition back = d.fromVersion() == null ? null : r.at(d.fromVersion());
    if (back == null) {
      throw ServiceException.of(409, "Deployment " + deploymentId + " started the app; remove the app instead");
    }
    return update(back, true);
  }

  private AppRecord existing(ServiceId id) {
    AppRecord r = scheduler.apps.get(id);
    if (r == null || r.removing) {
      throw ServiceException.notFound(id.path());
    }
    return r;
  }

  private static void unlocked(AppRecord r, boolean force) {
    if (r.deployment != null && !force) {
      var body = ServiceException.of(409, "App is locked by one or more deployments. Override with the option"
          + " '?force=true'. View details at '/v2/deployments/" + r.deployment.id() + "'.").body();
      body.putArray("deployments").addObject().put("id", r.deployment.id());
      throw new ServiceException(409, body);
    }
  }

  private Started deploy(AppRecord r, String action, String fromVersion) {
    Instant now = scheduler.host.now();
    r.failures = 0;
    r.launchNotBefore = Instant.EPOCH;
    r.rejections.clear();
    r.deployment = new Deployment(UUID.randomUUID().toString(), r.app.id(), r.version, fromVersion, action, now, 0,
        null);
    scheduler.save(r);
    scheduler.events.publish(ServiceEvents.event("deployment_info", now).put("id", r.deployment.id())
        .set("plan", r.deployment.toJson()));
    String id = r.deployment.id();
    String version = r.version;
    scheduler.step(r);
    if (r.wanted > 0) {
      scheduler.reviveNow(); // agents declined before this change may fit it now
    }
    scheduler.suppressIfIdle();
    return new Started(version, id);
  }

  /** A version after every earlier one of the app: the time, in milliseconds, as Marathon writes it. */
  private String newVersion(AppRecord r) {
    Instant now = scheduler.host.now().truncatedTo(ChronoUnit.MILLIS);
    if (r != null) {
      Instant last = Instant.parse(r.version);
      if (!now.isAfter(last)) {
        now = last.plusMillis(1);
      }
    }
    return VERSION.format(now);
  }

  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
}
