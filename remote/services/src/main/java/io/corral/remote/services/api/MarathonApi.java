package io.corral.remote.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.ServiceId;
import io.corral.remote.services.app.AppDefinition;
import io.corral.remote.services.app.AppReader;
import io.corral.remote.services.app.InvalidAppException;
import io.corral.remote.services.scheduler.ServiceChanges;
import io.corral.remote.services.scheduler.ServiceException;
import io.corral.remote.services.scheduler.ServiceScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Marathon's REST API ({@code /v2}) over the service scheduler, without a transport: the master's
 * HTTP front hands each request in on its loop and writes the reply once the burst is committed.
 * Status codes and bodies are Marathon's: 201 on create, 404 {@code {"message": "App '/x' does not
 * exist"}}, 409 when a deployment is in the way, 422 with {@code details} for an invalid app.
 */
public final class MarathonApi {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final ServiceScheduler scheduler;
  private final Map<String, String> info;

  /** {@code info}: what {@code /v2/info} tells of the host (version, leader, framework id...). */
  public MarathonApi(ServiceScheduler scheduler, Map<String, String> info) {
    this.scheduler = scheduler;
    this.info = Map.copyOf(info);
  }

  public ApiReply handle(ApiRequest request) {
    try {
      return route(request);
    } catch (ServiceException e) {
      return ApiReply.of(e.status(), e.body());
    } catch (InvalidAppException e) {
      return ApiReply.of(e.malformed() ? 400 : 422, e.marathonBody());
    } catch (IllegalArgumentException e) {
      return message(400, e.getMessage());
    }
  }

  private ApiReply route(ApiRequest r) {
    String path = r.path();
    if (path.equals("/v2/apps") || path.equals("/v2/apps/")) {
      return switch (r.method()) {
        case "GET" -> ApiReply.of(200, NODES.objectNode().set("apps", apps(r)));
        case "POST" -> create(r);
        default -> notAllowed(r);
      };
    }
    if (path.startsWith("/v2/apps/")) {
      return app(r, path.substring("/v2/apps".length()));
    }
    if (path.equals("/v2/deployments")) {
      return r.method().equals("GET") ? ApiReply.of(200, scheduler.views().deployments()) : notAllowed(r);
    }
    if (path.startsWith("/v2/deployments/")) {
      if (!r.method().equals("DELETE")) {
        return notAllowed(r);
      }
      ServiceChanges.Started s = scheduler.changes().cancelDeployment(path.substring("/v2/deployments/".length()),
          r.flag("force", false));
      return s == null ? ApiReply.of(202, NODES.objectNode()) : started(200, s);
    }
    return switch (path) {
      case "/v2/tasks" -> r.method().equals("GET")
          ? ApiReply.of(200, NODES.objectNode().set("tasks", scheduler.views().tasks())) : notAllowed(r);
      case "/v2/tasks/delete" -> r.method().equals("POST") ? deleteTasks(r) : notAllowed(r);
      case "/v2/queue" -> r.method().equals("GET") ? ApiReply.of(200, scheduler.views().queue()) : notAllowed(r);
      case "/v2/info" -> ApiReply.of(200, info());
      case "/v2/leader" -> ApiReply.of(200, NODES.objectNode().put("leader", info.getOrDefault("leader", "")));
      case "/v2/groups", "/v2/groups/" -> ApiReply.of(200, groups());
      default -> message(404, "no such endpoint: " + path);
    };
  }

  private ArrayNode apps(ApiRequest r) {
    String embed = r.query().getOrDefault("embed", "");
    ArrayNode all = scheduler.views().apps(embed.contains("apps.tasks"));
    String prefix = r.query().get("id");
    String cmd = r.query().get("cmd");
    ArrayNode out = NODES.arrayNode();
    for (JsonNode app : all) {
      if (prefix != null && !app.path("id").asText().contains(prefix)) {
        continue;
      }
      if (cmd != null && !app.path("cmd").asText().contains(cmd)) {
        continue;
      }
      out.add(app);
    }
    return out;
  }

  private ApiReply create(ApiRequest r) {
    AppDefinition app = AppReader.read(r.body(), r.contentType());
    ServiceChanges.Started s = scheduler.changes().create(app);
    ObjectNode body = scheduler.views().app(app.id());
    return new ApiReply(201, body, Map.of("Location", "/v2/apps" + app.id().path(), "Marathon-Deployment-Id",
        s.deploymentId()));
  }

  private ApiReply app(ApiRequest r, String rest) {
    String[] sub = {"/restart", "/rollback", "/tasks", "/versions"};
    for (String s : sub) {
      int at = rest.lastIndexOf(s);
      if (at > 0 && (rest.endsWith(s) || rest.startsWith(s + "/", at))) {
        ServiceId id = ServiceId.of(rest.substring(0, at));
        String tail = rest.substring(at + s.length());
        return appPart(r, id, s, tail.startsWith("/") ? tail.substring(1) : tail);
      }
    }
    ServiceId id = ServiceId.of(rest);
    return switch (r.method()) {
      case "GET" -> ApiReply.of(200, NODES.objectNode().set("app", scheduler.views().app(id)));
      case "PUT", "PATCH" -> put(r, id);
      case "DELETE" -> started(200, scheduler.changes().remove(id, r.flag("force", false)));
      default -> notAllowed(r);
    };
  }

