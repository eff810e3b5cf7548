package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A partial update: the current app rendered, the fields named in the update put over it, and the
 * result read as a whole. Fields that stand for the same thing go together: naming one of {@code
 * cmd}/{@code args}, {@code ports}/{@code portDefinitions} or {@code fetch}/{@code uris} drops the
 * current value of the other, and a change of {@code networks} or {@code container} without ports
 * drops the current port definitions so that the new networking's default applies.
 */
final class AppMerge {
  private AppMerge() {}

  static AppDefinition merge(AppDefinition current, JsonNode partial) {
    if (partial == null || !partial.isObject()) {
      throw new InvalidAppException(List.of(new AppProblem("", "an update must be an object, not "
          + JsonFields.shown(partial))), false);
    }
    ObjectNode base = AppWriter.write(current);
    JsonNode id = partial.get("id");
    if (id != null && id.isTextual() && !current.id().equals(AppReader.idOf(partial))) {
      throw new InvalidAppException(List.of(new AppProblem("id", "the update is for '" + current.id()
          + "', not '" + id.asText() + "'")), false);
    }
    alternatives(base, partial, "cmd", "args");
    alternatives(base, partial, "ports", "portDefinitions");
    alternatives(base, partial, "fetch", "uris");
    if ((partial.has("networks") || partial.has("container"))
        && !partial.has("ports") && !partial.has("portDefinitions")) {
      base.remove("portDefinitions");
    }
    if (partial.path("container").path("docker").has("network")) {
      base.remove("networks");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = partial.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        base.remove(e.getKey());
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
    return AppReader.read(base);
  }

  /** Naming either of two fields that stand for the same thing drops the current value of both. */
  private static void alternatives(ObjectNode base, JsonNode partial, String a, String b) {
    if (partial.has(a) || partial.has(b)) {
      base.remove(a);
      base.remove(b);
    }
  }
}
