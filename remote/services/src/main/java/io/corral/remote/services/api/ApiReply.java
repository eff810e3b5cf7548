package io.corral.remote.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A {@code /v2} answer: status, JSON body, extra headers (Location, Marathon-Deployment-Id). */
public record ApiReply(int status, JsonNode body, Map<String, String> headers) {
  public ApiReply {
    headers = Map.copyOf(headers);
  }

  static ApiReply of(int status, JsonNode body) {
    return new ApiReply(status, body, Map.of());
  }
}
