package io.corral.shell.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.yaml with named contexts, the flat form of earlier versions, and the context commands. */
class ClientConfigTest {
  @TempDir Path home;

  private ShellRun corral(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("CORRAL_HOME", home.toString());
    ShellSession previous = ShellSession.install(new ShellSession(env));
    try {
      return ShellRun.corral(args);
    } finally {
      ShellSession.install(previous);
    }
  }

  private ShellRun corral(String... args) {
    return corral(Map.of(), args);
  }

  @Test
  void theFlatFormOfEarlierVersionsIsTheUnnamedContext() throws Exception {
    Files.writeString(home.resolve("config.yaml"), "# mine\nmaster: http://10.0.0.5:5050  # the lab\nca-file: /etc/ca.pem\n");
    ShellSession session = new ShellSession(Map.of("CORRAL_HOME", home.toString()));
    assertEquals(URI.create("http://10.0.0.5:5050"), session.master());
    assertEquals(Path.of("/etc/ca.pem"), session.caFile());
    assertTrue(session.masterNamed());
  }

  @Test
  void contextsAreSetListedUsedAndDeleted() throws Exception {
    assertEquals(0, corral("context", "set", "prod", "--master", "https://10.0.0.5:5050", "--ca-file", "/etc/prod-ca.pem",
        "--token-file", "/etc/prod-token").exitCode());
    assertEquals(0, corral("context", "set", "local", "--master", "http://127.0.0.1:5050").exitCode());
    Path file = home.resolve("config.yaml");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    ShellSession session = new ShellSession(Map.of("CORRAL_HOME", home.toString()));
    assertEquals(URI.create("http://127.0.0.1:5050"), ShellSession.DEFAULT_MASTER);
    assertEquals(null, session.context().name(), "no current context yet");

    ShellRun use = corral("context", "use", "prod");
    assertEquals(0, use.exitCode(), use::toString);
    assertEquals(URI.create("https://10.0.0.5:5050"), new ShellSession(Map.of("CORRAL_HOME", home.toString())).master());
    assertEquals(Path.of("/etc/prod-ca.pem"), new ShellSession(Map.of("CORRAL_HOME", home.toString())).caFile());

    ShellRun list = corral("context", "list");
    assertEquals("  NAME   MASTER\n* prod   https://10.0.0.5:5050\n  local  http://127.0.0.1:5050\n", list.out(), list::toString);
    ShellRun other = corral(Map.of("CORRAL_CONTEXT", "local"), "context", "show");
    assertTrue(other.out().contains("context:     local\n"), other::toString);
    ShellRun option = corral("--context", "local", "context", "show");
    assertTrue(option.out().contains("master:      http://127.0.0.1:5050\n"), option::toString);

    ShellRun unknown = corral("--context", "staging", "context", "show");
    assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.err().contains("no context 'staging' in " + file + "; known: prod, local"), unknown::toString);

    assertEquals(0, corral("context", "set", "prod", "--master", "https://10.0.0.6:5050").exitCode());
    ConfigContext prod = ClientConfig.read(file).contexts().get("prod");
    assertEquals(new ConfigContext("prod", "https://10.0.0.6:5050", "/etc/prod-ca.pem", "/etc/prod-token"), prod);

    assertEquals(0, corral("context", "delete", "prod").exitCode());
    assertEquals(java.util.Set.of("local"), ClientConfig.read(file).contexts().keySet());
    assertTrue(ClientConfig.read(file).currentContext().isEmpty(), "the deleted context is no longer current");
    assertEquals(ExitCodes.NOT_FOUND, corral("context", "delete", "prod").exitCode());
  }

  @Test
  void aMalformedFileIsAUsageErrorWithItsLineAndColumn() throws Exception {
    Path file = home.resolve("config.yaml");
    Files.writeString(file, "contexts:\n  prod: {master: http://a:5050\ncurrent-context: prod\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ClientConfig.read(file));
    assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: not valid YAML: .*"),
        e.getMessage());
    ShellRun r = corral("status");
    assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
    assertTrue(r.err().startsWith("error: " + file + ":"), r::toString);

    Files.writeString(file, "contexts: [a, b]\n");
    assertTrue(assertThrows(ConfigException.class, () -> ClientConfig.read(file)).getMessage()
        .contains("'contexts' must map names to contexts, not be a list"));
  }
}
