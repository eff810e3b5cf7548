package io.corral.remote.bootstrap.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.testing.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that breaks in the middle of an upload. OpenSSH cannot be told to drop a connection after
 * N bytes, so this server is an in-process Apache MINA SshServer whose SFTP subsystem closes the session
 * once the armed number of bytes has been written.
 */
class UploadFaultTest {
  private static final long DROP_AFTER = 3L * 1024 * 1024;

  @TempDir Path dir;
  private SshServer server;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  private Path root;
  private Path knownHosts;
  private TestKeys.UserKey key;

  @BeforeEach
  void start() throws Exception {
    key = TestKeys.generate(dir.resolve("keys"), "id_ed25519", "ed25519");
    PublicKey allowed = PublicKeyEntry.parsePublicKeyEntry(key.publicLine()).resolvePublicKey(null, null, null);
    KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    root = Files.createDirectories(dir.resolve("root"));

    SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
    sftp.addSftpEventListener(new SftpEventListener() {
      @Override
      public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
          byte[] data, int dataOffset, int dataLen) throws IOException {
        if (armed.get() && written.addAndGet(dataLen) > DROP_AFTER) {
          session.close(true);
          throw new IOException("connection dropped by the test");
        }
      }
    });
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator((user, offered, session) -> KeyUtils.compareKeys(allowed, offered));
    server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    server.setSubsystemFactories(List.of(sftp));
    server.start();

    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic())
        + "\n");
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(true);
    }
  }

  @Test
  void aConnectionLostMidUploadLeavesNothingAtTheFinalNameAndTheNextUploadIsWhole() throws Exception {
    Path local = dir.resolve("bundle.tar.gz");
    byte[] content = new byte[8 * 1024 * 1024];
    new Random(11).nextBytes(content);
    try (OutputStream out = Files.newOutputStream(local)) {
      out.write(content);
    }
    Files.createDirectories(root.resolve("opt"));
    SshOptions options = new SshOptions(List.of(key.privateKey()), Optional.empty(), Optional.empty(), false,
        knownHosts, false, Optional.empty(), Duration.ofSeconds(60));
    SshTarget target = new SshTarget("127.0.0.1", server.getPort(), "corral");

    try (SshConnector connector = SshConnectors.create(Optional.empty())) {
      armed.set(true);
      try (RemoteSession session = connector.connect(target, options)) {
        SshException e = assertThrows(SshException.class, () -> session.upload(local, "/opt/bundle.tar.gz", 0644));
        assertEquals(SshException.Kind.CONNECTION_LOST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("/opt/bundle.tar.gz"), e.getMessage());
      }
      assertTrue(written.get() > DROP_AFTER, "the drop happened mid-transfer");
      assertFalse(Files.exists(root.resolve("opt/bundle.tar.gz")), "nothing at the final name");

      armed.set(false);
      try (RemoteSession session = connector.connect(target, options)) {
        session.upload(local, "/opt/bundle.tar.gz", 0644);
      }
      assertArrayEquals(content, Files.readAllBytes(root.resolve("opt/bundle.tar.gz")));
    }
  }
}
