package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A refused change, with the HTTP status and the body Marathon answers with. */
public final class ServiceException extends RuntimeException {
  private final int status;
  private final ObjectNode body;

  public ServiceException(int status, ObjectNode body) {
    super(body.path("message").asText());
    this.status = status;
    this.body = body;
  }

  public static ServiceException of(int status, String message) {
    return new ServiceException(status, JsonNodeFactory.instance.objectNode().put("message", message));
  }

  public static ServiceException notFound(String app) {
    return of(404, "App '" + app + "' does not exist");
  }

  public int status() {
    return status;
  }

  public ObjectNode body() {
    return body;
  }
}
