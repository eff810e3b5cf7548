package io.corral.remote.bootstrap.ssh;

import java.util.Objects;

/** One SSH endpoint: a host (name or address), its port and the user to log in as. */
public record SshTarget(String host, int port, String user) {
  public SshTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** {@code user@host:port}, as shown to operators. */
  @Override
  public String toString() {
    return user + "@" + host + ":" + port;
  }
}
