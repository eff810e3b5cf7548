package io.corral.shell.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corral master --config FILE} and {@code corral agent --config FILE}: options from YAML, the command line winning. */
class DaemonConfigFileTest {
  @TempDir Path dir;

  private ShellRun corral(String... args) {
    ShellSession previous = ShellSession.install(new ShellSession(Map.of("CORRAL_HOME", dir.resolve("home").toString())));
    try {
      return ShellRun.corral(args);
    } finally {
      ShellSession.install(previous);
    }
  }

  @Test
  void theFileSetsOptionsAndTheCommandLineWins() throws Exception {
    Path config = Files.writeString(dir.resolve("master.yaml"), "tls: maybe\nstate-dir: " + dir + "\n");
    ShellRun fromFile = corral("master", "--config", config.toString());
    assertEquals(ExitCodes.USAGE, fromFile.exitCode(), fromFile::toString);
    assertTrue(fromFile.err().contains("--tls must be auto, on or off, not 'maybe'"), fromFile::toString);
    ShellRun flagWins = corral("master", "--config", config.toString(), "--tls", "sometimes");
    assertTrue(flagWins.err().contains("not 'sometimes'"), flagWins::toString);

    Path agent = Files.writeString(dir.resolve("agent.yaml"), "master: http://127.0.0.1:1\nno-switch-user: true\n");
    ShellRun a = corral("agent", "--config", agent.toString());
    assertEquals(ExitCodes.USAGE, a.exitCode(), a::toString);
    assertTrue(a.err().contains("cannot read the credential file " + dir.resolve("home/master/agent-credential")), a::toString);
  }

  @Test
  void unknownNamesBadValuesAndBadYamlAreRefusedNamingTheFile() throws Exception {
    Path typo = Files.writeString(dir.resolve("typo.yaml"), "listne: 0.0.0.0:5050\n");
    ShellRun r = corral("master", "--config", typo.toString());
    assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    assertTrue(r.err().contains(typo + ": 'listne' is not an option of corral master"), r::toString);

    Path number = Files.writeString(dir.resolve("number.yaml"), "heartbeat-seconds: soon\n");
    assertTrue(corral("master", "--config", number.toString()).err()
        .contains(number + ": 'heartbeat-seconds' must be a whole number, not 'soon'"));

    Path broken = Files.writeString(dir.resolve("broken.yaml"), "listen: [a\n");
    ShellRun b = corral("master", "--config", broken.toString());
    assertEquals(ExitCodes.USAGE, b.exitCode(), b::toString);
    assertTrue(b.err().matches("(?s).*" + java.util.regex.Pattern.quote(broken.toString()) + ":\\d+:\\d+: not valid YAML.*"),
        b::toString);
  }
}
