package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app definition that cannot be used, with every problem found in it. {@link #malformed()}
 * tells a body that could not be parsed at all (Marathon answers 400) from one that parsed but is
 * not a valid app (Marathon answers 422 with {@link #marathonBody()}).
 */
public final class InvalidAppException extends RuntimeException {
  private final List<AppProblem> problems;
  private final boolean malformed;

  public InvalidAppException(List<AppProblem> problems, boolean malformed) {
    super(summary(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid app needs at least one problem");
    }
    this.problems = List.copyOf(problems);
    this.malformed = malformed;
  }

  public List<AppProblem> problems() {
    return problems;
  }

  /** The body could not be parsed as JSON or YAML. */
  public boolean malformed() {
    return malformed;
  }

  /**
   * Marathon's error body: {@code {"message":"Object is not valid","details":[{"path":
   * "/healthChecks(0)/portIndex","errors":["..."]}]}}, one detail per path in the order found
   * ({@code "Invalid JSON"} as the message when the body did not parse).
   */
  public ObjectNode marathonBody() {
    Map<String, ArrayNode> byPath = new LinkedHashMap<>();
    for (AppProblem p : problems) {
      byPath.computeIfAbsent(p.marathonPath(), k -> JsonNodeFactory.instance.arrayNode()).add(p.reason());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("message", malformed ? "Invalid JSON" : "Object is not valid");
    ArrayNode details = body.putArray("details");
    byPath.forEach((path, errors) -> {
      ObjectNode d = details.addObject();
      d.put("path", path);
      d.set("errors", errors);
    });
    return body;
  }

  private static String summary(List<AppProblem> problems) {
    StringBuilder out = new StringBuilder(problems.size() == 1 ? "invalid app: " : "invalid app (" + problems.size()
        + " problems): ");
    for (int i = 0; i < problems.size(); i++) {
      out.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    return out.toString();
  }
}
