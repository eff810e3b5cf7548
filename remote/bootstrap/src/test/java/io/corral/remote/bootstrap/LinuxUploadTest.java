package io.corral.remote.bootstrap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.bootstrap.ssh.ExecResult;
import io.corral.remote.bootstrap.ssh.RemoteSession;
import io.corral.remote.bootstrap.ssh.SshConnector;
import io.corral.remote.bootstrap.ssh.SshConnectors;
import io.corral.remote.bootstrap.ssh.SshOptions;
import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux upload path against a real OpenSSH sshd (this machine as the host): one tar stream
 * unpacked into a temporary directory and moved into place, and the one-round-trip probe.
 */
class LinuxUploadTest {
  private static final Duration T = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static OpenSshHost host;
  static SshConnector connector;
  static SshOptions options;

  @BeforeAll
  static void start() throws Exception {
    TestKeys.UserKey key = TestKeys.generate(dir.resolve("keys"), "id_ed25519", "ed25519");
    host = OpenSshHost.builder(dir.resolve("host"), "127.0.0.2").authorize(key).start();
    Path knownHosts = dir.resolve("known_hosts");
    host.addToKnownHosts(knownHosts);
    options = new SshOptions(List.of(key.privateKey()), Optional.empty(), Optional.empty(), false, knownHosts, false,
        Optional.empty(), T);
    connector = SshConnectors.create(Optional.empty());
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

  private RemoteSession connect() throws Exception {
    return connector.connect(host.target(System.getProperty("user.name")), options);
  }

  private static Path file(String name, int size, int seed) throws IOException {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve(name), b);
  }

