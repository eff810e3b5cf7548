package io.corral.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.core.service.ServiceId;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What the service API's refusals mean to the operator: 404 names the missing service, 409 the
 * deployments in the way and {@code --force}, 422 each invalid field with its reasons.
 */
public final class ServiceRefusals {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceRefusals() {}

  /** The failure for {@code status} and the master's {@code body}; {@code id} is the service asked about (or null). */
  public static CommandException refusal(int status, String body, ServiceId id, URI master, Credentials credentials,
      String what) {
    JsonNode json = parse(body);
    String message = json.path("message").asText(body == null ? "" : body.strip());
    return switch (status) {
      case 401, 403 -> Credentials.refused(master, status, message, credentials, what);
      case 404 -> notFound(id, message, master, what);
      case 409 -> locked(id, message, json);
      case 422 -> invalid(id, message, json);
      default -> CommandException.failed("the master refused " + what + " (" + status + ")"
          + (message.isBlank() ? "" : ": " + message));
    };
  }

  /**
   * A 404 names a missing service ({@code App '/web' does not exist}), some other missing thing
   * (a version), or, from a master without the service scheduler, the endpoint itself.
   */
  private static CommandException notFound(ServiceId id, String message, URI master, String what) {
    if (id == null || message.isBlank() || message.startsWith("no such endpoint")) {
      return CommandException.failed("the master at " + master + " has no service API (" + what + " answered 404)");
    }
    if (message.startsWith("App ")) {
      return CommandException.notFound("no service '" + id.path() + "'");
    }
    return CommandException.notFound(id.path() + ": " + message);
  }

  private static CommandException locked(ServiceId id, String message, JsonNode json) {
    List<String> deployments = new ArrayList<>();
    json.path("deployments").forEach(d -> deployments.add(d.path("id").asText()));
    if (deployments.isEmpty()) {
      return CommandException.failed("the master refused: " + message);
    }
    String name = id == null ? "the service" : "service '" + id.path() + "'";
    return CommandException.failed(name + " is being changed by deployment " + String.join(", ", deployments)
        + ": wait until it is done ('corral service show " + (id == null ? "ID" : id.path()) + "'), or give --force"
        + " to cancel it and apply this change instead (instances it started may be killed)");
  }

  private static CommandException invalid(ServiceId id, String message, JsonNode json) {
    StringBuilder text = new StringBuilder("the master refused the definition"
        + (id == null ? "" : " of '" + id.path() + "'") + ": " + (message.isBlank() ? "not valid" : message));
    for (JsonNode detail : json.path("details")) {
      String path = detail.path("path").asText("/");
      List<String> errors = new ArrayList<>();
      detail.path("errors").forEach(e -> errors.add(e.asText()));
      text.append("\n  ").append(path.isEmpty() ? "/" : path).append(": ")
          .append(errors.isEmpty() ? "invalid" : String.join("; ", errors));
    }
    return CommandException.failed(text.toString());
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
      return json == null || !json.isObject() ? JSON.createObjectNode() : json;
    } catch (IOException e) {
      return JSON.createObjectNode(); // not JSON (a proxy's page): the body is shown as it is
    }
  }
}
