package io.corral.shell.client;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds the one object a person meant by what they typed: the exact id, else a unique name (agent
 * hostname, framework or task name), else a unique prefix or suffix of an id (ids are long; as with
 * short git or docker ids, enough characters to tell one from the others will do). When nothing
 * matches, the message suggests the closest id or name by edit distance.
 */
public final class IdMatcher {
  private IdMatcher() {}

  /**
   * The item {@code query} names.
   *
   * @param kind what the items are, for messages ({@code agent}, {@code task})
   * @param names other names of an item (may be empty)
   * @throws CommandException exit 3 when nothing matches, exit 2 when several do
   */
  public static <T> T resolve(String kind, String query, Collection<T> items, Function<T, String> id,
      Function<T, List<String>> names) {
    String q = query.strip();
    for (T item : items) {
      if (id.apply(item).equals(q)) {
        return item;
      }
    }
    List<T> found = items.stream().filter(i -> names.apply(i).contains(q)).toList();
    if (found.isEmpty()) {
      found = items.stream().filter(i -> id.apply(i).startsWith(q)).toList();
    }
    if (found.isEmpty()) {
      found = items.stream().filter(i -> id.apply(i).endsWith(q)).toList();
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.size() > 1) {
      List<String> ids = found.stream().map(id).sorted().toList();
      throw CommandException.usage("'" + q + "' matches " + found.size() + " " + kind + "s (" + String.join(", ",
          ids.subList(0, Math.min(5, ids.size()))) + (ids.size() > 5 ? ", ..." : "") + "); give more of the id");
    }
    Set<String> words = new LinkedHashSet<>();
    for (T item : items) {
      words.add(id.apply(item));
      words.addAll(names.apply(item));
    }
    String suggestion = closest(q, words);
    throw CommandException.notFound("no " + kind + " with id '" + q + "'"
        + (suggestion == null ? (items.isEmpty() ? " (there are none)" : "") : " (did you mean '" + suggestion + "'?)"));
  }

  /**
   * The word closest to {@code query}, or null when none is close enough to be a likely typo. A
   * word is compared whole and by its start and end of the query's length, so a mistyped short id
   * still finds the long id it abbreviates.
   */
  public static String closest(String query, Collection<String> words) {
    String q = query.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String w : new TreeSet<>(words)) {
      String lw = w.toLowerCase(Locale.ROOT);
      // Ties go to a word holding the query's characters in order (a-9 is nearer a-19 than a-1).
      int d = 2 * nearness(q, lw) - (subsequence(q, lw) ? 1 : 0);
      if (d < bestDistance) {
        best = w;
        bestDistance = d;
      }
    }
    int allowed = q.length() <= 3 ? 1 : Math.max(2, q.length() / 3);
    return best != null && bestDistance <= 2 * allowed ? best : null;
  }

  private static boolean subsequence(String q, String w) {
    int i = 0;
    for (int j = 0; j < w.length() && i < q.length(); j++) {
      if (q.charAt(i) == w.charAt(j)) {
        i++;
      }
    }
    return i == q.length();
  }

  private static int nearness(String q, String w) {
    int d = distance(q, w);
    for (int len = Math.max(1, q.length() - 1); len <= q.length() + 1 && len <= w.length(); len++) {
      if (len < w.length()) {
        d = Math.min(d, 1 + Math.min(distance(q, w.substring(0, len)), distance(q, w.substring(w.length() - len))));
      }
    }
    return d;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
