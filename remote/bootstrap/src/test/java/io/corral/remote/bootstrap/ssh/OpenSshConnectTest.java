package io.corral.remote.bootstrap.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestKeys;
import io.corral.remote.bootstrap.testing.TestUsers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a real OpenSSH sshd on 127.0.0.2: commands, uploads and every kind of refusal. */
class OpenSshConnectTest {
  // Deadlines, not expectations: generous so a busy machine does not fail the tests.
  private static final Duration T = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static TestKeys.UserKey key;
  static OpenSshHost host;
  static SshConnector connector;

  @BeforeAll
  static void start() throws Exception {
    key = TestKeys.generate(dir.resolve("keys"), "id_ed25519", "ed25519");
    host = OpenSshHost.builder(dir.resolve("host"), "127.0.0.2").authorize(key).start();
    connector = SshConnectors.create();
  }

  @AfterAll
  static void stop() {
    if (connector != null) {
      connector.close();
    }
    if (host != null) {
      host.close();
    }
  }

  static SshOptions options(List<Path> identities, Path knownHosts, boolean acceptNew) {
    return new SshOptions(identities, Optional.empty(), Optional.empty(), false, knownHosts, acceptNew,
        Optional.empty(), Duration.ofSeconds(60));
  }

  private Path knownHostsWithHost(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.deleteIfExists(file);
    host.addToKnownHosts(file);
    return file;
  }

