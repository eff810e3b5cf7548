package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellSessionTest {
  @TempDir Path home;

  @Test
  void configFileNamesTheMasterUnlessTheEnvironmentOrAnOptionDoes() throws Exception {
    Files.writeString(home.resolve("config.yaml"), "# corral\nmasters:\n  - x\nmaster: \"http://10.1.2.3:5050\"  # main\n");
    ShellSession session = new ShellSession(Map.of("CORRAL_HOME", home.toString()));
    assertEquals(home, session.home());
    assertTrue(session.masterNamed());
    assertEquals(URI.create("http://10.1.2.3:5050"), session.master());

    ShellSession withEnv = new ShellSession(Map.of("CORRAL_HOME", home.toString(), "CORRAL_MASTER", "http://h:1"));
    assertEquals(URI.create("http://h:1"), withEnv.master());
    withEnv.setSessionMaster(URI.create("http://s:2"));
    assertEquals(URI.create("http://s:2"), withEnv.master());
    withEnv.setMasterOverride(URI.create("http://o:3"));
    assertEquals(URI.create("http://o:3"), withEnv.master());
  }

  @Test
  void noConfigAndNoEnvironmentNamesNoMaster() {
    ShellSession session = new ShellSession(Map.of("CORRAL_HOME", home.toString()));
    assertFalse(session.masterNamed());
    assertEquals(ShellSession.DEFAULT_MASTER, session.master());
  }

  @Test
  void credentialsComeFromTheOptionThenTheEnvironmentThenTheConfigThenTheLocalMaster() throws Exception {
    Path option = Files.writeString(home.resolve("option-token"), "from-option\n");
    Path envFile = Files.writeString(home.resolve("env-token"), "from-env-file\n");
    Path configFile = Files.writeString(home.resolve("config-token"), "from-config\n");
    Files.createDirectories(home.resolve("master"));
    Files.writeString(home.resolve("master/operator-token"), "from-local-master\n");
    URI loopback = URI.create("http://127.0.0.1:5050");
    URI remote = URI.create("http://10.0.0.5:5050");
    String h = home.toString();

    ShellSession local = new ShellSession(Map.of("CORRAL_HOME", h));
    assertEquals("Bearer from-local-master", local.credentials(loopback).authorization());
    assertEquals(null, local.credentials(remote), "the local master's token goes to a loopback master only");

    ShellSession basic = new ShellSession(Map.of("CORRAL_HOME", h, "CORRAL_PRINCIPAL", "fw1", "CORRAL_SECRET", "pw"));
    assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("fw1:pw".getBytes()),
        basic.credentials(loopback).authorization(), "a principal named outright wins over the local master's token");
    assertEquals("principal fw1 from CORRAL_PRINCIPAL/CORRAL_SECRET", basic.credentials(remote).toString());
    assertFalse(basic.credentials(remote).toString().contains("pw"));

    Files.writeString(home.resolve("config.yaml"), "token-file: " + configFile + "\n");
    ShellSession configured = new ShellSession(Map.of("CORRAL_HOME", h, "CORRAL_PRINCIPAL", "fw1", "CORRAL_SECRET", "pw"));
    assertEquals("Bearer from-config", configured.credentials(remote).authorization());

    ShellSession envFileSession = new ShellSession(Map.of("CORRAL_HOME", h, "CORRAL_TOKEN_FILE", envFile.toString()));
    assertEquals("Bearer from-env-file", envFileSession.credentials(remote).authorization());

    ShellSession env = new ShellSession(Map.of("CORRAL_HOME", h, "CORRAL_TOKEN_FILE", envFile.toString(),
        "CORRAL_OPERATOR_TOKEN", "from-env"));
    assertEquals("Bearer from-env", env.credentials(remote).authorization());
    assertEquals("the operator token from CORRAL_OPERATOR_TOKEN", env.credentials(remote).toString());
    env.setTokenFileOverride(option);
    assertEquals("Bearer from-option", env.credentials(remote).authorization());
    assertFalse(env.credentials(remote).toString().contains("from-option"));
  }

  @Test
  void anUnreadableTokenFileOrAPrincipalWithoutSecretIsAUsageError() {
    ShellSession missing = new ShellSession(Map.of("CORRAL_HOME", home.toString(),
        "CORRAL_TOKEN_FILE", home.resolve("absent").toString()));
    io.corral.shell.client.CommandException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.corral.shell.client.CommandException.class, () -> missing.credentials(ShellSession.DEFAULT_MASTER));
    assertEquals(ExitCodes.USAGE, e.getExitCode());
    assertEquals("cannot read the operator token file " + home.resolve("absent") + " (from CORRAL_TOKEN_FILE)", e.getMessage());

    ShellSession noSecret = new ShellSession(Map.of("CORRAL_HOME", home.toString(), "CORRAL_PRINCIPAL", "fw1"));
    assertEquals(ExitCodes.USAGE, org.junit.jupiter.api.Assertions.assertThrows(io.corral.shell.client.CommandException.class,
        () -> noSecret.credentials(ShellSession.DEFAULT_MASTER)).getExitCode());
  }
}
