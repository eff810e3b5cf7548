package io.corral.remote.api.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputRulesTest {

  // ------------------------------------------------------------------ ids

  @Test
  void idsMesosTakesAreFine() {
    assertNull(InputRules.idProblem("task_id", "web-1"));
    assertNull(InputRules.idProblem("task_id", "12220-3440-12532-my-task.2:x_y@z"));
    assertNull(InputRules.idProblem("task_id", "tâche-ü-日本"));
    assertNull(InputRules.idProblem("task_id", "emoji-\uD83D\uDE00"));
    assertNull(InputRules.idProblem("task_id", "...")); // only "." and ".." name directories
    assertNull(InputRules.idProblem("task_id", "a".repeat(255)));
  }

  @Test
  void mesosRuleNonEmptyNoControlCharactersNoSlashes() {
    assertEquals("task_id: must not be empty", InputRules.idProblem("task_id", ""));
    assertEquals("task_id: must not be empty", InputRules.idProblem("task_id", null));
    assertEquals("task_id: 'abc/d' contains '/'", InputRules.idProblem("task_id", "abc/d"));
    assertEquals("executor_id: 'a\\b' contains '\\'", InputRules.idProblem("executor_id", "a\\b"));
    assertEquals("task_id: 'a\\u0001b' contains a control character (U+0001)", InputRules.idProblem("task_id", "a\u0001b"));
    assertEquals("task_id: 'a\\u007F' contains a control character (U+007F)", InputRules.idProblem("task_id", "a\u007f"));
    assertEquals("task_id: 'x\\u0085' contains a control character (U+0085)", InputRules.idProblem("task_id", "x\u0085"));
    assertEquals("task_id: contains a NUL character (at index 1)", InputRules.idProblem("task_id", "a\u0000"));
  }

  @Test
  void corralAddsALengthLimitDotsSurrogatesAndWhitespace() {
    assertEquals("task_id: 10000 bytes, over the limit of 255", InputRules.idProblem("task_id", "a".repeat(10_000)));
    // Bytes in UTF-8, not characters: 128 two-byte characters are 256 bytes.
    assertEquals("task_id: 256 bytes, over the limit of 255", InputRules.idProblem("task_id", "é".repeat(128)));
    assertNull(InputRules.idProblem("task_id", "é".repeat(127)));
    // A surrogate pair is one four-byte character.
    assertEquals("task_id: 256 bytes, over the limit of 255",
        InputRules.idProblem("task_id", "\uD83D\uDE00".repeat(64)));
    assertEquals("task_id: '.' is not allowed (it names a directory)", InputRules.idProblem("task_id", "."));
    assertEquals("task_id: '..' is not allowed (it names a directory)", InputRules.idProblem("task_id", ".."));
    assertEquals("framework_id: contains a lone UTF-16 surrogate (U+D800 at index 2)",
        InputRules.idProblem("framework_id", "ab\uD800"));
    assertEquals("framework_id: contains a lone UTF-16 surrogate (U+DE00 at index 0)",
        InputRules.idProblem("framework_id", "\uDE00\uD83D"));
    assertEquals("agent_id: 'a b' contains whitespace", InputRules.idProblem("agent_id", "a b"));
    assertEquals("agent_id: 'a\\u0009b' contains a control character (U+0009)", InputRules.idProblem("agent_id", "a\tb"));
    assertEquals("agent_id: 'a\u2003b' contains whitespace", InputRules.idProblem("agent_id", "a\u2003b"));
  }

  @Test
  void aLongBadIdIsShownCutShort() {
    String problem = InputRules.idProblem("task_id", "x".repeat(100) + "/");
    assertEquals("task_id: '" + "x".repeat(64) + "' (101 characters, shown up to 64) contains '/'", problem);
  }

  // ------------------------------------------------------------------ text

  @Test
  void textRefusesLoneSurrogatesNulAndLength() {
    assertNull(InputRules.textProblem("framework_info.name", "my framework / with spaces\tand\ttabs", 1024));
    assertNull(InputRules.textProblem("framework_info.name", null, 1024));
    assertNull(InputRules.textProblem("framework_info.name", "", 1024));
    assertEquals("framework_info.name: contains a lone UTF-16 surrogate (U+D800 at index 3)",
        InputRules.textProblem("framework_info.name", "bad\uD800name", 1024));
    assertEquals("framework_info.name: contains a NUL character (at index 2)",
        InputRules.textProblem("framework_info.name", "ab\u0000c", 1024));
    assertEquals("framework_info.name: 1025 bytes, over the limit of 1024",
        InputRules.textProblem("framework_info.name", "n".repeat(1025), 1024));
    assertNull(InputRules.textProblem("framework_info.name", "n".repeat(1024), 1024));
    assertEquals("name: 6 bytes, over the limit of 5", InputRules.textProblem("name", "日本", 5));
  }

  // ------------------------------------------------------------------ roles

  @Test
  void rolesFollowTheCoreRulesAndTheTextRules() {
    assertNull(InputRules.roleProblem("role", "*"));
    assertNull(InputRules.roleProblem("role", "engineering"));
    assertEquals("role: must not be empty", InputRules.roleProblem("role", ""));
    assertEquals("role: invalid role name '..'", InputRules.roleProblem("role", ".."));
    assertEquals("role: invalid character in role name 'has space'", InputRules.roleProblem("role", "has space"));
    assertEquals("role: contains a lone UTF-16 surrogate (U+D800 at index 1)", InputRules.roleProblem("role", "r\uD800"));
    assertEquals("role: 1025 bytes, over the limit of 1024", InputRules.roleProblem("role", "r".repeat(1025)));
  }

  // ------------------------------------------------------------------ numbers

  @Test
  void numbersAreFiniteAndInRange() {
    assertNull(InputRules.numberProblem("mem", 0, 0, 10));
    assertNull(InputRules.numberProblem("mem", 10, 0, 10));
    assertNull(InputRules.numberProblem("cpus", 0.5, 0, 10));
    assertEquals("mem: NaN is not a finite number", InputRules.numberProblem("mem", Double.NaN, 0, 10));
    assertEquals("mem: Infinity is not a finite number",
        InputRules.numberProblem("mem", Double.POSITIVE_INFINITY, 0, 10));
    assertEquals("limits.mem: -Infinity is not a finite number",
        InputRules.numberProblem("limits.mem", Double.NEGATIVE_INFINITY, 0, 10));
    assertEquals("mem: -1 is below the minimum of 0", InputRules.numberProblem("mem", -1, 0, 10));
    assertEquals("cpus: 10.5 is over the limit of 10", InputRules.numberProblem("cpus", 10.5, 0, 10));
    assertEquals("cpus: 2000000000000 is over the limit of 1000000000000",
        InputRules.numberProblem("cpus", 2e12, 0, 1e12));
    assertEquals("cpus: 1.0E300 is over the limit of 1000000000000", InputRules.numberProblem("cpus", 1e300, 0, 1e12));
  }

  @Test
  void everyProblemStartsWithItsField() {
    for (String problem : new String[] {InputRules.idProblem("x.y", "a/b"), InputRules.textProblem("x.y", "\uD800", 9),
        InputRules.numberProblem("x.y", Double.NaN, 0, 1), InputRules.roleProblem("x.y", "-r")}) {
      assertTrue(problem.startsWith("x.y: "), problem);
    }
  }
}
