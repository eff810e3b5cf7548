package io.corral.remote.services.api;

import java.util.Map;

/** One {@code /v2} request, taken off the wire by the host's HTTP server. */
public record ApiRequest(String method, String path, Map<String, String> query, byte[] body, String contentType) {
  public ApiRequest {
    query = Map.copyOf(query);
    body = body == null ? new byte[0] : body;
  }

  boolean flag(String name, boolean otherwise) {
    String v = query.get(name);
    return v == null ? otherwise : v.isEmpty() || Boolean.parseBoolean(v);
  }
}
