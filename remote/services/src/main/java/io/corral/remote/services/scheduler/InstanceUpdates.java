package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.Instance;
import java.time.Duration;
import java.time.Instant;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an instance's status updates mean for its app: acknowledged at once; a start, a health
 * change or a cut-off agent noted (and stored when it changes what a new master must know); an end
 * forgets the instance and, unless the scheduler asked for it, counts as a failure for the launch
 * backoff and the deployment under way. Every update is followed by a planning step.
 */
final class InstanceUpdates {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceUpdates.class);
  /** New instances that failed this many times in a row, none ready, mark their deployment stalled. */
  static final int STALL_AFTER = 3;
  private final ServiceScheduler scheduler;

  InstanceUpdates(ServiceScheduler scheduler) {
    this.scheduler = scheduler;
  }

  void apply(Protos.TaskStatus s) {
    if (s.hasUuid()) {
      scheduler.host.call(ServiceScheduler.call(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(s.getAgentId())
          .setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
    }
    String taskId = s.getTaskId().getValue();
    scheduler.confirmed(taskId);
    InstanceRecord r = scheduler.byTask.get(taskId);
    boolean terminal = terminal(s.getState());
    if (r == null) {
      if (!terminal && s.getState() != Protos.TaskState.TASK_UNKNOWN) {
        LOG.warn("service scheduler: task {} is not an instance of any app; killing it", taskId);
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(s.getTaskId());
        if (s.hasAgentId()) {
          kill.setAgentId(s.getAgentId());
        }
        scheduler.host.call(ServiceScheduler.call(Call.Type.KILL).setKill(kill).build());
      }
      return;
    }
    AppRecord app = scheduler.apps.get(r.app);
    String before = r.state;
    Instance.Health healthBefore = r.health;
    Instant now = scheduler.host.now();
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
          scheduler.events.publish(ServiceEvents.event("health_status_changed_event", now).put("appId", r.app.path())
              .put("taskId", r.taskId).put("instanceId", r.taskId).put("version", r.version)
              .put("alive", s.getHealthy()));
        }
      }
      if (r.version.equals(app.configVersion) && r.forPlanner().ready(app.spec().healthChecked())) {
        readyAgain(app);
      }
      if (!r.state.equals(before) || r.health != healthBefore) {
        scheduler.host.persist(r.key(), r.toJson());
      }
    }
    if (!r.state.equals(before) || terminal) {
      scheduler.events.publish(statusEvent(r, s, now));
    }
    scheduler.step(app);
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
    scheduler.forget(app, r);
    boolean asked = r.killing && s.getState() == Protos.TaskState.TASK_KILLED;
    if (asked) {
      return;
    }
    // A failure: the next launch waits (Marathon's backoff), and a deployment counts it.
    app.failures++;
    app.launchNotBefore = now.plus(app.app.backoff().delayAfter(app.failures));
    app.lastTaskFailure = scheduler.events.failure(r, s, now);
    if (app.deployment != null && r.version.equals(app.configVersion)) {
      app.deployment = app.deployment.failed(describe(s), STALL_AFTER);
    }
    scheduler.save(app);
    LOG.info("service {}: instance {} ended {} ({}); next launch in {} ms", app.app.id(), r.taskId,
        s.getState(), s.getMessage(), Duration.between(now, app.launchNotBefore).toMillis());
  }

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
      scheduler.save(app);
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
    scheduler.host.schedule(Duration.ofSeconds(strategy.inactiveAfterSeconds()), () -> {
      if (since.equals(r.unreachableSince) && scheduler.byTask.get(r.taskId) == r) {
        r.inactive = true;
        scheduler.step(app);
      }
    });
    scheduler.host.schedule(Duration.ofSeconds(Math.max(strategy.inactiveAfterSeconds(), strategy.expungeAfterSeconds())), () -> {
      if (since.equals(r.unreachableSince) && scheduler.byTask.get(r.taskId) == r) {
        LOG.info("service {}: instance {} unreachable since {}; expunged", app.app.id(), r.taskId, since);
        scheduler.kill(r);
        scheduler.forget(app, r);
        scheduler.step(app);
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
}
