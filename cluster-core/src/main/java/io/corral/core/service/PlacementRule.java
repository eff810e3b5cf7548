package io.corral.core.service;

import io.corral.core.model.AgentInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One of Marathon's constraints, {@code [field, operator, value]}, where {@code field} is
 * {@code hostname} or an agent attribute ({@code os}, {@code rack}, ...). {@link #veto} answers
 * whether one more instance may go on a candidate agent, given the agents the service's other
 * instances are on.
 */
public record PlacementRule(String field, Operator operator, String value) {

  /** Marathon's operators. */
  public enum Operator {
    /** No two instances share the field's value. */
    UNIQUE,
    /** Every instance on the value given (or, without one, on the value of the first). */
    CLUSTER,
    /** Spread evenly over the field's values (the value, if given, is how many values to expect). */
    GROUP_BY,
    /** The field matches the regular expression. */
    LIKE,
    /** The field does not match the regular expression (an agent without the field passes). */
    UNLIKE,
    /** At most {@code value} instances per value of the field. */
    MAX_PER,
    /** The field equals the value. */
    IS
  }

  public PlacementRule {
    String problem = problem(field, operator, value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why {@code [field, operator, value]} is not a valid rule, or null. */
  public static String problem(String field, Operator operator, String value) {
    if (field == null || field.isBlank()) {
      return "the field must not be empty";
    }
    if (operator == null) {
      return "the operator must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS";
    }
    switch (operator) {
      case LIKE, UNLIKE -> {
        if (value == null) {
          return operator + " needs a regular expression";
        }
        try {
          Pattern.compile(value);
        } catch (PatternSyntaxException e) {
          return "'" + value + "' is not a regular expression: " + e.getDescription();
        }
      }
      case IS -> {
        if (value == null) {
          return "IS needs a value";
        }
      }
      case MAX_PER -> {
        if (count(value) < 1) {
          return "MAX_PER needs a whole number of 1 or more, not " + (value == null ? "nothing" : "'" + value + "'");
        }
      }
      case GROUP_BY -> {
        if (value != null && count(value) < 1) {
          return "GROUP_BY's value is a whole number of 1 or more, not '" + value + "'";
        }
      }
      case UNIQUE, CLUSTER -> {
        // UNIQUE ignores a value; CLUSTER's is optional.
      }
    }
    return null;
  }

  private static int count(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0; // not a number: reported by the caller as not one of 1 or more
    }
  }

  /** The field's value on {@code agent}: its hostname, or one of its attributes (null when it has none). */
  public String valueOn(AgentInfo agent) {
    return "hostname".equals(field) ? agent.hostname() : agent.attributes().get(field);
  }

  /**
   * Why one more instance may not go on {@code candidate} while the service's other instances are
   * on {@code others} (one entry per instance, repeats allowed), or null when it may.
   */
  public String veto(AgentInfo candidate, List<AgentInfo> others) {
    String here = valueOn(candidate);
    if (here == null && operator != Operator.UNLIKE) {
      return "agent has no attribute '" + field + "' (" + this + ")";
    }
    switch (operator) {
      case UNIQUE -> {
        for (AgentInfo o : others) {
          if (here.equals(valueOn(o))) {
            return "another instance is on " + field + " '" + here + "' (" + this + ")";
          }
        }
      }
      case CLUSTER -> {
        String wanted = value != null && !value.isEmpty() ? value
            : others.stream().map(this::valueOn).filter(v -> v != null).findFirst().orElse(here);
        if (!here.equals(wanted)) {
          return field + " is '" + here + "', not '" + wanted + "' (" + this + ")";
        }
      }
      case GROUP_BY -> {
        Map<String, Integer> perValue = new HashMap<>();
        for (AgentInfo o : others) {
          String v = valueOn(o);
          if (v != null) {
            perValue.merge(v, 1, Integer::sum);
          }
        }
        // Values with no instance yet count as 0: more expected values than seen means some have 0.
        int expected = value == null ? 0 : count(value);
        int fewest = expected > perValue.size() || perValue.isEmpty()
            ? 0 : perValue.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        int mine = perValue.getOrDefault(here, 0);
        if (mine > fewest) {
          return field + " '" + here + "' already has " + mine + " instances, another value has " + fewest
              + " (" + this + ")";
        }
      }
      case LIKE -> {
        if (!Pattern.compile(value).matcher(here).matches()) {
          return field + " '" + here + "' does not match '" + value + "' (" + this + ")";
        }
      }
      case UNLIKE -> {
        if (here != null && Pattern.compile(value).matcher(here).matches()) {
          return field + " '" + here + "' matches '" + value + "' (" + this + ")";
        }
      }
      case MAX_PER -> {
        long there = others.stream().filter(o -> here.equals(valueOn(o))).count();
        if (there >= count(value)) {
          return field + " '" + here + "' already has " + there + " instances (" + this + ")";
        }
      }
      case IS -> {
        if (!here.equals(value)) {
          return field + " is '" + here + "', not '" + value + "' (" + this + ")";
        }
      }
    }
    return null;
  }

  /** As Marathon writes it: {@code ["os","IS","windows"]}. */
  @Override
  public String toString() {
    return "[\"" + field + "\",\"" + operator + "\"" + (value == null ? "" : ",\"" + value + "\"") + "]";
  }
}
