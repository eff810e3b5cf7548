package io.corral.shell.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real OpenSSH servers for a benchmark: one {@code sshd} per loopback address (127.0.0.x), each with
 * its own host key and port, all letting one temporary user key in; a known_hosts file that names
 * them all. Closing stops every sshd.
 */
final class LoopbackSshHosts implements AutoCloseable {
  /** One running host. */
  record Host(String address, int port) {}

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  final List<Host> hosts = new ArrayList<>();
  final Path userKey;
  final Path knownHosts;

  private LoopbackSshHosts(Path dir) {
    this.dir = dir;
    this.userKey = dir.resolve("user_key");
    this.knownHosts = dir.resolve("known_hosts");
  }

  static LoopbackSshHosts start(Path dir, int count, int firstOctet) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
      throw new IllegalStateException("/usr/sbin/sshd is not installed (Debian: apt-get install -y openssh-server)");
    }
    Files.createDirectories(Path.of("/run/sshd"));
    LoopbackSshHosts h = new LoopbackSshHosts(dir);
    try {
      run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", h.userKey.toString()));
      StringBuilder known = new StringBuilder();
      for (int i = 0; i < count; i++) {
        String address = "127.0.0." + (firstOctet + i);
        Path hd = dir.resolve("host-" + address);
        Files.createDirectories(hd);
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hd.resolve("hostkey").toString()));
        Files.copy(dir.resolve("user_key.pub"), hd.resolve("authorized_keys"));
        int port = freePort(address);
        Files.writeString(hd.resolve("sshd_config"), "Port " + port + "\nListenAddress " + address + "\nHostKey "
            + hd.resolve("hostkey") + "\nAuthorizedKeysFile " + hd.resolve("authorized_keys") + "\nPidFile "
            + hd.resolve("pid") + "\nPasswordAuthentication no\nStrictModes no\nUsePAM no\n"
            + "PermitRootLogin prohibit-password\nSubsystem sftp internal-sftp\nMaxSessions 50\n");
        h.processes.add(new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", hd.resolve("sshd_config").toString())
            .redirectErrorStream(true).redirectOutput(hd.resolve("sshd.log").toFile()).start());
        h.hosts.add(new Host(address, port));
        String[] pub = Files.readString(hd.resolve("hostkey.pub")).strip().split("\\s+");
        known.append('[').append(address).append("]:").append(port).append(' ').append(pub[0]).append(' ')
            .append(pub[1]).append('\n');
      }
      Files.writeString(h.knownHosts, known);
      for (Host host : h.hosts) {
        awaitListening(host);
      }
      return h;
    } catch (IOException | InterruptedException | RuntimeException e) {
      h.close();
      throw e;
    }
  }

  private static void awaitListening(Host host) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host.address(), host.port()), 500);
        return;
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("sshd on " + host.address() + ":" + host.port() + " did not start", e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return s.getLocalPort();
    }
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }

  /** CPU seconds of every sshd so far, with its ended sessions (Linux /proc; 0 elsewhere). */
  double cpuSeconds() {
    return processes.stream().mapToDouble(p -> ProcessCpu.withChildren(p.pid())).sum();
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
