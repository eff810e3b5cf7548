package io.corral.shell.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.core.service.ServiceId;
import io.corral.shell.client.ServiceApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a deployment stands, from one look at the service and {@code /v2/deployments}: done once
 * the deployment is no longer listed, stalled when the service says so, else a progress line.
 */
final class DeploymentProgress {
  sealed interface State permits Done, Stalled, Going {}

  record Done(String line) implements State {}

  record Stalled(String line, String why) implements State {}

  record Going(String line) implements State {}

  private DeploymentProgress() {}

  /** {@code app} is the service's JSON, null once it is gone (after remove). */
  static State assess(ServiceId id, String deploymentId, JsonNode app, List<JsonNode> deployments) {
    ServiceApp service = app == null ? null : ServiceApp.from(app);
    String line = line(id, service);
    JsonNode deployment = null;
    for (JsonNode d : deployments) {
      if (deploymentId.equals(d.path("id").asText())) {
        deployment = d;
      }
    }
    if (deployment == null) {
      return new Done(line);
    }
    ServiceApp.Deployment mine = service == null ? null : service.deployment(deploymentId);
    if (mine != null && mine.stalled() != null) {
      return new Stalled(line, mine.stalled());
    }
    String action = action(deployment, id);
    return new Going(line + "  (" + (action == null ? "" : action + ", ") + "deployment "
        + ServiceApp.shortDeploymentId(deploymentId) + ")");
  }

  /** {@code /web: 1/2 running, 1 healthy}, or {@code /web: removed} once it is gone. */
  static String line(ServiceId id, ServiceApp service) {
    if (service == null) {
      return id.path() + ": removed";
    }
    return id.path() + ": " + service.running() + "/" + service.instances() + " running"
        + (service.hasHealthChecks() ? ", " + service.healthy() + " healthy" : "")
        + (service.staged() > 0 ? ", " + service.staged() + " staged" : "");
  }

  /**
   * What a deployment does to {@code id} now, in words: {@code scale}, {@code restart}, {@code start},
   * {@code stop}, from the current actions' names ({@code ScaleApplication}); null when it says nothing.
   */
  static String action(JsonNode deployment, ServiceId id) {
    List<String> actions = new ArrayList<>();
    for (JsonNode a : deployment.path("currentActions")) {
      String app = a.path("app").asText(id.path());
      String word = words(a.path("action").asText());
      if (app.equals(id.path()) && !word.isEmpty() && !actions.contains(word)) {
        actions.add(word);
      }
    }
    return actions.isEmpty() ? null : String.join(", ", actions);
  }

  /** {@code ScaleApplication} is {@code scale}, {@code KillAllOldTasksOf} is {@code kill all old tasks of}. */
  static String words(String action) {
    String bare = action.replace("Application", "");
    StringBuilder out = new StringBuilder();
    for (char c : bare.toCharArray()) {
      if (Character.isUpperCase(c) && out.length() > 0) {
        out.append(' ');
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString().strip().toLowerCase(Locale.ROOT);
  }
}
