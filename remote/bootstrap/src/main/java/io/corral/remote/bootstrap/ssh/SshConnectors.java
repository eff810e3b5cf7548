package io.corral.remote.bootstrap.ssh;

import java.nio.file.Path;
import java.util.Optional;

/** Where connectors come from. */
public final class SshConnectors {
  private SshConnectors() {}

  /**
   * A connector on Apache MINA sshd: host keys checked against known_hosts, keys from files and ssh-agent,
   * passwords, a jump host, exec and SFTP upload. Close it when done; it serves many hosts at once.
   */
  public static SshConnector create() {
    String socket = System.getenv("SSH_AUTH_SOCK");
    return create(socket == null || socket.isBlank() ? Optional.empty() : Optional.of(Path.of(socket)));
  }

  /**
   * Like {@link #create()} with the ssh-agent socket given instead of read from {@code SSH_AUTH_SOCK}
   * (empty: no agent); it is used only by connections whose options ask for the agent.
   */
  public static SshConnector create(Optional<Path> agentSocket) {
    return new MinaSshConnector(agentSocket);
  }
}
