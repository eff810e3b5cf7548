package io.corral.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.placement.Constraint.Operator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintTest {

  @Test
  void parsesEquals() {
    Constraint c = Constraint.parse("rack=r1");
    assertEquals(new Constraint("rack", Operator.EQUALS, List.of("r1")), c);
    assertEquals("rack=r1", c.text());
  }

  @Test
  void parsesNotEquals() {
    Constraint c = Constraint.parse("rack!=r1");
    assertEquals(new Constraint("rack", Operator.NOT_EQUALS, List.of("r1")), c);
    assertEquals("rack!=r1", c.text());
  }

  @Test
  void parsesOneOfSeveralValues() {
    Constraint c = Constraint.parse("rack=r1|r2");
    assertEquals(new Constraint("rack", Operator.IN, List.of("r1", "r2")), c);
    assertEquals("rack=r1|r2", c.text());
  }

  @Test
  void ignoresSpacesAroundParts() {
    assertEquals("zone=us east|eu", Constraint.parse("  zone = us east | eu ").text());
  }

  @Test
  void equalsNeedsTheAttributeWithThatValue() {
    Constraint c = Constraint.parse("rack=r1");
    assertTrue(c.matches("r1"));
    assertFalse(c.matches("r2"));
    assertFalse(c.matches("R1"));
    assertFalse(c.matches(null));
  }

  @Test
  void notEqualsIsMetByAnotherValueOrNoAttribute() {
    Constraint c = Constraint.parse("rack!=r1");
    assertFalse(c.matches("r1"));
    assertTrue(c.matches("r2"));
    assertTrue(c.matches(null));
  }

  @Test
  void inNeedsOneOfTheValues() {
    Constraint c = Constraint.parse("rack=r1|r2");
    assertTrue(c.matches("r1"));
    assertTrue(c.matches("r2"));
    assertFalse(c.matches("r3"));
    assertFalse(c.matches(null));
  }

  @Test
  void rejectsBadSyntaxWithTheProblemAndAnExample() {
    String expected = " (expected attr=value, attr!=value or attr=v1|v2, e.g. rack=r1)";
    assertEquals("invalid constraint 'rack': no '=' or '!='" + expected, error("rack"));
    assertEquals("invalid constraint '': it is empty" + expected, error("  "));
    assertEquals("invalid constraint '': it is empty" + expected, error(null));
    assertEquals("invalid constraint '=r1': attribute name missing before '='" + expected, error("=r1"));
    assertEquals("invalid constraint '!=r1': attribute name missing before '!='" + expected, error("!=r1"));
    assertEquals("invalid constraint 'rack=': empty value" + expected, error("rack="));
    assertEquals("invalid constraint 'rack=r1||r2': empty value" + expected, error("rack=r1||r2"));
    assertEquals("invalid constraint 'rack==r1': more than one '='" + expected, error("rack==r1"));
    assertEquals("invalid constraint 'rack!=r1|r2': '!=' takes a single value" + expected, error("rack!=r1|r2"));
    assertEquals("invalid constraint 'my rack=r1': attribute name 'my rack' contains a space, '|' or '!'" + expected,
        error("my rack=r1"));
  }

  @Test
  void constructorChecksHowManyValuesAnOperatorTakes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Constraint("rack", Operator.IN, List.of("r1")));
    assertEquals("IN constraint on 'rack' needs at least two values, not [r1]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Constraint("rack", Operator.EQUALS, List.of("r1", "r2")));
    assertEquals("EQUALS constraint on 'rack' needs exactly one value, not [r1, r2]", e.getMessage());
  }

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Constraint.parse(text)).getMessage();
  }
}
