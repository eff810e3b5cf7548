package io.corral.shell.daemon;

import static io.corral.shell.ShellRun.corral;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS options of {@code corral master} and {@code corral agent}: usage errors, defaults, both agent start paths. */
class TlsOptionsTest {
  @TempDir Path dir;

  @Test
  void masterTlsOptionsThatCannotWorkAreUsageErrors() {
    ShellRun on = corral("master", "--tls", "on", "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, on.exitCode(), on::toString);
    assertTrue(on.err().contains("--tls on needs --tls-cert FILE and --tls-key FILE (PEM)"), on::toString);
    ShellRun mode = corral("master", "--tls", "maybe", "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, mode.exitCode(), mode::toString);
    assertTrue(mode.err().contains("--tls must be auto, on or off, not 'maybe'"), mode::toString);
    ShellRun cert = corral("master", "--tls-cert", "x.pem", "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, cert.exitCode(), cert::toString);
    assertTrue(cert.err().contains("--tls-cert and --tls-key need --tls on"), cert::toString);
    ShellRun missing = corral("master", "--tls", "on", "--tls-cert", dir.resolve("no.pem").toString(), "--tls-key",
        dir.resolve("no-key.pem").toString(), "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, missing.exitCode(), missing::toString);
    assertTrue(missing.err().contains("cannot read " + dir.resolve("no.pem")), missing::toString);
    ShellRun caOff = corral("master", "--tls", "off", "--tls-ca", "ca.pem", "--tls-ca-key", "ca-key.pem",
        "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, caOff.exitCode(), caOff::toString);
    assertTrue(caOff.err().contains("--tls-ca and --tls-ca-key need --tls auto"), caOff::toString);
    ShellRun caAlone = corral("master", "--tls", "auto", "--tls-ca", "ca.pem", "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, caAlone.exitCode(), caAlone::toString);
    assertTrue(caAlone.err().contains("--tls-ca and --tls-ca-key go together"), caAlone::toString);
    ShellRun caMissing = corral("master", "--tls", "auto", "--tls-ca", dir.resolve("ca.pem").toString(),
        "--tls-ca-key", dir.resolve("ca-key.pem").toString(), "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, caMissing.exitCode(), caMissing::toString);
    assertTrue(caMissing.err().contains("cannot read " + dir.resolve("ca.pem")), caMissing::toString);
    assertFalse(Files.exists(dir.resolve("tls")), "nothing made for a refused command line");
  }

  @Test
  void authenticationOptionsThatCannotWorkAreUsageErrors() {
    ShellRun credentials = corral("master", "--credentials", dir.resolve("c.json").toString(), "--state-dir",
        dir.toString());
    assertEquals(ExitCodes.USAGE, credentials.exitCode(), credentials::toString);
    assertTrue(credentials.err().contains("--credentials needs --authenticate"), credentials::toString);
    ShellRun unreadable = corral("master", "--authenticate", "--credentials", dir.resolve("none.json").toString(),
        "--state-dir", dir.toString());
    assertEquals(ExitCodes.USAGE, unreadable.exitCode(), unreadable::toString);
    assertTrue(unreadable.err().contains("cannot read the credentials file " + dir.resolve("none.json")),
        unreadable::toString);
  }

  @Test
  void tlsIsOffByDefaultOnlyOnLoopback() {
    assertTrue(MasterCommand.isLoopback("127.0.0.1"));
    assertTrue(MasterCommand.isLoopback("127.0.0.2"));
    assertTrue(MasterCommand.isLoopback("localhost"));
    assertTrue(MasterCommand.isLoopback("[::1]"));
    assertFalse(MasterCommand.isLoopback("0.0.0.0"));
    assertFalse(MasterCommand.isLoopback("10.0.0.5"));
  }

  @Test
  void theAgentTakesACaFileOnBothStartPaths() throws Exception {
    assertEquals(Map.of("--master", "https://10.0.0.1:5050", "--ca-file", "/opt/corral/etc/ca.pem"),
        AgentFastStart.parse(new String[] {"agent", "--master", "https://10.0.0.1:5050", "--ca-file",
            "/opt/corral/etc/ca.pem"}));
    String credential = Files.writeString(dir.resolve("credential"), "x.y\n").toString();
    // an unreadable CA file goes to picocli, which says so (exit 2)
    assertTrue(AgentFastStart.run(new String[] {"agent", "--master", "https://127.0.0.1:1", "--credential-file",
        credential, "--ca-file", dir.resolve("none.pem").toString()}, java.util.Map.of()).isEmpty());
    ShellRun r = corral("agent", "--master", "https://127.0.0.1:1", "--credential-file", credential, "--ca-file",
        dir.resolve("none.pem").toString());
    assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    assertTrue(r.err().contains("cannot read the CA file " + dir.resolve("none.pem")), r::toString);
  }
}
