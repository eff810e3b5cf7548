package io.corral.core.placement;

import java.util.List;

/** English for report lines: counts with the right number, lists joined with "or". */
final class Wording {
  private Wording() {}

  /** {@code 1 agent}, {@code 3 agents}. */
  static String agents(int count) {
    return count + (count == 1 ? " agent" : " agents");
  }

  /** {@code one} when count is 1, else {@code many}: verb("is", "are"). */
  static String verb(int count, String one, String many) {
    return count == 1 ? one : many;
  }

  /** {@code a}, {@code a or b}, {@code a, b or c}. */
  static String joinOr(List<String> items) {
    if (items.size() <= 1) {
      return items.isEmpty() ? "" : items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
  }
}