  private static List<String> leftovers(Path install) throws IOException {
    try (Stream<Path> s = Files.list(install)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".corral-upload.")).toList();
    }
  }

  @Test
  void oneStreamPutsEveryFileInPlaceWithItsModeAndRemovesStaleOnes() throws Exception {
    Path install = dir.resolve("installs/one");
    Files.createDirectories(install.resolve("lib"));
    Files.writeString(install.resolve("lib/old.jar"), "old");
    Path jar = file("corral.jar", 2_000_000, 1);
    Path lib = file("lib with space.jar", 300_000, 2);
    List<HostPlatform.Upload> files = List.of(
        new HostPlatform.Upload("corral.jar", jar, null, 0644),
        new HostPlatform.Upload("lib/x y.jar", lib, null, 0644),
        new HostPlatform.Upload("bin/corral-agent", null, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755),
        new HostPlatform.Upload("etc/agent-credential", null, "secret\n".getBytes(StandardCharsets.UTF_8), 0600));
    try (RemoteSession session = connect()) {
      new LinuxPlatform("127.0.0.2", "x86_64", false).upload(session, install.toString(), files, List.of("lib/old.jar"),
          null);
    }
    assertEquals(Files.mismatch(jar, install.resolve("corral.jar")), -1L);
    assertEquals(Files.mismatch(lib, install.resolve("lib/x y.jar")), -1L);
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(install.resolve("bin/corral-agent"))));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(install.resolve("etc/agent-credential"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(install.resolve("etc"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(install.resolve("corral.jar"))));
    assertFalse(Files.exists(install.resolve("lib/old.jar")), "the stale jar is gone");
    assertTrue(Files.isDirectory(install.resolve("work")) && Files.isDirectory(install.resolve("log")));
    assertEquals(List.of(), leftovers(install));
  }

  @Test
  void anArchiveThatBreaksOffMovesNothingAndLeavesNoTemporaryDirectory() throws Exception {
    Path install = dir.resolve("installs/broken");
    Files.createDirectories(install);
    Files.writeString(install.resolve("corral.jar"), "the previous version");
    Path jar = file("new.jar", 1_000_000, 3);
    // The second file is missing: the stream breaks off after the first, before the manifest.
    List<HostPlatform.Upload> files = List.of(
        new HostPlatform.Upload("corral.jar", jar, null, 0644),
        new HostPlatform.Upload("lib/gone.jar", dir.resolve("no-such.jar"), null, 0644));
    try (RemoteSession session = connect()) {
      ProvisionException e = assertThrows(ProvisionException.class, () -> new LinuxPlatform("127.0.0.2", "x86_64", false)
          .upload(session, install.toString(), files, List.of(), null));
      assertEquals(ProvisionStep.UPLOAD, e.step());
      assertTrue(e.getMessage().contains("transfer failed"), e.getMessage());
    }
    assertEquals("the previous version", Files.readString(install.resolve("corral.jar")));
    assertFalse(Files.exists(install.resolve("lib/gone.jar")));
    await().atMost(T).until(() -> leftovers(install).isEmpty());

    // The next upload is whole.
    try (RemoteSession session = connect()) {
      new LinuxPlatform("127.0.0.2", "x86_64", false).upload(session, install.toString(),
          List.of(new HostPlatform.Upload("corral.jar", jar, null, 0644)), List.of(), null);
    }
    assertEquals(-1L, Files.mismatch(jar, install.resolve("corral.jar")));
  }

  @Test
  void oneChannelProbesThenUnpacksWhatTheClientDecided() throws Exception {
    Path install = dir.resolve("installs/probed");
    NodeSpec spec = new NodeSpec("probed", host.target("root"), options, HostOs.AUTO, install.toString(), null,
        Map.of(), null);
    LinuxPlatform platform = new LinuxPlatform("127.0.0.2", "x86_64", false);
    Path jar = file("probed.jar", 1_000_000, 4);
    try (RemoteSession session = connect()) {
      RemoteSession.Dialogue probe = session.open(LinuxScripts.command(LinuxPlatform.probe(spec, install.toString(),
          false), false), LinuxScripts.DECIDE_MARK, T);
      assertTrue(probe.waiting());
      ExecResult probed = probe.opening();
      assertTrue(probed.stdout().startsWith("Linux "), probed.stdout());
      platform.prefetch(install.toString(), probed);
      platform.hold(install.toString(), probe);
      // Every answer and the upload go over the probe's channel: a session that refuses every command
      // proves that no second one is opened.
      RemoteSession refusing = new RefusingSession();
      String java = platform.checkJava(refusing, spec, false, install.toString());
      assertTrue(Files.isExecutable(Path.of(java)), java);
      HostState state = platform.inspect(refusing, install.toString());
      assertFalse(state.installed());
      assertFalse(state.running());
      assertNull(state.credentialId());
      assertTrue(state.freeKib() > 0);
      assertFalse(Files.exists(install), "nothing changes before the decision");
      platform.upload(refusing, install.toString(), List.of(new HostPlatform.Upload("corral.jar", jar, null, 0644)),
          List.of(), null);
    }
    assertEquals(-1L, Files.mismatch(jar, install.resolve("corral.jar")));
    assertEquals(List.of(), leftovers(install));
  }

  @Test
  void aStartAloneGoesOverTheProbesChannel() throws Exception {
    Path install = dir.resolve("installs/stopped");
    Files.createDirectories(install.resolve("bin"));
    Files.createDirectories(install.resolve("run"));
    Files.writeString(install.resolve("run/stop"), "");
    Path supervisor = install.resolve(LinuxScripts.SUPERVISOR);
    Files.writeString(supervisor, "#!/bin/sh\necho started > run/started\n");
    Files.setPosixFilePermissions(supervisor, PosixFilePermissions.fromString("rwxr-xr-x"));
    NodeSpec spec = new NodeSpec("stopped", host.target("root"), options, HostOs.AUTO, install.toString(), null,
        Map.of(), null);
    LinuxPlatform platform = new LinuxPlatform("127.0.0.2", "x86_64", false);
    try (RemoteSession session = connect()) {
      RemoteSession.Dialogue probe = session.open(LinuxScripts.command(LinuxPlatform.probe(spec, install.toString(),
          false), false), LinuxScripts.DECIDE_MARK, T);
      platform.prefetch(install.toString(), probe.opening());
      platform.hold(install.toString(), probe);
      RemoteSession refusing = new RefusingSession();
      HostState state = platform.inspect(refusing, install.toString());
      assertTrue(state.installed());
      assertFalse(state.running());
      platform.start(refusing, install.toString(), state, false);
    }
    await().atMost(T).until(() -> Files.exists(install.resolve("run/started")));
    assertFalse(Files.exists(install.resolve("run/stop")), "the start cleared the stop mark");
  }

  @Test
  void aReleasedProbeChangesNothing() throws Exception {
    Path install = dir.resolve("installs/released");
    NodeSpec spec = new NodeSpec("released", host.target("root"), options, HostOs.AUTO, install.toString(), null,
        Map.of(), null);
    for (boolean failed : new boolean[] {false, true}) {
      LinuxPlatform platform = new LinuxPlatform("127.0.0.2", "x86_64", false);
      try (RemoteSession session = connect()) {
        RemoteSession.Dialogue probe = session.open(LinuxScripts.command(LinuxPlatform.probe(spec, install.toString(),
            false), false), LinuxScripts.DECIDE_MARK, T);
        platform.hold(install.toString(), probe);
        platform.release(failed);
        assertThrows(IllegalStateException.class, () -> probe.reply(out -> { }, T), "answered once");
        // released: the start opens a channel of its own
        assertThrows(AssertionError.class, () -> platform.start(new RefusingSession(), install.toString(),
            new HostState(false, Map.of(), null, false, false, null, -1), false));
      }
      assertFalse(Files.exists(install));
    }
  }

  @Test
  void aCommandThatEndsWithoutTheMarkIsWhole() throws Exception {
    try (RemoteSession session = connect()) {
      RemoteSession.Dialogue d = session.open("echo one; echo two >&2; exit 3", "--never--", T);
      assertFalse(d.waiting());
      assertEquals(new ExecResult(3, "one\n", "two\n"), d.opening());
    }
  }

  /** A session for steps that must not reach the host. */
  private static final class RefusingSession implements RemoteSession {
    @Override
    public io.corral.remote.bootstrap.ssh.SshTarget target() {
      return host.target("root");
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, Duration timeout) {
      throw new AssertionError("a second round trip: " + command);
    }

    @Override
    public ExecResult exec(String command, Input input, Duration timeout) {
      throw new AssertionError("a second round trip: " + command);
    }

    @Override
    public Dialogue open(String command, String mark, Duration timeout) {
      throw new AssertionError("a second round trip: " + command);
    }

    @Override
    public void upload(Path local, String remotePath, int mode) {
      throw new AssertionError("an upload");
    }

    @Override
    public void upload(byte[] content, String remotePath, int mode) {
      throw new AssertionError("an upload");
    }

    @Override
    public void close() {}
  }
}
