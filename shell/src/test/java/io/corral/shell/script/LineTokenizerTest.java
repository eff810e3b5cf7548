package io.corral.shell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineTokenizerTest {
  private final List<String> substituted = new ArrayList<>();
  private final LineTokenizer.Expansions vars = new LineTokenizer.Expansions() {
    private final Map<String, String> values = Map.of("A", "one", "SPACED", "two words", "EMPTY", "");

    @Override
    public String variable(String name) {
      return values.get(name);
    }

    @Override
    public String commandOutput(String commandLine) {
      substituted.add(commandLine);
      return "  out:" + commandLine + "\n";
    }
  };

  private List<String> split(String line) {
    return LineTokenizer.split(line, vars);
  }

  @Test
  void blanksSeparateWordsAndCommentsEndTheLine() {
    assertEquals(List.of("agents", "-o", "json"), split("  agents\t-o   json  # all of them"));
    assertEquals(List.of(), split("   # only a comment"));
    assertEquals(List.of("echo", "a#b"), split("echo a#b"));
  }

  @Test
  void singleQuotesAreLiteral() {
    assertEquals(List.of("run", "echo $A \\n \"x\""), split("run 'echo $A \\n \"x\"'"));
    assertEquals(List.of(""), split("''"));
  }

  @Test
  void doubleQuotesExpandAndEscapeOnlyTheirSpecials() {
    assertEquals(List.of("one and \"two\" $ \\n"), split("\"$A and \\\"two\\\" \\$ \\n\""));
    assertEquals(List.of("x two words y"), split("\"x ${SPACED} y\""));
  }

  @Test
  void backslashOutsideQuotesEscapesAnyCharacter() {
    assertEquals(List.of("a b", "$A", "c'd"), split("a\\ b \\$A c\\'d"));
  }

  @Test
  void variablesExpandToOneWordAndEmptyUnquotedOnesVanish() {
    assertEquals(List.of("two words", "one-one"), split("$SPACED ${A}-$A"));
    assertEquals(List.of("a", "b"), split("a $EMPTY b"));
    assertEquals(List.of("a", "", "b"), split("a \"$EMPTY\" b"));
    assertEquals(List.of("cost", "$5", "$"), split("cost $5 $"));
  }

  @Test
  void commandSubstitutionIsTrimmedAndMayNestQuotesAndParens() {
    assertEquals(List.of("T=out:run --name 'a b' -- sh -c \"echo (x)\""),
        split("T=$(run --name 'a b' -- sh -c \"echo (x)\")"));
    assertEquals(List.of("x out:tasks y"), split("\"x $(tasks) y\""));
    assertEquals(2, substituted.size());
  }

  @Test
  void unsetVariableIsAnErrorNamingIt() {
    ScriptException e = assertThrows(ScriptException.class, () -> split("task show $NOPE"));
    assertEquals("variable 'NOPE' is not set", e.getMessage());
    assertEquals(2, e.getExitCode());
  }

  @Test
  void unterminatedQuotesAreErrorsThatMoreInputCouldMend() {
    assertEquals("unterminated single quote",
        assertThrows(ScriptException.class, () -> split("echo 'abc")).getMessage());
    assertEquals("unterminated double quote",
        assertThrows(ScriptException.class, () -> split("echo \"abc")).getMessage());
    assertEquals("unterminated $(", assertThrows(ScriptException.class, () -> split("x $(tasks")).getMessage());
    assertTrue(LineTokenizer.incomplete("run 'sleep"));
    assertTrue(LineTokenizer.incomplete("run sleep \\"));
    assertFalse(LineTokenizer.incomplete("run sleep 1"));
    assertFalse(LineTokenizer.incomplete("task show ${bad name}"), "a bad name is an error, not unfinished input");
  }

  @Test
  void badVariableNameIsAnError() {
    assertEquals("bad variable name '${1x}'",
        assertThrows(ScriptException.class, () -> split("${1x}")).getMessage());
  }
}