  private ApiReply appPart(ApiRequest r, ServiceId id, String part, String tail) {
    boolean force = r.flag("force", false);
    switch (part) {
      case "/restart" -> {
        return r.method().equals("POST") ? started(200, scheduler.changes().restart(id, force)) : notAllowed(r);
      }
      case "/rollback" -> {
        return r.method().equals("POST") ? started(200, scheduler.changes().rollback(id, null, force)) : notAllowed(r);
      }
      case "/versions" -> {
        if (!r.method().equals("GET")) {
          return notAllowed(r);
        }
        return ApiReply.of(200, tail.isEmpty() ? scheduler.views().versions(id) : scheduler.views().version(id, tail));
      }
      default -> {
        return tasks(r, id, tail);
      }
    }
  }

  private ApiReply tasks(ApiRequest r, ServiceId id, String taskId) {
    if (r.method().equals("GET") && taskId.isEmpty()) {
      return ApiReply.of(200, NODES.objectNode().set("tasks", scheduler.views().tasks(id)));
    }
    if (!r.method().equals("DELETE")) {
      return notAllowed(r);
    }
    List<String> ids = new ArrayList<>();
    if (!taskId.isEmpty()) {
      ids.add(taskId);
    } else {
      String host = r.query().get("host");
      for (JsonNode t : scheduler.views().tasks(id)) {
        if (host == null || host.equals("*") || host.equals(t.path("host").asText())) {
          ids.add(t.path("id").asText());
        }
      }
    }
    ArrayNode before = NODES.arrayNode();
    for (JsonNode t : scheduler.views().tasks(id)) {
      if (ids.contains(t.path("id").asText())) {
        before.add(t);
      }
    }
    boolean scale = r.flag("scale", false);
    scheduler.changes().killInstances(id, ids, scale, r.flag("force", false));
    if (scale) {
      ObjectNode app = scheduler.views().app(id);
      return ApiReply.of(200, NODES.objectNode().put("version", app.path("version").asText())
          .put("deploymentId", app.path("deployments").path(0).path("id").asText()));
    }
    return ApiReply.of(200, taskId.isEmpty() ? NODES.objectNode().set("tasks", before)
        : NODES.objectNode().set("task", before.path(0)));
  }

  private ApiReply deleteTasks(ApiRequest r) {
    JsonNode body = AppReader.parse(new String(r.body(), StandardCharsets.UTF_8),
        AppReader.Format.JSON);
    Map<ServiceId, List<String>> byApp = new TreeMap<>();
    for (JsonNode id : body.path("ids")) {
      String task = id.asText();
      int dot = task.lastIndexOf('.');
      if (dot <= 0) {
        throw new IllegalArgumentException("'" + task + "' is not a task id of an app");
      }
      byApp.computeIfAbsent(ServiceId.of("/" + task.substring(0, dot).replace('_', '/')), k -> new ArrayList<>())
          .add(task);
    }
    boolean scale = r.flag("scale", false);
    byApp.forEach((app, ids) -> scheduler.changes().killInstances(app, ids, scale, r.flag("force", false)));
    return ApiReply.of(200, NODES.objectNode());
  }

  private ApiReply put(ApiRequest r, ServiceId id) {
    boolean force = r.flag("force", false);
    String text = new String(r.body(), StandardCharsets.UTF_8);
    JsonNode body = AppReader.parse(text, AppReader.formatOf(r.contentType(), text));
    if (body.isObject() && body.size() == 1 && body.has("version")) {
      return started(200, scheduler.changes().rollback(id, body.get("version").asText(), force));
    }
    if (body.isObject() && !body.has("id")) {
      ((ObjectNode) body).put("id", id.path());
    } else if (body.has("id") && !ServiceId.normalise(body.get("id").asText()).equals(id.path())) {
      return message(422, "the app id in the body ('" + body.get("id").asText() + "') differs from '" + id + "'");
    }
    AppDefinition current = scheduler.changes().current(id);
    if (current == null) {
      AppDefinition app = AppReader.read(body);
      ServiceChanges.Started s = scheduler.changes().create(app);
      return new ApiReply(201, NODES.objectNode().put("version", s.version()).put("deploymentId", s.deploymentId()),
          Map.of("Location", "/v2/apps" + id.path(), "Marathon-Deployment-Id", s.deploymentId()));
    }
    AppDefinition next = r.flag("partialUpdate", true)
        ? AppReader.merge(current, body) : AppReader.read(body);
    return started(200, scheduler.changes().update(next, force));
  }

  private ObjectNode info() {
    ObjectNode n = NODES.objectNode().put("name", "corral").put("version", info.getOrDefault("version", ""))
        .put("frameworkId", ServiceScheduler.FRAMEWORK_ID).put("leader", info.getOrDefault("leader", ""))
        .put("elected", true);
    n.putObject("marathon_config").put("mesos_role", scheduler.role()).put("master", info.getOrDefault("master", ""))
        .put("framework_name", "corral-services");
    n.putObject("http_config").put("http_port", info.getOrDefault("port", ""));
    n.putObject("event_subscriber").put("type", "sse");
    return n;
  }

  private ObjectNode groups() {
    ObjectNode n = NODES.objectNode().put("id", "/");
    n.set("apps", scheduler.views().apps(false));
    n.putArray("groups");
    n.putArray("pods");
    n.putArray("dependencies");
    return n;
  }

  private static ApiReply started(int status, ServiceChanges.Started s) {
    return new ApiReply(status, NODES.objectNode().put("version", s.version()).put("deploymentId", s.deploymentId()),
        Map.of("Marathon-Deployment-Id", s.deploymentId()));
  }

  private static ApiReply notAllowed(ApiRequest r) {
    return message(405, "HTTP method " + r.method() + " is not allowed on " + r.path());
  }

  private static ApiReply message(int status, String message) {
    return ApiReply.of(status, NODES.objectNode().put("message", message));
  }
}
