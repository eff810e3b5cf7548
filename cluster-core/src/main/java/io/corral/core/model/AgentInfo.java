package io.corral.core.model;

import io.corral.core.resources.Resources;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an agent tells the master about itself: where it runs, what it is, what it offers.
 * Attributes always include {@code os}; the constructor adds it when missing.
 */
public record AgentInfo(AgentId id, String hostname, OsFamily os, String arch, Map<String, String> attributes,
    Resources total) {

  public AgentInfo {
    if (id == null || os == null || total == null) {
      throw new IllegalArgumentException("agent id, os and resources are required");
    }
    hostname = hostname == null || hostname.isBlank() ? id.value() : hostname;
    arch = arch == null || arch.isBlank() ? "unknown" : arch;
    TreeMap<String, String> attrs = new TreeMap<>(attributes == null ? Map.of() : attributes);
    attrs.putIfAbsent("os", os.label());
    attributes = Collections.unmodifiableMap(attrs);
  }

  public AgentInfo withTotal(Resources newTotal) {
    return new AgentInfo(id, hostname, os, arch, attributes, newTotal);
  }

  /** Parses {@code rack:r1;zone:a} into an ordered map; blank input is no attributes. */
  public static Map<String, String> parseAttributes(String text) {
    TreeMap<String, String> out = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException("invalid attribute '" + part.trim() + "' (expected name:value, e.g. rack:r1)");
      }
      out.put(part.substring(0, colon).trim(), part.substring(colon + 1).trim());
    }
    return out;
  }

  /** Formats attributes back as {@code name:value;...}. */
  public static String formatAttributes(Map<String, String> attributes) {
    StringBuilder sb = new StringBuilder();
    attributes.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append(':').append(v));
    return sb.toString();
  }
}
