package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral node add --sudo} on real OpenSSH hosts, logging in as an ordinary local user:
 * one whom sudo lets do anything without a password gets a root-owned install and a running
 * agent, which {@code node remove} takes away again (the node's record remembers sudo); one whom sudo refuses gets a clear
 * "sudo needs a password" and nothing on the host.
 */
class NodeSudoIT {
  @TempDir static Path dir;
  static ProvisionFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ProvisionFixture(dir, Map.of());
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  /**
   * sshd reads authorized_keys as the user logging in: the test directories (root's, mode 0700)
   * must let other users through to that one file.
   */
  private static OpenSshHost hostForOtherUsers(String address) throws Exception {
    OpenSshHost host = fx.host(address);
    Path hostDir = dir.resolve("sshd-" + address);
    for (Path p : List.of(dir, hostDir)) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
    }
    Files.setPosixFilePermissions(hostDir.resolve("authorized_keys"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    return host;
  }

  private static List<String> args(String... first) {
    List<String> args = new ArrayList<>(List.of(first));
    args.addAll(fx.common());
    return args;
  }

  @Test
  void aUserWhomSudoAllowsGetsARootOwnedInstallThatRemoveTakesAway() throws Exception {
    String user = TestUsers.sudoUser(true);
    OpenSshHost host = hostForOtherUsers("127.0.0.40");
    Path install = fx.dir.resolve("installs").resolve("127.0.0.40");
    CommandRun add = fx.corral(args("node", "add", "127.0.0.40:" + host.port(), "--user", user, "--sudo",
        "--install-dir", fx.dir.resolve("installs") + "/{host}", "--resources", "cpus:1;mem:256"));
    assertEquals(0, add.exitCode(), add.out() + add.err());
    assertTrue(add.hostLine("127.0.0.40").contains("added"), add.out());
    assertEquals("root", Files.getOwner(install.resolve("corral.jar")).getName(), "installed through sudo, as root");
    Path credential;
    try (var files = Files.walk(install)) {
      credential = files.filter(p -> p.getFileName().toString().contains("credential")).findFirst()
          .orElseThrow(() -> new AssertionError("no credential file under " + install));
    }
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(credential));
    assertTrue(fx.admin().nodes().get(0).agent().orElseThrow().connected(), "the agent registered and is connected");

    CommandRun again = fx.corral(args("node", "add", "127.0.0.40:" + host.port(), "--user", user, "--sudo",
        "--install-dir", fx.dir.resolve("installs") + "/{host}", "--resources", "cpus:1;mem:256"));
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.hostLine("127.0.0.40").contains("unchanged"), again.out());

    // The node's record remembers --sudo: removing it needs no flag.
    CommandRun remove = fx.corral(args("node", "remove", "127.0.0.40"));
    assertEquals(0, remove.exitCode(), remove.out() + remove.err());
    assertFalse(Files.exists(install), "node remove deletes the install");
  }

  @Test
  void aUserWhomSudoRefusesIsToldSoAndNothingIsInstalled() throws Exception {
    String user = TestUsers.sudoUser(false);
    OpenSshHost host = hostForOtherUsers("127.0.0.41");
    CommandRun add = fx.corral(args("node", "add", "127.0.0.41:" + host.port(), "--user", user, "--sudo",
        "--install-dir", fx.dir.resolve("installs") + "/{host}"));
    assertEquals(1, add.exitCode(), add.out() + add.err());
    assertTrue(add.hostLine("127.0.0.41").contains("sudo needs a password on 127.0.0.41"), add.out());
    assertFalse(Files.exists(fx.dir.resolve("installs").resolve("127.0.0.41")), "nothing left on the host");
  }
}
