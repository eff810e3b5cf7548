package io.corral.remote.bootstrap.testing;

import static org.awaitility.Awaitility.await;

import io.corral.remote.bootstrap.ssh.SshTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for tests: {@code /usr/sbin/sshd -D -e} listening on one loopback address
 * (127.0.0.2, 127.0.0.3, ...) and a free port, with its own ed25519 host key, authorized_keys, config
 * and log under {@code dir}. Each host is its own process; {@link #close()} stops it.
 *
 * <pre>
 * try (OpenSshHost host = OpenSshHost.builder(dir, "127.0.0.2").authorize(key).start()) {
 *   host.writeKnownHosts(knownHosts);                  // or leave it unknown to test refusals
 *   SshTarget target = host.target(TestUsers.currentUser());
 * }
 * </pre>
 *
 * Logins as root work with keys ({@code PermitRootLogin prohibit-password}); password logins use the local
 * user from {@link TestUsers#passwordUser(String)}. sshd runs as root in CI and needs /run/sshd (created here).
 */
public final class OpenSshHost implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final String address;
  private final boolean passwordLogin;
  private final boolean keyboardInteractive;
  private final boolean tcpForwarding;
  private int port;
  private Process process;

  private OpenSshHost(Builder builder) {
    this.dir = builder.dir;
    this.address = builder.address;
    this.passwordLogin = builder.passwordLogin;
    this.keyboardInteractive = builder.keyboardInteractive;
    this.tcpForwarding = builder.tcpForwarding;
  }

  /** A host on {@code address} keeping its files in {@code dir}. */
  public static Builder builder(Path dir, String address) {
    return new Builder(dir, address);
  }

  /** How the host is set up before it starts. */
  public static final class Builder {
    private final Path dir;
    private final String address;
    private final List<String> authorizedKeys = new ArrayList<>();
    private boolean passwordLogin;
    private boolean keyboardInteractive;
    private boolean tcpForwarding;

    private Builder(Path dir, String address) {
      this.dir = dir;
      this.address = address;
    }

    /** Lets {@code key} log in (any user). */
    public Builder authorize(TestKeys.UserKey key) throws IOException {
      authorizedKeys.add(key.publicLine());
      return this;
    }

    /** Lets a public key line (e.g. from {@code ssh-add -L}) log in. */
    public Builder authorize(String publicKeyLine) {
      authorizedKeys.add(publicKeyLine.strip());
      return this;
    }

    /** {@code PasswordAuthentication yes} (default no). */
    public Builder passwordLogin(boolean on) {
      this.passwordLogin = on;
      return this;
    }

    /**
     * Passwords only through keyboard-interactive (PAM asks "Password:"), as hosts with
     * {@code PasswordAuthentication no} and {@code KbdInteractiveAuthentication yes} do. Uses PAM.
     */
    public Builder keyboardInteractiveOnly(boolean on) {
      this.keyboardInteractive = on;
      return this;
    }

    /** {@code AllowTcpForwarding yes}, as a bastion needs (default no). */
    public Builder tcpForwarding(boolean on) {
      this.tcpForwarding = on;
      return this;
    }

    public OpenSshHost start() throws IOException {
      SshTestEnvironment.requireOpenSsh();
      Files.createDirectories(dir);
      Files.write(dir.resolve("authorized_keys"), authorizedKeys, StandardCharsets.UTF_8);
      OpenSshHost host = new OpenSshHost(this);
      host.generateHostKey();
      host.startOnFreePort();
      return host;
    }
  }

  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /**
   * sshd's own log (LogLevel VERBOSE; DEBUG1 with forwarding on): logins, authentication failures,
   * disconnects and, on a bastion, the tunnels it opened show up here.
   */
  public Path log() {
    return dir.resolve("sshd.log");
  }

  public SshTarget target(String user) {
    return new SshTarget(address, port, user);
  }

  /** The host's public key as {@code ssh-ed25519 AAAA...}. */
  public String hostPublicKey() throws IOException {
    String[] parts = Files.readString(dir.resolve("hostkey.pub")).strip().split("\\s+");
    return parts[0] + " " + parts[1];
  }

  /** The line an OpenSSH client would write to known_hosts for this host: {@code [address]:port type key}. */
  public String knownHostsLine() throws IOException {
    return "[" + address + "]:" + port + " " + hostPublicKey();
  }

  /** Appends {@link #knownHostsLine()} to {@code knownHosts} (created if missing). */
  public void addToKnownHosts(Path knownHosts) throws IOException {
    if (knownHosts.getParent() != null) {
      Files.createDirectories(knownHosts.getParent());
    }
    Files.writeString(knownHosts, knownHostsLine() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Gives the host a new host key and restarts it on the same address and port, as a reinstalled machine
   * would look; known_hosts entries made before now name a changed key.
   */
  public void regenerateHostKey() throws IOException {
    stop();
    generateHostKey();
    startProcess();
  }

  @Override
  public void close() {
    stop();
  }

  private void generateHostKey() throws IOException {
    Path key = dir.resolve("hostkey");
    Files.deleteIfExists(key);
    Files.deleteIfExists(dir.resolve("hostkey.pub"));
    Processes.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "host@" + address, "-f", key.toString()));
  }

  private void startOnFreePort() throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      port = freePort(address);
      try {
        startProcess();
        return;
      } catch (IOException e) {
        last = e; // the port was taken between probing and binding: try another one
      }
    }
    throw last;
  }

  private void startProcess() throws IOException {
    if (SshTestEnvironment.isRoot()) {
      Files.createDirectories(Path.of("/run/sshd"));
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(config, String.join("\n",
        "Port " + port,
        "ListenAddress " + address,
        "HostKey " + dir.resolve("hostkey"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PidFile none",
        "PasswordAuthentication " + (passwordLogin && !keyboardInteractive ? "yes" : "no"),
        "KbdInteractiveAuthentication " + (keyboardInteractive ? "yes" : "no"),
        "PermitRootLogin prohibit-password",
        "StrictModes no",
        "UsePAM " + (keyboardInteractive ? "yes" : "no"),
        "AllowTcpForwarding " + (tcpForwarding ? "yes" : "no"),
        "AllowAgentForwarding no",
        "X11Forwarding no",
        "PrintMotd no",
        "UseDNS no",
        "MaxStartups 200",
        "MaxSessions 50",
        // DEBUG1 on a bastion logs each tunnel ("server_request_direct_tcpip ... target HOST port PORT")
        "LogLevel " + (tcpForwarding ? "DEBUG1" : "VERBOSE"),
        "Subsystem sftp internal-sftp",
        ""));
    Path log = log();
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    process = new ProcessBuilder(SshTestEnvironment.SSHD.toString(), "-D", "-e", "-f", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Processes.stopAtExit(process);
    String listening = "Server listening on " + address + " port " + port;
    try {
      await("sshd on " + address + ":" + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
          .until(() -> !process.isAlive() || logSince(logStart).contains(listening));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      stop();
      throw new IOException("sshd did not start in " + START_TIMEOUT + "; log:\n" + logSince(logStart));
    }
    if (!process.isAlive()) {
      throw new IOException("sshd exited " + process.exitValue() + " on " + address + ":" + port + ":\n"
          + logSince(logStart));
    }
  }

  private String logSince(long offset) throws IOException {
    byte[] all = Files.readAllBytes(log());
    return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
        StandardCharsets.UTF_8);
  }

  private void stop() {
    Process running = process;
    process = null;
    if (running == null) {
      return;
    }
    running.destroy();
    try {
      if (!running.waitFor(10, TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.destroyForcibly();
    }
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return probe.getLocalPort();
    }
  }
}
