package io.corral.core.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * A condition on one agent attribute, written as operators type it: {@code rack=r1} (equals),
 * {@code rack!=r1} (not equals) or {@code rack=r1|r2} (one of). Tasks use constraints to stay on, or
 * off, parts of the cluster; the explainer reports each unmet constraint with the values it found.
 *
 * <p>An agent without the attribute fails {@code =} and {@code =a|b} but satisfies {@code !=}: an
 * agent with no rack is not on rack r1.
 */
public record Constraint(String attribute, Operator operator, List<String> values) {

  private static final String SYNTAX = "expected attr=value, attr!=value or attr=v1|v2, e.g. rack=r1";

  /** How the attribute's value is compared with {@link #values()}. */
  public enum Operator {
    /** The attribute is present and equals the single value. */
    EQUALS,
    /** The attribute is absent or differs from the single value. */
    NOT_EQUALS,
    /** The attribute is present and equals one of two or more values. */
    IN
  }

  public Constraint {
    if (attribute == null || attribute.isBlank() || operator == null || values == null) {
      throw new IllegalArgumentException("a constraint needs an attribute, an operator and values");
    }
    values = List.copyOf(values);
    if (values.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("constraint values must not be blank: " + values);
    }
    boolean single = operator != Operator.IN;
    if (single ? values.size() != 1 : values.size() < 2) {
      throw new IllegalArgumentException(operator + " constraint on '" + attribute + "' needs "
          + (single ? "exactly one value" : "at least two values") + ", not " + values);
    }
  }

  /** Reads {@code attr=value}, {@code attr!=value} or {@code attr=v1|v2}; spaces around parts are ignored. */
  public static Constraint parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text, "it is empty");
    }
    int notEquals = text.indexOf("!=");
    int equals = text.indexOf('=');
    if (equals < 0) {
      throw invalid(text, "no '=' or '!='");
    }
    boolean negated = notEquals >= 0 && notEquals < equals;
    String attribute = text.substring(0, negated ? notEquals : equals).trim();
    String rest = text.substring(equals + 1);
    if (attribute.isEmpty()) {
      throw invalid(text, "attribute name missing before '" + (negated ? "!=" : "=") + "'");
    }
    if (attribute.chars().anyMatch(c -> Character.isWhitespace(c) || c == '|' || c == '!')) {
      throw invalid(text, "attribute name '" + attribute + "' contains a space, '|' or '!'");
    }
    if (rest.indexOf('=') >= 0) {
      throw invalid(text, "more than one '='");
    }
    List<String> values = new ArrayList<>();
    for (String value : rest.split("\\|", -1)) {
      if (value.isBlank()) {
        throw invalid(text, "empty value");
      }
      values.add(value.trim());
    }
    if (negated && values.size() > 1) {
      throw invalid(text, "'!=' takes a single value");
    }
    Operator op = negated ? Operator.NOT_EQUALS : values.size() > 1 ? Operator.IN : Operator.EQUALS;
    return new Constraint(attribute, op, values);
  }

  /** Whether an agent whose attribute has {@code value} ({@code null} when absent) satisfies this constraint. */
  public boolean matches(String value) {
    switch (operator) {
      case NOT_EQUALS:
        return value == null || !values.get(0).equals(value);
      case EQUALS:
      case IN:
      default:
        return value != null && values.contains(value);
    }
  }

  /** The constraint as written, e.g. {@code rack=r1|r2}; {@link #parse} reads it back. */
  public String text() {
    return attribute + (operator == Operator.NOT_EQUALS ? "!=" : "=") + String.join("|", values);
  }

  @Override
  public String toString() {
    return text();
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    return new IllegalArgumentException("invalid constraint '" + (text == null ? "" : text.trim()) + "': "
        + problem + " (" + SYNTAX + ")");
  }
}
