package io.corral.remote.services.app;

/**
 * One thing wrong with an app definition: where ({@code healthChecks[0].portIndex}, empty for the
 * whole definition) and why.
 */
public record AppProblem(String path, String reason) {
  public AppProblem {
    if (path == null || reason == null) {
      throw new IllegalArgumentException("a problem needs a path and a reason");
    }
  }

  /**
   * The path as Marathon writes it in a 422 answer: {@code /healthChecks(0)/portIndex}, {@code /}
   * for the whole definition.
   */
  public String marathonPath() {
    if (path.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder("/");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case '.' -> out.append('/');
        case '[' -> out.append('(');
        case ']' -> out.append(')');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return path.isEmpty() ? reason : path + ": " + reason;
  }
}
