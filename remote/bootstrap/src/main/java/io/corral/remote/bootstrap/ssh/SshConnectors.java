package io.corral.remote.bootstrap.ssh;

/** Where connectors come from. */
public final class SshConnectors {
  private SshConnectors() {}

  /**
   * A connector on Apache MINA sshd: host keys checked against known_hosts, keys from files and ssh-agent,
   * passwords, a jump host, exec and SFTP upload. Close it when done; it serves many hosts at once.
   */
  public static SshConnector create() {
    return new MinaSshConnector();
  }
}
