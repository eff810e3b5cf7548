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
}
