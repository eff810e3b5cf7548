package io.corral.shell.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.Main;
import io.corral.shell.ShellSession;
import io.corral.shell.daemon.UpCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code scripts/examples/*.corral} runs end to end against a real master and local agent, except
 * those that need SSH hosts: {@link GrowExampleIT} gives {@code grow.corral} its own.
 */
class ExampleScriptsTest {
  private static final Path EXAMPLES = Path.of("..", "scripts", "examples");
  private static final Set<String> NEED_HOSTS = Set.of("grow.corral");

  @TempDir static Path clusterDir;
  static UpCommand.Cluster cluster;

  @TempDir Path home;
  private ShellSession previous;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Interpreter interpreter;

  @BeforeAll
  static void cluster() throws Exception {
    cluster = UpCommand.start(clusterDir, 0, true);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void session() {
    ShellSession session = new ShellSession(Map.of("CORRAL_HOME", home.toString(), "CORRAL_MASTER", cluster.master().url()));
    previous = ShellSession.install(session);
    interpreter = new Interpreter((f, w) -> Main.newCommandLine(f, w), session, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @AfterEach
  void restore() {
    ShellSession.install(previous);
  }

  private int corral(String... args) {
    return interpreter.execute(List.of(args));
  }

  @Test
  void everyExampleScriptRunsToTheEnd() throws Exception {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      scripts = files.filter(f -> f.toString().endsWith(".corral"))
          .filter(f -> !NEED_HOSTS.contains(f.getFileName().toString())).sorted().toList();
    }
    assertTrue(scripts.size() >= 3, "examples: " + scripts);
    for (Path script : scripts) {
      int code = corral("-f", script.toString());
      assertEquals(0, code, script + " failed:\n" + err + "\nstdout:\n" + out);
    }
    assertTrue(out.toString().matches("(?s).*\\nhello-\\w+ +hello +FINISHED .*"), out.toString());
    assertTrue(out.toString().matches("(?s).*\\nsleeper-\\w+ +sleeper +KILLED .*"), out.toString());
    assertTrue(out.toString().matches("(?s).*\\nbatch-3-\\w+ +batch-3 +FINISHED .*"), out.toString());
  }

  @Test
  void aFailingCommandStopsTheScriptWithItsLocationAndCode() throws Exception {
    Path script = Files.writeString(home.resolve("broken.corral"),
        "agents\n# the next task does not exist\ntask show no-such-task\nset AFTER=1\n");
    assertEquals(3, corral("-f", script.toString()));
    assertTrue(err.toString().contains(script + ":3: error: "), err.toString());
    assertFalse(ShellSession.current().variables().containsKey("AFTER"));

    err.getBuffer().setLength(0);
    assertEquals(3, corral("-f", script.toString(), "--keep-going"));
    assertEquals("1", ShellSession.current().variables().get("AFTER"));
  }

  @Test
  void anUnreachableMasterIsExitCodeFourWithOneClearLine() throws Exception {
    assertEquals(4, corral("--master", "http://127.0.0.1:1", "agents"));
    assertTrue(err.toString().startsWith("error: "), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(4, corral("connect", "http://127.0.0.1:1"));
    assertEquals("error: cannot reach the master at http://127.0.0.1:1: connection refused\n", err.toString());
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(2, corral("agents", "--bogus"));
    assertTrue(err.toString().startsWith("error: unknown option '--bogus'\n"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, corral("watch", "-n", "soon", "agents"));
    assertTrue(err.toString().contains("error: --interval: 'soon' is not a number\n"), err.toString());
  }
}
