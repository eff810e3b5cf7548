package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.Instance;
import io.corral.core.service.ServiceSpec;
import io.corral.remote.services.app.AppDefinition;
import io.corral.remote.services.app.AppReader;
import io.corral.remote.services.app.AppWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One app as the scheduler keeps it: its definition and versions, the deployment under way, its
 * instances, and its launch backoff. Stored as JSON under {@code service/<id>} (the instances apart,
 * see {@link InstanceRecord}).
 */
final class AppRecord {
  static final String KEY_PREFIX = "service";
  /** Versions kept per app for {@code /v2/apps/{id}/versions} and rollbacks. */
  static final int MAX_VERSIONS = 25;

  AppDefinition app;
  /** The version of the configuration: a change of instances alone keeps it (Marathon's lastConfigChangeAt). */
  String configVersion;
  /** The newest version of any kind (Marathon's {@code version}). */
  String version;
  String lastScalingAt;
  /** Earlier versions, newest first, each the definition as it was then. */
  final LinkedHashMap<String, AppDefinition> history = new LinkedHashMap<>();
  Deployment deployment;
  boolean removing;
  final Map<String, InstanceRecord> instances = new TreeMap<>();
  int failures;
  Instant launchNotBefore = Instant.EPOCH;
  ObjectNode lastTaskFailure;
  /** Why offers did not fit its waiting instances. */
  final Rejections rejections = new Rejections();
  /** Launches the planner wants now (waiting for offers or backoff). */
  int wanted;

  AppRecord(AppDefinition app, String version) {
    this.app = app;
    this.configVersion = version;
    this.version = version;
    this.lastScalingAt = version;
  }

  String key() {
    return KEY_PREFIX + app.id().path();
  }

  ServiceSpec spec() {
    return removing ? app.withInstances(0).spec(configVersion) : app.spec(configVersion);
  }

  List<Instance> forPlanner() {
    List<Instance> out = new ArrayList<>(instances.size());
    instances.values().forEach(i -> out.add(i.forPlanner()));
    return out;
  }

  /** The definition at {@code v}: the current one or one from the history. */
  AppDefinition at(String v) {
    return v.equals(version) || v.equals(configVersion) ? app : history.get(v);
  }

  /** Remembers the current definition in the history and makes {@code next} current. */
  void change(AppDefinition next, String newVersion, boolean configChange) {
    LinkedHashMap<String, AppDefinition> older = new LinkedHashMap<>(history);
    history.clear();
    history.put(version, app);
    older.forEach((v, a) -> {
      if (history.size() < MAX_VERSIONS - 1) {
        history.putIfAbsent(v, a);
      }
    });
    app = next;
    version = newVersion;
    if (configChange) {
      configVersion = newVersion;
    } else {
      lastScalingAt = newVersion;
    }
  }

  String toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("app", AppWriter.write(app));
    n.put("version", version).put("configVersion", configVersion).put("lastScalingAt", lastScalingAt)
        .put("removing", removing).put("failures", failures);
    ArrayNode h = n.putArray("history");
    history.forEach((v, a) -> h.addObject().put("version", v).set("app", AppWriter.write(a)));
    if (deployment != null) {
      n.set("deployment", deployment.toJson());
    }
    if (lastTaskFailure != null) {
      n.set("lastTaskFailure", lastTaskFailure);
    }
    return n.toString();
  }

  static AppRecord fromJson(JsonNode n) {
    AppRecord r = new AppRecord(AppReader.read(n.path("app")), n.path("version").asText());
    r.configVersion = n.path("configVersion").asText(r.version);
    r.lastScalingAt = n.path("lastScalingAt").asText(r.version);
    r.removing = n.path("removing").asBoolean();
    r.failures = n.path("failures").asInt();
    n.path("history").forEach(h -> r.history.put(h.path("version").asText(), AppReader.read(h.path("app"))));
    if (n.hasNonNull("deployment")) {
      r.deployment = Deployment.fromJson(n.get("deployment"));
    }
    if (n.get("lastTaskFailure") instanceof ObjectNode failure) {
      r.lastTaskFailure = failure;
    }
    return r;
  }
}
