package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ExitCodes;
import io.corral.shell.Main;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import io.corral.shell.script.Interpreter;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * {@code corral token create|list|revoke} against a real master that authenticates, one-shot and
 * through the shell's interpreter; the token it prints then used as the principal's credentials.
 */
class ShellTokenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static MasterServer master;
  static Path operatorTokenFile;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    Path credentials = Files.writeString(dir.resolve("credentials.json"),
        "{\"credentials\": [{\"principal\": \"fw1\", \"secret\": \"s3cret\"}]}");
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(dir.resolve("state"))
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100))
        .withAuthentication(new MasterConfig.Authentication(credentials)));
    url = master.url();
    operatorTokenFile = dir.resolve("state").resolve(MasterServer.OPERATOR_TOKEN_FILE);
  }

  @AfterAll
  static void stop() {
    if (master != null) {
      master.close();
    }
  }

  /** Runs {@code corral ARGS} in a fresh session with {@code env} (and a home of its own, without a local master). */
  private static ShellRun in(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("CORRAL_HOME", dir.resolve("home").toString());
    all.putIfAbsent("CORRAL_MASTER", url);
    ShellSession previous = ShellSession.install(new ShellSession(all));
    try {
      return corral(args);
    } finally {
      ShellSession.install(previous);
    }
  }

  private static ShellRun asOperator(String... args) {
    return in(Map.of("CORRAL_TOKEN_FILE", operatorTokenFile.toString()), args);
  }

  private static void assertOk(ShellRun r) {
    assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
  }

  @Test
  void aCreatedTokenActsAsItsPrincipalUntilRevoked() throws Exception {
    ShellRun created = asOperator("token", "create", "--principal", "ci", "--description", "deploy job",
        "--expires", "30d");
    assertOk(created);
    String token = created.out().strip();
    assertTrue(token.startsWith("crl_") && !token.contains("\n"), "stdout is the token alone: " + created);
    String id = created.err().strip().split(" ")[1];
    assertTrue(created.err().startsWith("token " + id + " for principal ci created, expires "), created::toString);

    ShellRun list = asOperator("token", "list");
    assertOk(list);
    String row = list.outLines().stream().filter(l -> l.startsWith(id)).findFirst()
        .orElseThrow(() -> new AssertionError(list.toString()));
    assertTrue(row.contains("ci") && row.contains("deploy job") && row.endsWith("active"), row);
    assertFalse(list.out().contains(token), "the list never shows a token");
    JsonNode json = JSON.readTree(asOperator("token", "list", "-o", "json").out());
    JsonNode listed = json.get("tokens").get(0);
    assertEquals("ci", listed.get("principal").asText());
    assertFalse(listed.has("token"));

    Path tokenFile = Files.writeString(dir.resolve("ci.token"), token + "\n");
    ShellRun read = in(Map.of("CORRAL_TOKEN_FILE", tokenFile.toString()), "agents");
    assertOk(read);
    ShellRun change = in(Map.of("CORRAL_TOKEN_FILE", tokenFile.toString()), "weights", "set", "dev=2");
    assertEquals(ExitCodes.FAILED, change.exitCode(), change::toString);
    assertTrue(change.err().startsWith("error: the master at " + url + " refused UPDATE_WEIGHTS to a principal token"
        + " from " + tokenFile), change::toString);
    assertFalse(change.err().contains(token), change::toString);

    ShellRun manage = in(Map.of("CORRAL_TOKEN_FILE", tokenFile.toString()), "token", "list");
    assertEquals(ExitCodes.FAILED, manage.exitCode(), manage::toString);
    assertTrue(manage.err().contains("refused GET_TOKENS to a principal token from " + tokenFile
        + " (CORRAL_TOKEN_FILE): 403: "), manage::toString);

    ShellRun revoked = asOperator("token", "revoke", id);
    assertOk(revoked);
    assertEquals("token " + id + " for principal ci revoked", revoked.out().strip());
    assertEquals("token " + id + " for principal ci was revoked already",
        asOperator("token", "revoke", id).out().strip());
    ShellRun refused = in(Map.of("CORRAL_TOKEN_FILE", tokenFile.toString()), "agents");
    assertEquals(ExitCodes.FAILED, refused.exitCode(), refused::toString);
    assertTrue(refused.err().strip().endsWith("401: unknown or revoked token"), refused::toString);
  }

  @Test
  void refusalsHaveTheirExitCodes() {
    ShellRun unknown = asOperator("token", "revoke", "no-such-id");
    assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), unknown::toString);
    assertEquals("error: no token with id 'no-such-id' ('corral token list' shows them)", unknown.err().strip());

    ShellRun noPrincipal = asOperator("token", "create");
    assertEquals(ExitCodes.USAGE, noPrincipal.exitCode(), noPrincipal::toString);
    ShellRun badExpiry = asOperator("token", "create", "--principal", "ci", "--expires", "soon");
    assertEquals(ExitCodes.USAGE, badExpiry.exitCode(), badExpiry::toString);
    assertTrue(badExpiry.err().contains("--expires: expected a number and a unit"), badExpiry::toString);

    ShellRun anonymous = in(Map.of(), "token", "list");
    assertEquals(ExitCodes.FAILED, anonymous.exitCode(), anonymous::toString);
    assertTrue(anonymous.err().contains("needs credentials"), anonymous::toString);
    ShellRun principal = in(Map.of("CORRAL_PRINCIPAL", "fw1", "CORRAL_SECRET", "s3cret"), "token", "create",
        "--principal", "fw1");
    assertEquals(ExitCodes.FAILED, principal.exitCode(), principal::toString);
    assertTrue(principal.err().contains("principal fw1 may not make them"), principal::toString);
  }

  @Test
  void theShellsInterpreterCapturesATokenAndUsesIt() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CORRAL_HOME", dir.resolve("home").toString());
    env.put("CORRAL_MASTER", url);
    env.put("CORRAL_TOKEN_FILE", operatorTokenFile.toString());
    ShellSession session = new ShellSession(env);
    ShellSession previous = ShellSession.install(session);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      Interpreter shell = new Interpreter((f, w) -> Main.newCommandLine(f, w), session, new PrintWriter(out, true),
          new PrintWriter(err, true));
      assertEquals(0, shell.execute("set T=$(token create --principal scripted)"), err::toString);
      String token = session.variables().get("T").strip();
      assertTrue(token.startsWith("crl_") && !token.contains("\n"), "captured the token alone");
      assertEquals(0, shell.execute("token list -o yaml"), err::toString);
      assertTrue(out.toString().contains("principal: scripted"), out::toString);
      assertFalse(out.toString().contains(token), out::toString);
    } finally {
      ShellSession.install(previous);
    }
  }
}
