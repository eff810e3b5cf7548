package io.corral.shell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.Main;
import io.corral.shell.ShellSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts run through the same interpreter and command tree as {@code corral -f FILE}. */
class ScriptRunnerTest {
  @TempDir Path dir;
  private ShellSession previous;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Interpreter interpreter;

  @BeforeEach
  void session() {
    ShellSession session = new ShellSession(Map.of("CORRAL_HOME", dir.toString(), "FROM_ENV", "env-value"));
    previous = ShellSession.install(session);
    interpreter = new Interpreter((f, w) -> Main.newCommandLine(f, w), session, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @AfterEach
  void restore() {
    ShellSession.install(previous);
  }

  private int corral(String... args) {
    return interpreter.execute(java.util.List.of(args));
  }

  private Path script(String name, String... lines) throws Exception {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  @Test
  void variablesCommentsContinuationsAndCapturedOutput() throws Exception {
    Path file = script("ok.corral",
        "# a comment, then a blank line",
        "",
        "set NAME=world GREETING='hello there'",
        "set LINE=\"$GREETING, ${NAME}\"   # trailing comment",
        "set SHELLS=$(completion \\",
        "  zsh)",
        "set HOME_VAR=$FROM_ENV",
        "set MULTI='a",
        "b'");
    assertEquals(0, corral("-f", file.toString()), err.toString());
    Map<String, String> vars = ShellSession.current().variables();
    assertEquals("hello there, world", vars.get("LINE"));
    assertTrue(vars.get("SHELLS").startsWith("#compdef corral"), vars.get("SHELLS"));
    assertFalse(vars.get("SHELLS").endsWith("\n"), "captured output is trimmed");
    assertEquals("env-value", vars.get("HOME_VAR"));
    assertEquals("a\nb", vars.get("MULTI"));
    assertEquals("", err.toString());
  }

  @Test
  void firstFailingLineStopsTheScriptWithItsLocationAndExitCode() throws Exception {
    Path file = script("fail.corral", "set A=1", "bogus-command --x", "set B=2");
    assertEquals(2, corral("-f", file.toString()));
    assertTrue(err.toString().startsWith(file + ":2: error: unknown command 'bogus-command' for 'corral'"),
        err.toString());
    assertEquals("1", ShellSession.current().variables().get("A"));
    assertFalse(ShellSession.current().variables().containsKey("B"), "lines after the failure must not run");
  }

  @Test
  void exitCodeOfTheFailingCommandIsTheScripts() throws Exception {
    Path file = script("exit.corral", "set A=1", "exit 3", "set B=2");
    assertEquals(3, corral("-f", file.toString()));
    assertFalse(ShellSession.current().variables().containsKey("B"));
  }

  @Test
  void keepGoingRunsEveryLineAndReturnsTheFirstFailure() throws Exception {
    Path file = script("many.corral", "help no-such-command", "set A=1", "task show $UNSET", "set B=2");
    assertEquals(2, corral("-f", file.toString(), "--keep-going"));
    String[] errors = err.toString().lines().filter(l -> l.contains("error:")).toArray(String[]::new);
    assertEquals(2, errors.length, err.toString());
    assertTrue(errors[0].startsWith(file + ":1: error: no command 'no-such-command'"), errors[0]);
    assertEquals(file + ":3: error: variable 'UNSET' is not set", errors[1]);
    assertEquals("2", ShellSession.current().variables().get("B"));
  }

  @Test
  void failedSubstitutionStopsItsLineOnce() throws Exception {
    Path file = script("subst.corral", "set T=$(help nothing-here)", "set AFTER=1");
    assertEquals(2, corral("-f", file.toString()));
    assertEquals(1, err.toString().lines().filter(l -> l.contains("error:")).count(), err.toString());
    assertTrue(err.toString().startsWith(file + ":1: error: no command 'nothing-here'"), err.toString());
    assertFalse(ShellSession.current().variables().containsKey("T"));
  }

  @Test
  void sourceRunsAScriptInTheSameSessionAndMissingFilesAreNotFound() throws Exception {
    Path inner = script("inner.corral", "set FROM_INNER=yes");
    Path outer = script("outer.corral", "source " + inner, "set SEEN=$FROM_INNER");
    assertEquals(0, corral("-f", outer.toString()), err.toString());
    assertEquals("yes", ShellSession.current().variables().get("SEEN"));

    assertEquals(3, corral("-f", dir.resolve("missing.corral").toString()));
    assertTrue(err.toString().contains("error: no such script: " + dir.resolve("missing.corral")), err.toString());
  }

  @Test
  void aScriptThatSourcesItselfStops() throws Exception {
    Path loop = dir.resolve("loop.corral");
    Files.writeString(loop, "source " + loop + "\n");
    assertEquals(1, corral("-f", loop.toString()));
    assertTrue(err.toString().contains("nested more than"), err.toString());
  }

  @Test
  void setRejectsBadNames() {
    assertEquals(2, corral("set", "1x=2"));
    assertTrue(err.toString().contains("expected NAME=VALUE"), err.toString());
  }
}
