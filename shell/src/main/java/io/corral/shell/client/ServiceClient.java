package io.corral.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.service.ServiceId;
import io.corral.remote.api.client.OperatorClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The master's service scheduler through its Marathon-compatible REST API ({@code /v2} on the
 * master's own port, same TLS and credentials as the operator API). Answers are the API's JSON;
 * every refusal becomes a {@link CommandException} through {@link ServiceRefusals}.
 */
public final class ServiceClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a change answered: the new version and the deployment it started (either may be null). */
  public record Change(JsonNode body, String version, String deploymentId) {}

  private final URI master;
  private final OperatorClient client;
  private final Credentials credentials;

  /** Over {@code client}, the operator client of the same master: one connection pool, one TLS, one set of credentials. */
  ServiceClient(OperatorClient client, Credentials credentials) {
    this.master = client.master();
    this.client = client;
    this.credentials = credentials;
  }

  public URI master() {
    return master;
  }

  /** Every service, with its instances. */
  public List<JsonNode> services() {
    return list(get("/v2/apps?embed=apps.tasks", null).body(), "apps");
  }

  /** One service with its instances; exit 3 when there is none. */
  public JsonNode service(ServiceId id) {
    return get("/v2/apps" + id.path(), id).body()
        .path("app");
  }

  /** One service with its instances, or null when there is none (404). */
  public JsonNode find(ServiceId id) {
    Answer a = send("GET", "/v2/apps" + id.path(), null, id, true);
    return a.status() == 404 ? null : a.body().path("app");
  }

  public List<JsonNode> deployments() {
    JsonNode body = get("/v2/deployments", null).body();
    return body.isArray() ? list(body) : list(body, "deployments");
  }

  /** The waiting instances: {@code /v2/queue}'s entries. */
  public List<JsonNode> queue() {
    return list(get("/v2/queue", null).body(), "queue");
  }

  public List<String> versions(ServiceId id) {
    return list(get("/v2/apps" + id.path() + "/versions", id).body(), "versions").stream().map(JsonNode::asText).toList();
  }

  public JsonNode version(ServiceId id, String version) {
    return get("/v2/apps" + id.path() + "/versions/" + encode(version), id).body();
  }

  /** {@code POST /v2/apps}: creates the service {@code definition} describes. */
  public Change create(ObjectNode definition, boolean force) {
    Answer a = send("POST", "/v2/apps" + force(force, "?"), definition, ServiceId.of(definition.path("id").asText()), false);
    String deployment = a.header("Marathon-Deployment-Id");
    if (deployment == null) {
      JsonNode first = a.body().path("deployments").path(0).path("id");
      deployment = first.isTextual() ? first.asText() : null;
    }
    return new Change(a.body(), text(a.body().path("version")), deployment);
  }

  /** {@code PUT /v2/apps/ID?partialUpdate=false}: the whole definition replaces the current one. */
  public Change replace(ServiceId id, ObjectNode definition, boolean force) {
    return change(send("PUT", "/v2/apps" + id.path() + "?partialUpdate=false" + force(force, "&"), definition, id, false));
  }

  /** {@code PUT /v2/apps/ID} with only the fields given (e.g. {@code instances}, or {@code version} to roll back). */
  public Change update(ServiceId id, ObjectNode fields, boolean force) {
    return change(send("PUT", "/v2/apps" + id.path() + force(force, "?"), fields, id, false));
  }

  public Change restart(ServiceId id, boolean force) {
    return change(send("POST", "/v2/apps" + id.path() + "/restart" + force(force, "?"), null, id, false));
  }

  /** Corral's {@code POST /v2/apps/ID/rollback}: back to the version before the last change of the definition. */
  public Change rollback(ServiceId id, boolean force) {
    return change(send("POST", "/v2/apps" + id.path() + "/rollback" + force(force, "?"), null, id, false));
  }

  public Change remove(ServiceId id, boolean force) {
    return change(send("DELETE", "/v2/apps" + id.path() + force(force, "?"), null, id, false));
  }

  private static Change change(Answer a) {
    return new Change(a.body(), text(a.body().path("version")), text(a.body().path("deploymentId")));
  }

  private Answer get(String path, ServiceId id) {
    return send("GET", path, null, id, false);
  }

  /** The master's answer as JSON; a refusal throws unless {@code tolerate404} and the answer is 404. */
  private Answer send(String method, String path, JsonNode body, ServiceId id, boolean tolerate404) {
    OperatorClient.RestAnswer response;
    try {
      response = client.rest(method, path, body == null ? null : body.toString());
    } catch (OperatorClient.Failure e) {
      throw CommandException.unreachable(master, e.getMessage(), e);
    }
    int status = response.status();
    String text = response.body();
    if (status == 404 && tolerate404) {
      return new Answer(status, JSON.createObjectNode(), response);
    }
    if (status / 100 != 2) {
      throw ServiceRefusals.refusal(status, text, id, master, credentials, method + " " + path);
    }
    try {
      return new Answer(status, text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text), response);
    } catch (IOException e) {
      throw CommandException.failed("the master at " + master + " answered " + method + " " + path
          + " with something that is not JSON (is /v2 served there?)");
    }
  }

  private record Answer(int status, JsonNode body, OperatorClient.RestAnswer response) {
    String header(String name) {
      return response.header(name);
    }
  }

  private static String force(boolean force, String separator) {
    return force ? separator + "force=true" : "";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }

  private static List<JsonNode> list(JsonNode body, String field) {
    return list(body.path(field));
  }

  private static List<JsonNode> list(JsonNode array) {
    java.util.ArrayList<JsonNode> items = new java.util.ArrayList<>();
    array.forEach(items::add);
    return items;
  }
}
