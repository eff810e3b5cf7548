package io.corral.remote.services.app;

import java.util.ArrayList;
import java.util.List;

/** The problems found so far while reading one definition: reading goes on to find them all. */
final class Problems {
  private final List<AppProblem> found = new ArrayList<>();

  void add(String path, String reason) {
    found.add(new AppProblem(path, reason));
  }

  boolean any() {
    return !found.isEmpty();
  }

  int count() {
    return found.size();
  }

  /** Throws them all when there are any. */
  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new InvalidAppException(found, false);
    }
  }

  /** Joins {@code parent} and a field name into a path ({@code healthChecks[0]} + {@code port}). */
  static String path(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }
}
