package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reading of one JSON object's fields, recording a problem with the field's path for each
 * value of the wrong kind and, at {@link #finish()}, for each field nobody asked for. A JSON
 * {@code null} reads as absent, as Marathon takes it.
 */
final class JsonFields {
  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private final Set<String> seen = new HashSet<>();

  private JsonFields(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The fields of {@code node} at {@code path}; a problem when it is not an object. */
  static JsonFields of(JsonNode node, String path, Problems problems) {
    if (node == null || !node.isObject()) {
      problems.add(path, "must be an object, not " + shown(node));
      return new JsonFields(MissingNode.getInstance(), path, problems);
    }
    return new JsonFields(node, path, problems);
  }

  String path() {
    return path;
  }

  String at(String name) {
    return Problems.path(path, name);
  }

  Problems problems() {
    return problems;
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /** The field's value, or null when absent or null. */
  JsonNode get(String name) {
    seen.add(name);
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** Fields accepted and not read (those Marathon fills in on output). */
  void ignore(String... names) {
    seen.addAll(List.of(names));
  }

  void problem(String name, String reason) {
    problems.add(name == null ? path : at(name), reason);
  }

  String string(String name) {
    JsonNode v = get(name);
    if (v != null && !v.isTextual()) {
      problem(name, "must be a string, not " + shown(v));
      return null;
    }
    return v == null ? null : v.asText();
  }

  String string(String name, String fallback) {
    String s = string(name);
    return s == null ? fallback : s;
  }

  boolean bool(String name, boolean fallback) {
    JsonNode v = get(name);
    if (v != null && !v.isBoolean()) {
      problem(name, "must be true or false, not " + shown(v));
      return fallback;
    }
    return v == null ? fallback : v.booleanValue();
  }

  /** A whole number from {@code min} to {@code max}, or null when absent or wrong. */
  Long optionalWhole(String name, long min, long max) {
    JsonNode v = get(name);
    if (v == null) {
      return null;
    }
    boolean integral = v.isIntegralNumber() || (v.isNumber() && Double.isFinite(v.doubleValue())
        && v.doubleValue() == Math.rint(v.doubleValue()));
    if (!integral || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      String range = max >= Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
      problem(name, "must be a whole number of " + range + ", not " + shown(v));
      return null;
    }
    return v.longValue();
  }

  int whole(String name, int fallback, int min) {
    Long n = optionalWhole(name, min, Integer.MAX_VALUE);
    return n == null ? fallback : n.intValue();
  }

  /**
   * A finite number of at least {@code min} (more than {@code min} when {@code exclusive}), at
   * most {@code max}; {@code fallback} when absent or wrong.
   */
  double number(String name, double fallback, double min, boolean exclusive, double max) {
    JsonNode v = get(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      problem(name, "must be a number, not " + shown(v));
      return fallback;
    }
    double d = v.doubleValue();
    if (exclusive ? d <= min : d < min) {
      problem(name, "must be " + (exclusive ? "more than " + format(min) : format(min) + " or more") + ", not "
          + shown(v));
      return fallback;
    }
    if (d > max) {
      problem(name, "must be between " + format(min) + " and " + format(max) + ", not " + shown(v));
      return fallback;
    }
    return d;
  }

  /** The elements of an array field, empty when absent or not an array. */
  List<JsonNode> array(String name) {
    JsonNode v = get(name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      problem(name, "must be an array, not " + shown(v));
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  /** An array of strings, each non-empty. */
  List<String> strings(String name) {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = array(name);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isTextual()) {
        problems.add(Problems.index(at(name), i), "must be a string, not " + shown(item));
      } else {
        out.add(item.asText());
      }
    }
    return out;
  }

  /** An object of string values ({@code env}, {@code labels}), in the order given. */
  Map<String, String> stringMap(String name) {
    JsonNode v = get(name);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      problem(name, "must be an object of strings, not " + shown(v));
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        out.put(e.getKey(), e.getValue().asText());
      } else {
        problems.add(Problems.path(at(name), e.getKey()), "must be a string, not " + shown(e.getValue()));
      }
    }
    return out;
  }

  /** The fields of an object field, or null when absent (a problem when it is not an object). */
  JsonFields object(String name) {
    JsonNode v = get(name);
    return v == null ? null : of(v, at(name), problems);
  }

  /** Records every field that was not asked for. */
  void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!seen.contains(name)) {
        problems.add(at(name), "unknown field");
      }
    }
  }

  /** A value as a person would write it in a message: strings quoted, whole numbers without ".0". */
  static String shown(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isNumber() && Double.isFinite(v.doubleValue()) && v.doubleValue() == Math.rint(v.doubleValue())
        && Math.abs(v.doubleValue()) < 1e15) {
      return Long.toString(v.longValue());
    }
    if (v.isNumber()) {
      return Double.isFinite(v.doubleValue()) ? v.asText() : Double.toString(v.doubleValue());
    }
    String text = v.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
