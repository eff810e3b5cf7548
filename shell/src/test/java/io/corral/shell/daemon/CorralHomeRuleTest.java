package io.corral.shell.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.ExitCodes;
import io.corral.shell.Main;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import io.corral.shell.client.CorralHome;
import io.corral.shell.client.Credentials;
import io.corral.shell.script.ShellFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One rule for Corral's directory, followed by every command: CORRAL_HOME, else $HOME/.corral, else user.home. */
class CorralHomeRuleTest {
  @TempDir Path dir;

  @Test
  void corralHomeThenHomeThenTheJavaUserHome() {
    assertEquals(dir.resolve("c"), CorralHome.dirFrom(Map.of("CORRAL_HOME", dir.resolve("c").toString(), "HOME", "/h")));
    assertEquals(Path.of("/h/.corral"), CorralHome.dirFrom(Map.of("HOME", "/h")));
    assertEquals(Path.of("/h/.corral"), CorralHome.dirFrom(Map.of("CORRAL_HOME", " ", "HOME", "/h")));
    assertEquals(Path.of(System.getProperty("user.home"), ".corral"), CorralHome.dirFrom(Map.of()));
  }

  private static <T> T parsed(ShellSession session, String... args) {
    CommandLine root = Main.newCommandLine(new ShellFactory(null, session));
    CommandLine.ParseResult result = root.parseArgs(args);
    return result.subcommand().commandSpec().commandLine().getCommand();
  }

  @Test
  void daemonsAndTheShellResolveTheirDirectoriesUnderTheSameHome() {
    Path home = dir.resolve("home");
    for (Map<String, String> env : java.util.List.of(Map.of("CORRAL_HOME", home.toString(), "HOME", "/elsewhere"),
        Map.of("HOME", dir.toString()))) {
      Path expected = env.containsKey("CORRAL_HOME") ? home : dir.resolve(".corral");
      ShellSession session = new ShellSession(env);
      assertEquals(expected, session.home());
      MasterCommand master = parsed(session, "master");
      assertEquals(expected.resolve("master"), master.stateDir());
      AgentCommand agent = parsed(session, "agent", "--master", "http://127.0.0.1:5050");
      assertEquals(expected.resolve("agent"), agent.workDir());
      assertEquals(expected.resolve("master").resolve("agent-credential"), agent.credentialFile());
      UpCommand up = parsed(session, "up");
      assertEquals(expected, up.stateDir());
    }
  }

  @Test
  void theAgentLooksForTheLocalMastersCredentialUnderTheHome() {
    Path home = dir.resolve("home");
    ShellSession previous = ShellSession.install(new ShellSession(Map.of("CORRAL_HOME", home.toString())));
    try {
      ShellRun r = ShellRun.corral("agent", "--master", "http://127.0.0.1:1");
      assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
      assertTrue(r.err().contains("cannot read the credential file " + home.resolve("master/agent-credential")), r::toString);
    } finally {
      ShellSession.install(previous);
    }
  }

  @Test
  void aLoopbackMastersOperatorTokenIsReadFromTheHome() throws Exception {
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve("master"));
    Files.writeString(home.resolve("master/operator-token"), "tok-1\n");
    ShellSession session = new ShellSession(Map.of("CORRAL_HOME", home.toString()));
    Credentials credentials = session.credentials(URI.create("http://127.0.0.1:5050"));
    assertEquals("tok-1", credentials.token());
  }
}
