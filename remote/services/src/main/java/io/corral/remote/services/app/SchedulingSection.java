package io.corral.remote.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.core.service.KillSelection;
import io.corral.core.service.LaunchBackoff;
import io.corral.core.service.PlacementRule;
import io.corral.core.service.UpgradeStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what decides where and how instances are placed, replaced and changed: {@code
 * constraints}, {@code upgradeStrategy}, the launch backoff, {@code killSelection} and {@code
 * unreachableStrategy}.
 */
final class SchedulingSection {
  private static final String OPERATORS = "UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS";

  private SchedulingSection() {}

  /** Marathon's {@code [["hostname","UNIQUE"],["rack","MAX_PER","2"]]}. */
  static List<PlacementRule> constraints(JsonFields app) {
    List<PlacementRule> out = new ArrayList<>();
    List<JsonNode> items = app.array("constraints");
    for (int i = 0; i < items.size(); i++) {
      String path = Problems.index(app.at("constraints"), i);
      JsonNode c = items.get(i);
      if (!c.isArray() || c.size() < 2 || c.size() > 3 || !scalars(c)) {
        app.problems().add(path, "must be [field, operator] or [field, operator, value], not " + JsonFields.shown(c));
        continue;
      }
      String field = c.get(0).asText();
      String operatorText = c.get(1).asText();
      String value = c.size() == 3 ? c.get(2).asText() : null;
      PlacementRule.Operator operator;
      try {
        operator = PlacementRule.Operator.valueOf(operatorText);
      } catch (IllegalArgumentException e) {
        app.problems().add(path, "unknown operator '" + operatorText + "' (one of " + OPERATORS + ")");
        continue;
      }
      String problem = PlacementRule.problem(field, operator, value);
      if (problem != null) {
        app.problems().add(path, problem);
      } else if (out.stream().anyMatch(r -> r.equals(new PlacementRule(field, operator, value)))) {
        app.problems().add(path, "the same constraint is given twice");
      } else {
        out.add(new PlacementRule(field, operator, value));
      }
    }
    return out;
  }

  private static boolean scalars(JsonNode c) {
    for (JsonNode item : c) {
      if (!item.isValueNode() || item.isNull()) {
        return false;
      }
    }
    return true;
  }

  static UpgradeStrategy upgradeStrategy(JsonFields app) {
    JsonFields u = app.object("upgradeStrategy");
    if (u == null) {
      return UpgradeStrategy.DEFAULT;
    }
    double minimum = u.number("minimumHealthCapacity", 1, 0, false, 1);
    double over = u.number("maximumOverCapacity", 1, 0, false, 1);
    u.finish();
    return new UpgradeStrategy(minimum, over);
  }

  /** {@code backoffSeconds} (1), {@code backoffFactor} (1.15), {@code maxLaunchDelaySeconds} (300). */
  static LaunchBackoff backoff(JsonFields app) {
    LaunchBackoff d = LaunchBackoff.DEFAULT;
    int seconds = app.whole("backoffSeconds", (int) d.initial().toSeconds(), 0);
    double factor = app.number("backoffFactor", d.factor(), 1, false, Double.MAX_VALUE);
    int max = app.whole("maxLaunchDelaySeconds", (int) d.max().toSeconds(), 0);
    return new LaunchBackoff(Duration.ofSeconds(seconds), factor, Duration.ofSeconds(max));
  }

  static KillSelection killSelection(JsonFields app) {
    String text = app.string("killSelection", KillSelection.YOUNGEST_FIRST.name());
    try {
      return KillSelection.valueOf(text);
    } catch (IllegalArgumentException e) {
      app.problem("killSelection", "must be YOUNGEST_FIRST or OLDEST_FIRST, not '" + text + "'");
      return KillSelection.YOUNGEST_FIRST;
    }
  }

  /** {@code "disabled"} or {@code {"inactiveAfterSeconds": 0, "expungeAfterSeconds": 0}}. */
  static UnreachableStrategy unreachableStrategy(JsonFields app) {
    JsonNode v = app.has("unreachableStrategy") ? app.get("unreachableStrategy") : null;
    if (v == null) {
      app.ignore("unreachableStrategy");
      return UnreachableStrategy.DEFAULT;
    }
    if (v.isTextual()) {
      if (!v.asText().equals("disabled")) {
        app.problem("unreachableStrategy", "must be \"disabled\" or an object, not " + JsonFields.shown(v));
      }
      return UnreachableStrategy.DISABLED;
    }
    JsonFields u = app.object("unreachableStrategy");
    Long inactive = u.optionalWhole("inactiveAfterSeconds", 0, Long.MAX_VALUE);
    Long expunge = u.optionalWhole("expungeAfterSeconds", 0, Long.MAX_VALUE);
    u.finish();
    long i = inactive == null ? UnreachableStrategy.DEFAULT.inactiveAfterSeconds() : inactive;
    long e = expunge == null ? UnreachableStrategy.DEFAULT.expungeAfterSeconds() : expunge;
    if (i > e) {
      u.problem("inactiveAfterSeconds", "must be at most expungeAfterSeconds (" + e + "), not " + i);
      return UnreachableStrategy.DEFAULT;
    }
    return new UnreachableStrategy(true, i, e);
  }
}
