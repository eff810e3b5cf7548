package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.ServiceId;
import java.time.Instant;

/**
 * A change of one app under way: which version it leads to, from which, and why. It ends when the
 * planner finds the app complete. {@code stalled} says why it cannot go on (new instances keep
 * failing); it clears when one becomes ready.
 *
 * @param action Marathon's step action: StartApplication, ScaleApplication, RestartApplication, StopApplication
 */
record Deployment(String id, ServiceId app, String version, String fromVersion, String action, Instant startedAt,
    int failures, String stalled) {

  Deployment failed(String why, int stallAfter) {
    int count = failures + 1;
    return new Deployment(id, app, version, fromVersion, action, startedAt, count,
        count >= stallAfter ? count + " new instances failed; the last: " + why : stalled);
  }

  Deployment progressing() {
    return failures == 0 && stalled == null ? this
        : new Deployment(id, app, version, fromVersion, action, startedAt, 0, null);
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", id).put("app", app.path()).put("version", version).put("action", action)
        .put("startedAt", startedAt.toString()).put("failures", failures);
    if (fromVersion != null) {
      n.put("fromVersion", fromVersion);
    }
    if (stalled != null) {
      n.put("stalled", stalled);
    }
    return n;
  }

  static Deployment fromJson(JsonNode n) {
    return new Deployment(n.path("id").asText(), ServiceId.of(n.path("app").asText()), n.path("version").asText(),
        n.hasNonNull("fromVersion") ? n.get("fromVersion").asText() : null, n.path("action").asText(),
        Instant.parse(n.path("startedAt").asText()), n.path("failures").asInt(),
        n.hasNonNull("stalled") ? n.get("stalled").asText() : null);
  }
}
