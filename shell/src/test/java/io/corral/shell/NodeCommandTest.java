package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node commands' usage errors and master failures, with their exit codes. */
class NodeCommandTest {
  @TempDir Path dir;
  private ShellSession previous;
  private Path token;

  @BeforeEach
  void session() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ShellSession session = new ShellSession(Map.of());
    session.setMasterOverride(URI.create("http://127.0.0.1:" + closedPort));
    previous = ShellSession.install(session);
    token = Files.writeString(dir.resolve("token"), "t");
  }

  @AfterEach
  void restore() {
    ShellSession.install(previous);
  }

  @Test
  void theSshLibrarysInfoLinesStayOffTheOperatorsTerminal() {
    // node add printed sshd's INFO lines (provider registration, host key checks) before its report
    assertTrue(!org.slf4j.LoggerFactory.getLogger("org.apache.sshd.common.util.security.SecurityUtils").isInfoEnabled());
    assertTrue(org.slf4j.LoggerFactory.getLogger("org.apache.sshd.client.SshClient").isWarnEnabled());
  }

  @Test
  void usageErrorsExitTwo() {
    CommandRun none = CommandRun.corral("node", "add");
    assertEquals(ExitCodes.USAGE, none.exitCode());
    assertTrue(none.err().startsWith("error: name at least one HOST or an inventory (-f FILE)"), none.err());
    CommandRun os = CommandRun.corral("node", "add", "h1", "--os", "solaris");
    assertEquals(ExitCodes.USAGE, os.exitCode());
    assertTrue(os.err().contains("unknown os 'solaris'"), os.err());
    CommandRun port = CommandRun.corral("node", "add", "h1:99999");
    assertEquals(ExitCodes.USAGE, port.exitCode());
    assertTrue(port.err().contains("bad port in 'h1:99999'"), port.err());
    CommandRun missing = CommandRun.corral("node", "add", "-f", dir.resolve("nope.yaml").toString());
    assertEquals(ExitCodes.USAGE, missing.exitCode());
    assertTrue(missing.err().contains("no such inventory file"), missing.err());
  }

  @Test
  void anUnreachableMasterExitsFour() {
    CommandRun list = CommandRun.corral("node", "list", "--operator-token-file", token.toString());
    assertEquals(ExitCodes.MASTER_UNREACHABLE, list.exitCode(), list.err());
    assertTrue(list.err().startsWith("error: cannot reach the master at http://127.0.0.1:"), list.err());
  }

  @Test
  void aMissingOperatorTokenIsNamed() {
    CommandRun list = CommandRun.corral("node", "list", "--operator-token-file", dir.resolve("absent").toString());
    assertEquals(ExitCodes.FAILED, list.exitCode());
    assertTrue(list.err().contains("cannot read the operator token"), list.err());
  }
}