  @Test
  void execCapturesOutputExitCodeAndStdin() throws Exception {
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHostsWithHost("kh-exec"), false))) {
      ExecResult result = session.exec("cat; echo to-stderr >&2; exit 3", "from-stdin".getBytes(StandardCharsets.UTF_8), T);
      assertEquals(3, result.exitCode());
      assertEquals("from-stdin", result.stdout());
      assertEquals("to-stderr\n", result.stderr());
      assertTrue(session.exec("true", T).ok());
    }
  }

  @Test
  void outputBeyondTheLimitIsTruncatedAndSaysSo() throws Exception {
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHostsWithHost("kh-big"), false))) {
      ExecResult result = session.exec("head -c 1200000 /dev/zero | tr '\\0' x", T);
      assertTrue(result.ok());
      assertTrue(result.stdout().startsWith("x".repeat(1000)));
      assertTrue(result.stdout().endsWith("[output truncated after 1048576 bytes; 151424 more bytes dropped]"),
          result.stdout().substring(result.stdout().length() - 100));
    }
  }

  @Test
  void aCommandPastItsTimeoutIsStoppedAndReportedAsTimeout() throws Exception {
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHostsWithHost("kh-timeout"), false))) {
      SshException e = assertThrows(SshException.class,
          () -> session.exec("echo started; exec sleep 37.5", Duration.ofMillis(1500)));
      assertEquals(SshException.Kind.TIMEOUT, e.kind());
      assertTrue(e.getMessage().contains("did not finish within 1 s"), e.getMessage());
      // OpenSSH refuses "signal" requests in root sessions (no privilege separation child), so as root the
      // channel is closed and the command left to end; the kill itself is checked for a plain user below.
      assertTrue(session.exec("echo still-usable", T).stdout().contains("still-usable"));
      session.exec("pkill -f 'slee[p] 37.5' || true", T);
    }
  }

  @Test
  void uploadsLargeFileAtomicallyWithMode() throws Exception {
    Path local = dir.resolve("big.bin");
    byte[] chunk = new byte[1024 * 1024];
    new Random(7).nextBytes(chunk);
    try (OutputStream out = Files.newOutputStream(local)) {
      for (int i = 0; i < 20; i++) {
        chunk[0] = (byte) i;
        out.write(chunk);
      }
    }
    Path remoteDir = Files.createDirectories(dir.resolve("remote-upload"));
    Path remote = remoteDir.resolve("agent.jar");
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHostsWithHost("kh-upload"), false))) {
      session.upload(local, remote.toString(), 0750);
      assertArrayEquals(sha256(Files.readAllBytes(local)), sha256(Files.readAllBytes(remote)));
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));
      String inode = session.exec("stat -c %i " + remote, T).stdout().strip();

      session.upload("second version\n".getBytes(StandardCharsets.UTF_8), remote.toString(), 0600);
      assertEquals("second version\n", Files.readString(remote));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(remote)));
      assertFalse(inode.equals(session.exec("stat -c %i " + remote, T).stdout().strip()),
          "replaced by rename, not rewritten in place");
      try (var left = Files.list(remoteDir)) {
        assertEquals(List.of("agent.jar"), left.map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  @Test
  void uploadIntoAMissingDirectoryIsATransferFailureWithTheServersReason() throws Exception {
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHostsWithHost("kh-nodir"), false))) {
      SshException e = assertThrows(SshException.class,
          () -> session.upload(new byte[] {1}, dir.resolve("no/such/dir/x").toString(), 0644));
      assertEquals(SshException.Kind.TRANSFER_FAILED, e.kind());
      assertTrue(e.getMessage().contains("SSH_FX_NO_SUCH_FILE"), e.getMessage());
    }
  }

  @Test
  void unknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
    Path knownHosts = dir.resolve("kh-unknown");
    SshException e = assertThrows(SshException.class, () -> connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHosts, false)));
    assertEquals(SshException.Kind.HOST_KEY_UNKNOWN, e.kind());
    String fingerprint = fingerprint(host.hostPublicKey());
    assertTrue(e.getMessage().contains("ssh-ed25519 " + fingerprint), e.getMessage());
    assertTrue(e.getMessage().contains("--accept-new-host-key"), e.getMessage());
    assertFalse(Files.exists(knownHosts));
  }

  @Test
  void acceptNewAddsTheLineOnceAndTheNextConnectNeedsNoFlag() throws Exception {
    Path knownHosts = dir.resolve("new-dir/ssh/known_hosts");
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHosts, true))) {
      assertTrue(session.exec("true", T).ok());
    }
    assertEquals(List.of(host.knownHostsLine()), Files.readAllLines(knownHosts));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts.getParent())));
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHosts, false))) {
      assertTrue(session.exec("true", T).ok());
    }
    assertEquals(1, Files.readAllLines(knownHosts).size());
  }

  @Test
  void changedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
    Path dirB = dir.resolve("host-changing");
    try (OpenSshHost changing = OpenSshHost.builder(dirB, "127.0.0.4").authorize(key).start()) {
      Path knownHosts = dir.resolve("kh-changed");
      Files.writeString(knownHosts, "# a comment\n\nother.example ssh-ed25519 "
          + "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");
      changing.addToKnownHosts(knownHosts);
      String oldFingerprint = fingerprint(changing.hostPublicKey());
      changing.regenerateHostKey();
      SshException e = assertThrows(SshException.class, () -> connector.connect(
          changing.target(TestUsers.currentUser()), options(List.of(key.privateKey()), knownHosts, true)));
      assertEquals(SshException.Kind.HOST_KEY_CHANGED, e.kind());
      assertTrue(e.getMessage().contains(oldFingerprint), e.getMessage());
      assertTrue(e.getMessage().contains(fingerprint(changing.hostPublicKey())), e.getMessage());
      assertTrue(e.getMessage().contains(knownHosts + " line 4"), e.getMessage());
      assertEquals(4, Files.readAllLines(knownHosts).size(), "nothing added");
    }
  }

  @Test
  void hashedKnownHostsEntriesAreHonoured() throws Exception {
    Path knownHosts = knownHostsWithHost("kh-hashed");
    io.corral.remote.bootstrap.testing.SshTestEnvironment.requireTool("ssh-keygen");
    Process hash = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString()).redirectErrorStream(true).start();
    hash.getInputStream().readAllBytes();
    assertEquals(0, hash.waitFor());
    assertTrue(Files.readString(knownHosts).startsWith("|1|"), Files.readString(knownHosts));
    try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(key.privateKey()), knownHosts, false))) {
      assertTrue(session.exec("true", T).ok());
    }
  }

  @Test
  void aKeyTheHostDoesNotKnowFailsAuthenticationNamingWhatWasTried() throws Exception {
    TestKeys.UserKey stranger = TestKeys.generate(dir.resolve("keys"), "id_stranger", "ecdsa");
    SshException e = assertThrows(SshException.class, () -> connector.connect(host.target(TestUsers.currentUser()),
        options(List.of(stranger.privateKey()), knownHostsWithHost("kh-wrongkey"), false)));
    assertEquals(SshException.Kind.AUTH_FAILED, e.kind());
    assertTrue(e.getMessage().contains("publickey (" + stranger.privateKey() + ")"), e.getMessage());
  }

  @Test
  void rsaAndEncryptedKeysWorkAndABadPassphraseIsSaidPlainly() throws Exception {
    TestKeys.UserKey rsa = TestKeys.generate(dir.resolve("keys"), "id_rsa_enc", "rsa", "correct horse");
    Path keyDir = dir.resolve("host-rsa");
    try (OpenSshHost rsaHost = OpenSshHost.builder(keyDir, "127.0.0.5").authorize(rsa).start()) {
      Path knownHosts = dir.resolve("kh-rsa");
      rsaHost.addToKnownHosts(knownHosts);
      SshOptions base = options(List.of(rsa.privateKey()), knownHosts, false);
      SshException missing = assertThrows(SshException.class,
          () -> connector.connect(rsaHost.target(TestUsers.currentUser()), base));
      assertEquals(SshException.Kind.AUTH_FAILED, missing.kind());
      assertTrue(missing.getMessage().contains("is encrypted and no passphrase was given"), missing.getMessage());

      SshException wrong = assertThrows(SshException.class, () -> connector.connect(
          rsaHost.target(TestUsers.currentUser()), withPassphrase(base, "wrong horse")));
      assertEquals(SshException.Kind.AUTH_FAILED, wrong.kind());
      assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());
      assertFalse(wrong.getMessage().contains("wrong horse"));

      try (RemoteSession session = connector.connect(rsaHost.target(TestUsers.currentUser()),
          withPassphrase(base, "correct horse"))) {
        assertEquals("ok\n", session.exec("echo ok", T).stdout());
      }
    }
  }

  private static SshOptions withPassphrase(SshOptions o, String passphrase) {
    return new SshOptions(o.identities(), Optional.of(passphrase.toCharArray()), o.password(), o.useAgent(),
        o.knownHosts(), o.acceptNewHostKey(), o.jump(), o.connectTimeout());
  }

  @Test
  void passwordLoginAndAWrongPassword() throws Exception {
    String user = TestUsers.passwordUser("s3cret-Pw-9");
    try (OpenSshHost pwHost = OpenSshHost.builder(dir.resolve("host-pw"), "127.0.0.6").passwordLogin(true).start()) {
      Path knownHosts = dir.resolve("kh-pw");
      pwHost.addToKnownHosts(knownHosts);
      Path noKeys = dir.resolve("no-such-home");
      SshOptions good = new SshOptions(List.of(), Optional.empty(), Optional.of("s3cret-Pw-9".toCharArray()), false,
          knownHosts, false, Optional.empty(), Duration.ofSeconds(60));
      try (RemoteSession session = connector.connect(pwHost.target(user), good)) {
        assertEquals(user + "\n", session.exec("id -un", T).stdout());
      }
      SshOptions bad = new SshOptions(List.of(), Optional.empty(), Optional.of("not-it".toCharArray()), false,
          knownHosts, false, Optional.empty(), Duration.ofSeconds(60));
      SshException e = assertThrows(SshException.class, () -> connector.connect(pwHost.target(user), bad));
      assertEquals(SshException.Kind.AUTH_FAILED, e.kind());
      assertTrue(e.getMessage().contains("password"), e.getMessage());
      assertFalse(e.getMessage().contains("not-it"));
      assertFalse(Files.exists(noKeys));

      try (RemoteSession session = connector.connect(pwHost.target(user), good)) {
        SshException timeout = assertThrows(SshException.class,
            () -> session.exec("exec sleep 38.5", Duration.ofMillis(1000)));
        assertEquals(SshException.Kind.TIMEOUT, timeout.kind());
        org.awaitility.Awaitility.await("the timed-out command is killed").atMost(T)
            .until(() -> session.exec("pgrep -f 'slee[p] 38.5' || true", T).stdout().isBlank());
      }
    }
  }

  @Test
  void aPasswordIsAlsoGivenThroughKeyboardInteractive() throws Exception {
    String user = TestUsers.passwordUser("s3cret-Pw-9");
    try (OpenSshHost pamHost = OpenSshHost.builder(dir.resolve("host-kbd"), "127.0.0.7").passwordLogin(true)
        .keyboardInteractiveOnly(true).start()) {
      Path knownHosts = dir.resolve("kh-kbd");
      pamHost.addToKnownHosts(knownHosts);
      SshOptions good = new SshOptions(List.of(), Optional.empty(), Optional.of("s3cret-Pw-9".toCharArray()), false,
          knownHosts, false, Optional.empty(), Duration.ofSeconds(60));
      try (RemoteSession session = connector.connect(pamHost.target(user), good)) {
        assertEquals(user + "\n", session.exec("id -un", T).stdout());
      }
      assertTrue(Files.readString(pamHost.log()).contains("Accepted keyboard-interactive/pam for " + user),
          Files.readString(pamHost.log()));
    }
  }

  @Test
  void aClosedPortIsUnreachableWithHostAndPort() throws Exception {
    int closed;
    try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.2"))) {
      closed = probe.getLocalPort();
    }
    SshException e = assertThrows(SshException.class, () -> connector.connect(
        new io.corral.remote.bootstrap.ssh.SshTarget("127.0.0.2", closed, "root"),
        options(List.of(key.privateKey()), dir.resolve("kh-closed"), false)));
    assertEquals(SshException.Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().contains("127.0.0.2:" + closed) && e.getMessage().contains("refused"), e.getMessage());
  }

  static String fingerprint(String publicKeyLine) throws Exception {
    byte[] blob = java.util.Base64.getDecoder().decode(publicKeyLine.split(" ")[1]);
    return "SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(sha256(blob));
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
