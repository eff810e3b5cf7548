package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.bootstrap.HttpMasterAdmin;
import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestKeys;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.MasterTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For {@code node} tests: a real master on loopback (state in memory), real OpenSSH hosts on
 * 127.0.0.x with one user key and a known_hosts file, and the built distribution as the bundle.
 * All hosts share this machine, so each gets its own install directory ({@code installs/{host}}).
 * Agents run as supervised background processes (there is no systemd here).
 */
final class ProvisionFixture implements AutoCloseable {
  final Path dir;
  final MasterServer master;
  final TestKeys.UserKey key;
  final Path knownHosts;
  final Path tokenFile;
  final Path bundle;
  final List<OpenSshHost> hosts = new ArrayList<>();
  private final ShellSession previous;

  final ClientTls tls;

  ProvisionFixture(Path dir, Map<String, String> env) throws IOException {
    this(dir, env, false);
  }

  /**
   * {@code tls}: the master serves HTTPS only with a CA of its own ({@code master-state/tls/ca.pem}),
   * which the session's {@code --ca-file} names.
   */
  ProvisionFixture(Path dir, Map<String, String> env, boolean tls) throws IOException {
    this.dir = dir;
    this.bundle = Path.of("target").toAbsolutePath();
    assertTrue(Files.isRegularFile(bundle.resolve("corral.jar")),
        "the node tests install the packaged distribution (target/corral.jar); they run as integration tests after 'package'");
    this.key = TestKeys.generate(dir.resolve("keys"), "user", "ed25519");
    this.knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, "");
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(200));
    this.master = MasterServer.start(tls ? config.withStateDir(dir.resolve("master-state"))
        .withTls(MasterTls.generated(List.of())) : config);
    Path ca = dir.resolve("master-state/tls/ca.pem");
    this.tls = tls ? ClientTls.trusting(ca) : ClientTls.shared();
    this.tokenFile = dir.resolve("operator-token");
    Files.writeString(tokenFile, master.operatorToken());
    ShellSession session = new ShellSession(env);
    session.setMasterOverride(URI.create(master.url()));
    if (tls) {
      session.setCaFileOverride(ca);
    }
    this.previous = ShellSession.install(session);
  }

  /** Starts a known host on {@code address} that lets the user key in. */
  OpenSshHost host(String address) throws IOException {
    OpenSshHost h = OpenSshHost.builder(dir.resolve("sshd-" + address), address).authorize(key).start();
    h.addToKnownHosts(knownHosts);
    hosts.add(h);
    return h;
  }

  OpenSshHost track(OpenSshHost h) {
    hosts.add(h);
    return h;
  }

  Path installDir(String host) {
    return dir.resolve("installs").resolve(host);
  }

  /** The options every {@code node} command of the tests carries. */
  List<String> common() {
    return List.of("--identity", key.privateKey().toString(), "--known-hosts", knownHosts.toString(),
        "--operator-token-file", tokenFile.toString(), "--bundle", bundle.toString());
  }

  CommandRun corral(List<String> args) {
    return CommandRun.corral(args.toArray(String[]::new));
  }

  HttpMasterAdmin admin() {
    return new HttpMasterAdmin(URI.create(master.url()), master.operatorToken(), tls);
  }

  /** Kills agents and supervisors a failed test may have left running. */
  void killLeftovers() {
    io.corral.shell.bench.BenchSupport.stopAgents(dir.resolve("installs"));
  }

  @Override
  public void close() {
    killLeftovers();
    hosts.forEach(OpenSshHost::close);
    master.close();
    ShellSession.install(previous);
  }
}
