package io.corral.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The parts of a service's JSON ({@code /v2/apps}, Marathon's app object) the shell shows. */
public record ServiceApp(String id, int instances, int running, int healthy, int unhealthy, int staged, String version,
    String lastConfigChangeAt, double cpus, double mem, String cmd, String image, List<String> constraints,
    boolean hasHealthChecks, List<Deployment> deployments, List<Instance> tasks, Failure lastFailure) {

  /** A deployment of this service; {@code stalled} says why it does not progress (Corral's), or null. */
  public record Deployment(String id, String stalled) {}

  /** One instance: {@code healthy} is null when it has no health check results. */
  public record Instance(String id, String host, List<Integer> ports, String state, String startedAt, String stagedAt,
      String version, Boolean healthy) {}

  public record Failure(String taskId, String state, String message, String host, String timestamp) {}

  public static ServiceApp from(JsonNode app) {
    List<Deployment> deployments = new ArrayList<>();
    app.path("deployments").forEach(d -> deployments.add(new Deployment(d.path("id").asText(), text(d.path("stalled")))));
    List<Instance> tasks = new ArrayList<>();
    app.path("tasks").forEach(t -> tasks.add(instance(t)));
    List<String> constraints = new ArrayList<>();
    app.path("constraints").forEach(c -> {
      List<String> parts = new ArrayList<>();
      c.forEach(p -> parts.add(p.asText()));
      constraints.add(String.join(":", parts));
    });
    JsonNode f = app.path("lastTaskFailure");
    Failure failure = f.isObject() ? new Failure(text(f.path("taskId")), text(f.path("state")), text(f.path("message")),
        text(f.path("host")), text(f.path("timestamp"))) : null;
    String image = text(app.path("container").path("docker").path("image"));
    String cmd = text(app.path("cmd"));
    if (cmd == null && app.path("args").isArray() && !app.path("args").isEmpty()) {
      List<String> args = new ArrayList<>();
      app.path("args").forEach(a -> args.add(a.asText()));
      cmd = String.join(" ", args);
    }
    return new ServiceApp(app.path("id").asText(), app.path("instances").asInt(), app.path("tasksRunning").asInt(),
        app.path("tasksHealthy").asInt(), app.path("tasksUnhealthy").asInt(), app.path("tasksStaged").asInt(),
        text(app.path("version")), text(app.path("versionInfo").path("lastConfigChangeAt")),
        app.path("cpus").asDouble(), app.path("mem").asDouble(), cmd, image, constraints,
        app.path("healthChecks").isArray() && !app.path("healthChecks").isEmpty(), deployments, tasks, failure);
  }

  private static Instance instance(JsonNode t) {
    List<Integer> ports = new ArrayList<>();
    t.path("ports").forEach(p -> ports.add(p.asInt()));
    Boolean healthy = null;
    JsonNode results = t.path("healthCheckResults");
    if (results.isArray() && !results.isEmpty()) {
      healthy = true;
      for (JsonNode r : results) {
        healthy &= r.path("alive").asBoolean(false);
      }
    }
    return new Instance(t.path("id").asText(), text(t.path("host")), ports, text(t.path("state")),
        text(t.path("startedAt")), text(t.path("stagedAt")), text(t.path("version")), healthy);
  }

  /** The deployment {@code id} of this service, or null. */
  public Deployment deployment(String deploymentId) {
    return deployments.stream().filter(d -> d.id().equals(deploymentId)).findFirst().orElse(null);
  }

  /**
   * An instance's id as the shell shows it beside its output: the part after the service's name
   * ({@code web.3f2a9c1e-...} is {@code 3f2a9c1e}), at most 8 characters.
   */
  public static String shortTaskId(String taskId) {
    String rest = taskId.contains(".") ? taskId.substring(taskId.lastIndexOf('.') + 1) : taskId;
    if (rest.isEmpty()) {
      rest = taskId;
    }
    return rest.length() <= 8 ? rest : rest.substring(0, 8);
  }

  /** A deployment id as tables show it: its first 8 characters. */
  public static String shortDeploymentId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }

  private static String text(JsonNode node) {
    return node.isValueNode() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
