package io.corral.shell.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which command lines the agent's start without picocli takes; everything else goes to picocli. */
class AgentFastStartTest {
  @Test
  void launcherCommandLinesAreTaken() {
    assertEquals(Map.of("--master", "http://10.0.0.1:5050", "--work-dir", "/opt/corral/work", "--credential-file",
        "/opt/corral/etc/agent-credential", "--hostname", "n1", "--resources", "cpus:1;mem:256", "--attributes",
        "rack:r1"), AgentFastStart.parse(new String[] {"agent", "--master", "http://10.0.0.1:5050", "--work-dir",
            "/opt/corral/work", "--credential-file", "/opt/corral/etc/agent-credential", "--hostname", "n1",
            "--resources", "cpus:1;mem:256", "--attributes", "rack:r1"}));
    assertEquals(Map.of("--master", "http://m:5050", "--drain", "", "--drain-timeout", "5"),
        AgentFastStart.parse(new String[] {"agent", "--master=http://m:5050", "--drain-on-stop", "--drain-timeout=5"}));
    assertEquals(Map.of("--master", "http://m:5050", "--no-switch-user", ""),
        AgentFastStart.parse(new String[] {"agent", "--no-switch-user", "--master", "http://m:5050"}));
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    assertNull(AgentFastStart.parse(new String[] {"agent"}));
    assertNull(AgentFastStart.parse(new String[] {"agent", "--help"}));
    assertNull(AgentFastStart.parse(new String[] {"agent", "show", "n1", "--master", "http://m:5050"}));
    assertNull(AgentFastStart.parse(new String[] {"agent", "--work-dir", "/w"}), "no --master");
    assertNull(AgentFastStart.parse(new String[] {"agent", "--master", "http://a", "--master", "http://b"}));
    assertNull(AgentFastStart.parse(new String[] {"agent", "--master", "http://a", "--verbose"}));
    assertNull(AgentFastStart.parse(new String[] {"agent", "--master"}));
    assertNull(AgentFastStart.parse(new String[] {"agent", "--master", "--drain"}));
    assertNull(AgentFastStart.parse(new String[] {"agent", "--master", "http://a", "--no-switch-user",
        "--no-switch-user"}));
    assertNull(AgentFastStart.parse(new String[] {"agents", "--master", "http://a"}));
    assertNull(AgentFastStart.parse(new String[] {"--master", "http://a", "agent"}));
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  @Test
  void aCommandLineThatPicocliWouldRefuseIsNotRunHere() throws Exception {
    String credential = java.nio.file.Files.writeString(dir.resolve("credential"), "x.y\n").toString();
    // Unreadable credential, bad resources, bad drain timeout: picocli's usage errors (exit 2) apply.
    assertTrue(AgentFastStart.run(new String[] {"agent", "--master", "http://127.0.0.1:1", "--credential-file",
        "/nonexistent/credential"}, java.util.Map.of()).isEmpty());
    assertTrue(AgentFastStart.run(new String[] {"agent", "--master", "http://127.0.0.1:1", "--credential-file",
        credential, "--resources", "cpus:lots"}, java.util.Map.of()).isEmpty());
    assertTrue(AgentFastStart.run(new String[] {"agent", "--master", "http://127.0.0.1:1", "--credential-file",
        credential, "--drain-timeout", "0"}, java.util.Map.of()).isEmpty());
    assertTrue(AgentFastStart.run(new String[] {"agent", "--master", "http://127.0.0.1:1", "--credential-file",
        credential, "--docker-host", "ftp://x"}, java.util.Map.of()).isEmpty());
  }
}
