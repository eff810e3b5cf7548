package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestKeys;
import io.corral.remote.bootstrap.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corral node add} refusing hosts it must not or cannot provision, on real OpenSSH hosts: each
 * a clear line, nothing left on the host, exit code 1. Also a failure after the upload (the agent
 * cannot reach the master), which must take the fresh install away again, and a host behind a jump host.
 */
class NodeRefusalsIT {
  @TempDir static Path dir;
  static ProvisionFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ProvisionFixture(dir, Map.of("WRONG_PW", "not-the-password"));
  }

  @AfterAll
  static void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void refusalsAreClearLeaveNothingBehindAndFailTheCommand() throws Exception {
    TestUsers.passwordUser("the-right-password");
    OpenSshHost unknown = fx.track(OpenSshHost.builder(dir.resolve("sshd-unknown"), "127.0.0.7").authorize(fx.key).start());
    OpenSshHost changed = fx.host("127.0.0.8");
    changed.regenerateHostKey();
    TestKeys.UserKey other = TestKeys.generate(dir.resolve("keys"), "other", "ed25519");
    OpenSshHost wrongKey = fx.track(OpenSshHost.builder(dir.resolve("sshd-wrongkey"), "127.0.0.9").authorize(other).start());
    wrongKey.addToKnownHosts(fx.knownHosts);
    OpenSshHost wrongPassword = fx.track(OpenSshHost.builder(dir.resolve("sshd-pw"), "127.0.0.10").passwordLogin(true)
        .start());
    wrongPassword.addToKnownHosts(fx.knownHosts);
    OpenSshHost noJava = fx.host("127.0.0.12");
    Path inventory = dir.resolve("refusals.yaml");
    Files.writeString(inventory, "defaults:\n  install_dir: " + fx.dir.resolve("installs") + "/{host}\nhosts:\n"
        + "  - 127.0.0.7:" + unknown.port() + "\n"
        + "  - 127.0.0.8:" + changed.port() + "\n"
        + "  - 127.0.0.9:" + wrongKey.port() + "\n"
        + "  - host: 127.0.0.10:" + wrongPassword.port() + "\n    user: " + TestUsers.PASSWORD_USER
        + "\n    password_env: WRONG_PW\n"
        + "  - 127.0.0.11:1\n"
        + "  - host: 127.0.0.12:" + noJava.port() + "\n    java_home: /nonexistent-jdk\n");
    List<String> args = new ArrayList<>(List.of("node", "add", "-f", inventory.toString()));
    args.addAll(fx.common());
    CommandRun run = fx.corral(args);

    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertTrue(run.hostLine("127.0.0.7").contains("FAILED at connect: host key unknown"), run.out());
    assertTrue(run.hostLine("127.0.0.8").contains("FAILED at connect: host key changed"), run.out());
    assertTrue(run.hostLine("127.0.0.9").contains("FAILED at connect: authentication failed"), run.out());
    assertTrue(run.hostLine("127.0.0.10").contains("FAILED at connect: authentication failed"), run.out());
    assertTrue(run.hostLine("127.0.0.11").contains("FAILED at connect: unreachable"), run.out());
    assertTrue(run.hostLine("127.0.0.12").contains("FAILED at check java: no Java on 127.0.0.12: /nonexistent-jdk/bin/java"),
        run.out());
    assertFalse(run.out().contains("not-the-password") || run.err().contains("not-the-password"));
    assertTrue(run.out().contains("6 hosts, 6 failed"), run.out());
    for (String h : List.of("127.0.0.7", "127.0.0.8", "127.0.0.9", "127.0.0.10", "127.0.0.11", "127.0.0.12")) {
      assertFalse(Files.exists(fx.installDir(h)), h + " has files left");
    }
    assertTrue(fx.admin().nodes().isEmpty());
    assertEquals(1, Files.readAllLines(fx.knownHosts).stream().filter(l -> l.contains("127.0.0.12")).count(),
        "an unknown key is not added without --accept-new-host-key");
    assertFalse(Files.readString(fx.knownHosts).contains("127.0.0.7"));
  }

  @Test
  void aFailureAfterTheUploadTakesTheFreshInstallAwayAndRevokesItsCredential() throws Exception {
    OpenSshHost h = fx.host("127.0.0.13");
    List<String> args = new ArrayList<>(List.of("node", "add", "127.0.0.13:" + h.port(), "--install-dir",
        fx.dir.resolve("installs") + "/{host}", "--agent-master", "http://127.0.0.1:1", "--register-timeout", "3"));
    args.addAll(fx.common());
    CommandRun run = fx.corral(args);
    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertTrue(run.hostLine("127.0.0.13").contains("FAILED at register: the agent on 127.0.0.13 did not register"), run.out());
    assertFalse(Files.exists(fx.installDir("127.0.0.13")), "the partial install was removed");
    assertTrue(fx.admin().nodes().isEmpty());
  }

  @Test
  void aHostBehindAJumpHost() throws Exception {
    OpenSshHost bastion = fx.track(OpenSshHost.builder(dir.resolve("sshd-bastion"), "127.0.0.14").authorize(fx.key)
        .tcpForwarding(true).start());
    bastion.addToKnownHosts(fx.knownHosts);
    OpenSshHost target = fx.host("127.0.0.15");
    List<String> add = new ArrayList<>(List.of("node", "add", "127.0.0.15:" + target.port(), "--install-dir",
        fx.dir.resolve("installs") + "/{host}", "--jump", TestUsers.currentUser() + "@127.0.0.14:" + bastion.port()));
    add.addAll(fx.common());
    CommandRun run = fx.corral(add);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.hostLine("127.0.0.15").contains("added"), run.out());
    assertTrue(fx.admin().nodes().get(0).agent().orElseThrow().connected());
    assertTrue(Files.readString(bastion.log()).contains("Accepted publickey"), "the login went through the bastion");
    List<String> remove = new ArrayList<>(List.of("node", "remove", "127.0.0.15", "--jump",
        TestUsers.currentUser() + "@127.0.0.14:" + bastion.port()));
    remove.addAll(fx.common());
    CommandRun removed = fx.corral(remove);
    assertEquals(0, removed.exitCode(), removed.out() + removed.err());
    assertFalse(Files.exists(fx.installDir("127.0.0.15")));
    assertTrue(fx.admin().nodes().isEmpty());
  }
}
