package io.corral.remote.bootstrap.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself, checked with OpenSSH's own client: a host answers, and a regenerated key differs. */
class OpenSshHostTest {
  @TempDir Path dir;

  @Test
  void opensshClientLogsInWithTheAuthorizedKeyAndSeesTheRegeneratedHostKey() throws Exception {
    SshTestEnvironment.requireTool("ssh");
    TestKeys.UserKey key = TestKeys.generate(dir.resolve("keys"), "user", "ed25519");
    try (OpenSshHost host = OpenSshHost.builder(dir.resolve("host"), "127.0.0.2").authorize(key).start()) {
      Path knownHosts = dir.resolve("known_hosts");
      host.addToKnownHosts(knownHosts);
      List<String> ssh = List.of("ssh", "-F", "/dev/null", "-i", key.privateKey().toString(), "-p",
          String.valueOf(host.port()), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o",
          "UserKnownHostsFile=" + knownHosts, TestUsers.currentUser() + "@" + host.address(), "echo", "fixture-ok");
      assertEquals("fixture-ok", Processes.run(ssh).strip());

      String before = host.hostPublicKey();
      int port = host.port();
      host.regenerateHostKey();
      assertNotEquals(before, host.hostPublicKey());
      assertEquals(port, host.port());
    }
  }
}
