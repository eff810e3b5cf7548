package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.AgentConfig;
import io.corral.remote.agent.AgentDaemon;
import io.corral.remote.agent.TaskRuntimes;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.Credentials;
import io.corral.shell.client.MasterClient;
import io.corral.remote.api.client.ClientTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell against a master that authenticates its callers: the operator token from
 * {@code --token-file}, {@code CORRAL_OPERATOR_TOKEN}, {@code CORRAL_TOKEN_FILE}, the config or the
 * local master's state; HTTP Basic from {@code CORRAL_PRINCIPAL}/{@code CORRAL_SECRET}; and one clear
 * line when the master refuses.
 */
class ShellAuthTest {
  static final String SECRET = "s3cret-of-fw1";
  @TempDir static Path dir;
  static MasterServer master;
  static AgentDaemon agent;
  static Path tokenFile;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(credentials, "{\"credentials\": [{\"principal\": \"fw1\", \"secret\": \"" + SECRET + "\"}]}");
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(dir.resolve("state"))
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100))
        .withAuthentication(new MasterConfig.Authentication(credentials)));
    url = master.url();
    tokenFile = dir.resolve("state").resolve(MasterServer.OPERATOR_TOKEN_FILE);
    agent = AgentDaemon.start(new AgentConfig(URI.create(url), dir.resolve("node-a"), master.bootstrapCredential(),
        "cpus:2;mem:512;disk:1024;ports:[31000-31009]", Map.of(), "node-a", Duration.ofSeconds(1)),
        TaskRuntimes.forThisPlatform());
    MasterClient operator = new MasterClient(URI.create(url), ClientTls.shared(),
        Credentials.token(master.operatorToken(), "test"));
    TestCluster.await(() -> ClusterView.fetch(operator).agents().size() == 1, "the agent registered");
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    if (master != null) {
      master.close();
    }
  }

  /** Runs {@code corral ARGS} in a fresh session with {@code env} (and a home of its own, without a local master). */
  private static ShellRun in(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("CORRAL_HOME", dir.resolve("home").toString());
    ShellSession previous = ShellSession.install(new ShellSession(all));
    try {
      return corral(args);
    } finally {
      ShellSession.install(previous);
    }
  }

  private static void assertNoSecrets(ShellRun r) {
    assertFalse(r.out().contains(master.operatorToken()) || r.err().contains(master.operatorToken()), "token printed");
    assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), "secret printed");
  }

  @Test
  void withoutCredentialsTheCommandSaysWhatToGive() {
    ShellRun r = in(Map.of(), "--master", url, "agents");
    assertEquals(ExitCodes.FAILED, r.exitCode(), r::toString);
    assertEquals("error: the master at " + url + " needs credentials: give --token-file, CORRAL_OPERATOR_TOKEN, or "
        + "CORRAL_PRINCIPAL/CORRAL_SECRET", r.err().strip(), r::toString);

    ShellRun run = in(Map.of(), "--master", url, "run", "--wait", "--", "true");
    assertEquals(ExitCodes.FAILED, run.exitCode(), run::toString);
    assertTrue(run.err().strip().startsWith("error: the master at " + url + " needs credentials"), run::toString);
  }

  @Test
  void theTokenFileOptionWorks() {
    ShellRun r = in(Map.of(), "--master", url, "--token-file", tokenFile.toString(), "agents");
    assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
    assertTrue(r.out().contains("node-a"), r::toString);
    assertNoSecrets(r);

    ShellRun status = in(Map.of(), "--master", url, "--token-file", tokenFile.toString(), "status");
    assertEquals(ExitCodes.OK, status.exitCode(), status::toString);

    // 'node' commands take the same token for Corral's operator calls
    ShellRun nodes = in(Map.of(), "--master", url, "--token-file", tokenFile.toString(), "node", "list");
    assertEquals(ExitCodes.OK, nodes.exitCode(), nodes::toString);
  }

  @Test
  void theTokenFromTheEnvironmentOrTheConfigWorks() throws Exception {
    ShellRun fromEnv = in(Map.of("CORRAL_OPERATOR_TOKEN", master.operatorToken(), "CORRAL_MASTER", url), "agents");
    assertEquals(ExitCodes.OK, fromEnv.exitCode(), fromEnv::toString);
    assertTrue(fromEnv.out().contains("node-a"), fromEnv::toString);

    ShellRun fromFileEnv = in(Map.of("CORRAL_TOKEN_FILE", tokenFile.toString(), "CORRAL_MASTER", url), "tasks");
    assertEquals(ExitCodes.OK, fromFileEnv.exitCode(), fromFileEnv::toString);

    Path home = dir.resolve("configured");
    Files.createDirectories(home);
    Files.writeString(home.resolve("config.yaml"), "master: " + url + "\ntoken-file: '" + tokenFile + "'  # the master's\n");
    ShellRun fromConfig = in(Map.of("CORRAL_HOME", home.toString()), "agents");
    assertEquals(ExitCodes.OK, fromConfig.exitCode(), fromConfig::toString);
  }

  @Test
  void aLoopbackMasterGetsTheLocalMastersTokenByDefault() throws Exception {
    Path home = dir.resolve("local-home");
    Files.createDirectories(home.resolve("master"));
    Files.copy(tokenFile, home.resolve("master").resolve(MasterServer.OPERATOR_TOKEN_FILE));
    ShellRun r = in(Map.of("CORRAL_HOME", home.toString()), "--master", url, "agents");
    assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
  }

  @Test
  void aWrongTokenOrAnUnreadableTokenFileIsNamed() {
    ShellRun wrong = in(Map.of("CORRAL_OPERATOR_TOKEN", "not-the-token"), "--master", url, "agents");
    assertEquals(ExitCodes.FAILED, wrong.exitCode(), wrong::toString);
    assertEquals("error: the master at " + url + " refused the credentials (the operator token from "
        + "CORRAL_OPERATOR_TOKEN): 401: unknown or revoked token", wrong.err().strip(), wrong::toString);
    assertFalse(wrong.err().contains("not-the-token"), wrong::toString);

    Path absent = dir.resolve("absent-token");
    ShellRun option = in(Map.of(), "--master", url, "--token-file", absent.toString(), "agents");
    assertEquals(ExitCodes.USAGE, option.exitCode(), option::toString);
    assertTrue(option.err().contains("--token-file: cannot read " + absent), option::toString);

    ShellRun env = in(Map.of("CORRAL_TOKEN_FILE", absent.toString()), "--master", url, "agents");
    assertEquals(ExitCodes.USAGE, env.exitCode(), env::toString);
    assertEquals("error: cannot read the operator token file " + absent + " (from CORRAL_TOKEN_FILE)",
        env.err().strip(), env::toString);
  }

  @Test
  void runWaitWorksWithTheToken() {
    ShellRun r = in(Map.of(), "--master", url, "--token-file", tokenFile.toString(), "run", "--wait", "--", "true");
    assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
    assertNoSecrets(r);

    // the sandbox through READ_FILE too
    ShellRun echo = in(Map.of(), "--master", url, "--token-file", tokenFile.toString(), "run", "--wait", "--", "echo hi there");
    assertEquals(ExitCodes.OK, echo.exitCode(), echo::toString);
    ShellRun logs = in(Map.of(), "--master", url, "--token-file", tokenFile.toString(), "logs", echo.out().strip());
    assertEquals(ExitCodes.OK, logs.exitCode(), logs::toString);
    assertEquals("hi there", logs.out().strip(), logs::toString);
  }

  @Test
  void aPrincipalMayReadButNotChange() {
    Map<String, String> fw1 = Map.of("CORRAL_PRINCIPAL", "fw1", "CORRAL_SECRET", SECRET, "CORRAL_MASTER", url);
    ShellRun agents = in(fw1, "agents");
    assertEquals(ExitCodes.OK, agents.exitCode(), agents::toString);
    assertTrue(agents.out().contains("node-a"), agents::toString);
    ShellRun tasks = in(fw1, "tasks");
    assertEquals(ExitCodes.OK, tasks.exitCode(), tasks::toString);
    assertNoSecrets(tasks);

    ShellRun weights = in(fw1, "weights", "set", "dev=2");
    assertEquals(ExitCodes.FAILED, weights.exitCode(), weights::toString);
    assertTrue(weights.err().strip().startsWith("error: the master at " + url + " refused UPDATE_WEIGHTS to principal fw1"
        + " from CORRAL_PRINCIPAL/CORRAL_SECRET: "), weights::toString);
    assertEquals(1, weights.err().strip().lines().count(), weights::toString);

    ShellRun wrong = in(Map.of("CORRAL_PRINCIPAL", "fw1", "CORRAL_SECRET", "guess", "CORRAL_MASTER", url), "agents");
    assertEquals(ExitCodes.FAILED, wrong.exitCode(), wrong::toString);
    assertEquals("error: the master at " + url + " refused the credentials (principal fw1 from "
        + "CORRAL_PRINCIPAL/CORRAL_SECRET): 401: principal fw1: wrong secret", wrong.err().strip(), wrong::toString);

    // a framework may register as its principal over the scheduler API
    ShellRun run = in(fw1, "run", "--wait", "--", "true");
    assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
    assertNoSecrets(run);

    ShellRun noSecret = in(Map.of("CORRAL_PRINCIPAL", "fw1", "CORRAL_MASTER", url), "agents");
    assertEquals(ExitCodes.USAGE, noSecret.exitCode(), noSecret::toString);
  }
}
