package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what an instance runs: {@code cmd} or {@code args}, {@code env}, and the artifacts to fetch
 * ({@code fetch}, or the legacy {@code uris}).
 */
final class CommandSection {
  private CommandSection() {}

  /** What was read; {@code cmd} null when not given. */
  record Read(String cmd, List<String> args, Map<String, String> env, List<Artifact> fetch) {}

  static Read read(JsonFields app) {
    String cmd = app.string("cmd");
    if (cmd != null && cmd.isBlank()) {
      app.problem("cmd", "must not be empty");
      cmd = null;
    }
    List<String> args = app.strings("args");
    if (cmd != null && !args.isEmpty()) {
      app.problem("cmd", "give cmd or args, not both");
    }
    return new Read(cmd, args, env(app), fetch(app));
  }

  /**
   * Variables with string values. Marathon's secret references ({@code {"secret": "..."}}) are
   * refused: there is no secret store to resolve them from.
   */
  private static Map<String, String> env(JsonFields app) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode v = app.get("env");
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      app.problem("env", "must be an object of strings, not " + JsonFields.shown(v));
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = Problems.path(app.at("env"), e.getKey());
      JsonNode value = e.getValue();
      if (e.getKey().isEmpty() || e.getKey().contains("=")) {
        app.problems().add(path, "'" + e.getKey() + "' is not a variable name");
      } else if (value.isObject() && value.has("secret")) {
        app.problems().add(path, "secret references are not supported: give the value as a string");
      } else if (value.isTextual()) {
        out.put(e.getKey(), value.asText());
      } else if (value.isNumber() || value.isBoolean()) {
        app.problems().add(path, "must be a string, not " + JsonFields.shown(value) + " (write \""
            + value.asText() + "\")");
      } else {
        app.problems().add(path, "must be a string, not " + JsonFields.shown(value));
      }
    }
    return out;
  }

  private static List<Artifact> fetch(JsonFields app) {
    List<Artifact> out = new ArrayList<>();
    List<JsonNode> items = app.array("fetch");
    for (int i = 0; i < items.size(); i++) {
      JsonFields f = JsonFields.of(items.get(i), Problems.index(app.at("fetch"), i), app.problems());
      String uri = f.string("uri");
      boolean executable = f.bool("executable", false);
      boolean extract = f.bool("extract", true);
      boolean cache = f.bool("cache", false);
      String dest = f.string("destPath");
      f.finish();
      if (uri == null || uri.isBlank()) {
        f.problem("uri", "an artifact needs a uri");
      } else {
        out.add(new Artifact(uri, executable, extract, cache, dest));
      }
    }
    List<String> uris = app.strings("uris");
    if (!uris.isEmpty()) {
      List<Artifact> fromUris = uris.stream().map(Artifact::ofUri).toList();
      // A client posting back what it got may send both; they name the same URIs then.
      if (!out.isEmpty() && !out.stream().map(Artifact::uri).toList().equals(uris)) {
        app.problem("uris", "give fetch or the legacy uris, not both");
      } else if (out.isEmpty()) {
        out.addAll(fromUris);
      }
    }
    return out;
  }
}
