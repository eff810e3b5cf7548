package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.model.TaskId;
import io.corral.core.service.Instance;
import io.corral.core.service.ServiceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of an app: its task, the version it was launched with, where it runs, and what its
 * task last reported. Stored (key {@code service-instance/<task id>}) in the burst that launches
 * it, and again when it starts running or its health changes: a master that takes over knows at
 * once which instances were running and healthy, before any agent has re-registered with it, so a
 * deployment under way never mistakes a healthy old instance for one that is not ready.
 */
final class InstanceRecord {
  static final String KEY_PREFIX = "service-instance/";

  final String taskId;
  final ServiceId app;
  final String version;
  final String agentId;
  final String host;
  final List<Integer> ports;
  final Instant stagedAt;
  Instant startedAt;
  /** The Mesos state last reported, e.g. {@code TASK_RUNNING}. */
  String state = "TASK_STAGING";
  Instance.Health health = Instance.Health.UNKNOWN;
  Instant healthChangedAt;
  boolean killing;
  Instant unreachableSince;
  boolean inactive;

  InstanceRecord(String taskId, ServiceId app, String version, String agentId, String host, List<Integer> ports,
      Instant stagedAt) {
    this.taskId = taskId;
    this.app = app;
    this.version = version;
    this.agentId = agentId;
    this.host = host;
    this.ports = List.copyOf(ports);
    this.stagedAt = stagedAt;
  }

  Instance forPlanner() {
    Instance.Phase phase;
    if (killing) {
      phase = Instance.Phase.KILLING;
    } else if (inactive) {
      phase = Instance.Phase.INACTIVE;
    } else if (unreachableSince != null) {
      phase = Instance.Phase.UNREACHABLE;
    } else if ("TASK_RUNNING".equals(state)) {
      phase = Instance.Phase.RUNNING;
    } else {
      phase = Instance.Phase.STARTING;
    }
    return new Instance(TaskId.of(taskId), version, phase, health, stagedAt);
  }

  boolean running() {
    return "TASK_RUNNING".equals(state) && unreachableSince == null;
  }

  String key() {
    return KEY_PREFIX + taskId;
  }

  String toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("app", app.path()).put("version", version).put("agentId", agentId).put("host", host)
        .put("stagedAt", stagedAt.toString());
    ports.forEach(n.putArray("ports")::add);
    n.put("state", state).put("health", health.name());
    if (startedAt != null) {
      n.put("startedAt", startedAt.toString());
    }
    if (healthChangedAt != null) {
      n.put("healthChangedAt", healthChangedAt.toString());
    }
    return n.toString();
  }

  static InstanceRecord fromJson(String taskId, JsonNode n) {
    List<Integer> ports = new ArrayList<>();
    n.path("ports").forEach(p -> ports.add(p.asInt()));
    InstanceRecord r = new InstanceRecord(taskId, ServiceId.of(n.path("app").asText()), n.path("version").asText(),
        n.path("agentId").asText(), n.path("host").asText(), ports, Instant.parse(n.path("stagedAt").asText()));
    r.state = n.path("state").asText(r.state);
    r.health = Instance.Health.valueOf(n.path("health").asText(Instance.Health.UNKNOWN.name()));
    if (n.hasNonNull("startedAt")) {
      r.startedAt = Instant.parse(n.get("startedAt").asText());
    }
    if (n.hasNonNull("healthChangedAt")) {
      r.healthChangedAt = Instant.parse(n.get("healthChangedAt").asText());
    }
    return r;
  }
}
