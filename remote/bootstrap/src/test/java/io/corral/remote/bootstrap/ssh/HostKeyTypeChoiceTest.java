package io.corral.remote.bootstrap.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corral.remote.bootstrap.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host with several host keys (rsa, ecdsa, ed25519, as most Linux hosts have) is asked for the type that
 * known_hosts holds, so any one of them on file is enough. An in-process MINA server stands in for the
 * host because the choice happens in key exchange, which it lets the test set up with three key types.
 */
class HostKeyTypeChoiceTest {
  @TempDir Path dir;

  @Test
  void whicheverOfTheHostsKeyTypesIsKnownIsTheOneChecked() throws Exception {
    TestKeys.UserKey key = TestKeys.generate(dir.resolve("keys"), "id_ed25519", "ed25519");
    PublicKey allowed = PublicKeyEntry.parsePublicKeyEntry(key.publicLine()).resolvePublicKey(null, null, null);
    List<KeyPair> hostKeys = List.of(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256),
        KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256),
        KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048));
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
    server.setPublickeyAuthenticator((user, offered, session) -> KeyUtils.compareKeys(allowed, offered));
    server.start();
    try (SshConnector connector = SshConnectors.create(Optional.empty())) {
      for (KeyPair hostKey : hostKeys) {
        Path knownHosts = dir.resolve("known_hosts-" + KeyUtils.getKeyType(hostKey));
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.getPort() + " "
            + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        SshOptions options = new SshOptions(List.of(key.privateKey()), Optional.empty(), Optional.empty(), false,
            knownHosts, false, Optional.empty(), Duration.ofSeconds(60));
        try (RemoteSession session = connector.connect(new SshTarget("127.0.0.1", server.getPort(), "corral"),
            options)) {
          assertEquals("corral", session.target().user());
        }
        assertEquals(1, Files.readAllLines(knownHosts).size(), "nothing added for " + KeyUtils.getKeyType(hostKey));
      }
    } finally {
      server.stop(true);
    }
  }
}
