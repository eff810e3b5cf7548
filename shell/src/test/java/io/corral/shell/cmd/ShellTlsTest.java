package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.MasterTls;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell against a master that serves HTTPS only: the CA file from --ca-file, CORRAL_CA_FILE or the config. */
class ShellTlsTest {
  @TempDir static Path dir;
  static MasterServer master;
  static Path ca;

  @BeforeAll
  static void start() {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(dir.resolve("state"))
        .withTls(MasterTls.generated(List.of())));
    ca = dir.resolve("state/tls/ca.pem");
  }

  @AfterAll
  static void stop() {
    if (master != null) {
      master.close();
    }
  }

  /** Runs {@code corral ARGS} in a fresh session with {@code env} (and a home of its own). */
  private static ShellRun in(Map<String, String> env, String... args) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putIfAbsent("CORRAL_HOME", dir.resolve("home").toString());
    ShellSession previous = ShellSession.install(new ShellSession(all));
    try {
      return corral(args);
    } finally {
      ShellSession.install(previous);
    }
  }

  @Test
  void withTheCaFileCommandsWork() {
    ShellRun agents = in(Map.of(), "--master", master.url(), "--ca-file", ca.toString(), "agents", "-o", "json");
    assertEquals(ExitCodes.OK, agents.exitCode(), agents::toString);
    assertEquals("{ }", agents.out().strip(), agents::toString); // GET_AGENTS with no agent yet

    ShellRun status = in(Map.of(), "--master", master.url(), "--ca-file", ca.toString(), "status");
    assertEquals(ExitCodes.OK, status.exitCode(), status::toString);
    assertTrue(status.out().startsWith("master      " + master.url()), status::toString);

    ShellRun nodes = in(Map.of(), "--master", master.url(), "--ca-file", ca.toString(), "node", "list",
        "--operator-token-file", dir.resolve("state/operator-token").toString());
    assertEquals(ExitCodes.OK, nodes.exitCode(), nodes::toString);
  }

  @Test
  void withoutTheCaFileTheCommandFailsSayingWhy() {
    ShellRun r = in(Map.of(), "--master", master.url(), "agents");
    assertEquals(ExitCodes.MASTER_UNREACHABLE, r.exitCode(), r::toString);
    String err = r.err().strip();
    assertTrue(err.startsWith("error: cannot reach the master at " + master.url() + ": TLS failed: the master's certificate"),
        r::toString);
    assertTrue(err.endsWith("is not signed by the JDK's default trust store (give --ca-file)"), r::toString);

    ShellRun missing = in(Map.of(), "--master", master.url(), "--ca-file", dir.resolve("nope.pem").toString(), "agents");
    assertEquals(ExitCodes.USAGE, missing.exitCode(), missing::toString);
    assertTrue(missing.err().contains("--ca-file: cannot read " + dir.resolve("nope.pem")), missing::toString);
  }

  @Test
  void theCaFileComesFromTheEnvironmentOrTheConfigFile() throws Exception {
    ShellRun fromEnv = in(Map.of("CORRAL_CA_FILE", ca.toString(), "CORRAL_MASTER", master.url()), "agents");
    assertEquals(ExitCodes.OK, fromEnv.exitCode(), fromEnv::toString);

    Path home = dir.resolve("configured");
    Files.createDirectories(home);
    Files.writeString(home.resolve("config.yaml"), "master: " + master.url() + "\nca-file: '" + ca + "'  # the master's CA\n");
    ShellRun fromConfig = in(Map.of("CORRAL_HOME", home.toString()), "agents");
    assertEquals(ExitCodes.OK, fromConfig.exitCode(), fromConfig::toString);
  }

  @Test
  void aLoopbackMasterIsVerifiedWithTheLocalMastersCaByDefault() throws Exception {
    Path home = dir.resolve("local-home");
    Files.createDirectories(home.resolve("master/tls"));
    Files.copy(ca, home.resolve("master/tls/ca.pem"));
    Supplier<ShellRun> run = () -> in(Map.of("CORRAL_HOME", home.toString()), "--master", master.url(), "agents");
    ShellRun r = run.get();
    assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
  }

  @Test
  void trustPinsTheMastersCaAfterTheFingerprintIsConfirmed() throws Exception {
    Map<String, String> home = Map.of("CORRAL_HOME", dir.resolve("pinning-home").toString());
    String fingerprint = io.corral.remote.api.client.ClientTls.fingerprint(
        io.corral.remote.api.client.ClientTls.readCertificates(ca).get(0));

    ShellRun unconfirmed = in(home, "trust", master.url());
    assertEquals(ExitCodes.USAGE, unconfirmed.exitCode(), unconfirmed::toString);
    assertTrue(unconfirmed.out().contains("CA SHA-256   " + fingerprint), unconfirmed::toString);
    assertTrue(unconfirmed.err().contains("nothing pinned: compare the fingerprint"), unconfirmed::toString);

    String other = "AB:" + fingerprint.substring(3, fingerprint.length() - 2) + (fingerprint.endsWith("00") ? "01" : "00");
    ShellRun mismatch = in(home, "trust", master.url(), "--fingerprint", other);
    assertEquals(ExitCodes.FAILED, mismatch.exitCode(), mismatch::toString);
    assertTrue(mismatch.err().contains("the CA's fingerprint is " + fingerprint + ", not " + other), mismatch::toString);
    ShellRun stillRefused = in(home, "--master", master.url(), "agents");
    assertEquals(ExitCodes.MASTER_UNREACHABLE, stillRefused.exitCode(), stillRefused::toString);

    ShellRun pinned = in(home, "trust", master.url(), "--fingerprint", fingerprint.toLowerCase().replace(":", ""));
    assertEquals(ExitCodes.OK, pinned.exitCode(), pinned::toString);
    Path pin = dir.resolve("pinning-home/known-masters/127.0.0.1_" + master.port() + ".pem");
    assertEquals(Files.readString(ca).strip(), Files.readString(pin).strip(), "the master's CA is what was pinned");
    ShellRun agents = in(home, "--master", master.url(), "agents", "-o", "json");
    assertEquals(ExitCodes.OK, agents.exitCode(), agents::toString);

    ShellRun forgotten = in(home, "trust", master.url(), "--forget");
    assertEquals(ExitCodes.OK, forgotten.exitCode(), forgotten::toString);
    assertTrue(Files.notExists(pin));
    ShellRun plain = in(home, "trust", "http://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, plain.exitCode(), plain::toString);
    assertTrue(plain.err().contains("is not an https:// master"), plain::toString);
  }
}
