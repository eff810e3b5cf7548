package io.corral.remote.services.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why offers did not fit an app's waiting instances, grouped the way {@code corral explain} words
 * placement: one line per reason (a resource, a constraint) with how many agents it kept out and
 * one agent's own words, e.g. {@code mem: 3 agents, e.g. node-1: needs 512 MB, offer has 256}.
 * Forgotten when an instance is launched or the app changes.
 */
final class Rejections {
  private static final int MAX_REASONS = 16;
  private final Map<String, Set<String>> agents = new LinkedHashMap<>();
  private final Map<String, String> example = new LinkedHashMap<>();

  void add(String host, String why) {
    String key = key(why);
    if (!agents.containsKey(key) && agents.size() >= MAX_REASONS) {
      return;
    }
    agents.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(host);
    example.put(key, host + ": " + why);
  }

  /** A resource's name ({@code mem: needs ...}) or a constraint (its {@code ["f","OP","v"]}). */
  static String key(String why) {
    int rule = why.lastIndexOf(" ([\"");
    if (rule >= 0 && why.endsWith("])")) {
      return why.substring(rule + 2, why.length() - 1);
    }
    int colon = why.indexOf(':');
    return colon > 0 ? why.substring(0, colon) : why;
  }

  void clear() {
    agents.clear();
    example.clear();
  }

  boolean isEmpty() {
    return agents.isEmpty();
  }

  List<String> lines() {
    List<String> out = new ArrayList<>();
    agents.forEach((key, hosts) -> out.add(key + ": " + hosts.size() + (hosts.size() == 1 ? " agent" : " agents")
        + ", e.g. " + example.get(key)));
    return out;
  }
}
