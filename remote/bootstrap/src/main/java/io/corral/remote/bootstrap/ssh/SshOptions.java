package io.corral.remote.bootstrap.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to connect and authenticate. Secrets (password, key passphrase) are held as char arrays and
 * never appear in {@link #toString()}.
 *
 * @param identities private key files to offer, in order (empty: the usual ~/.ssh/id_* files)
 * @param passphrase for encrypted identities; empty when none is needed
 * @param password password authentication; empty when not offered
 * @param useAgent offer the keys of the ssh-agent at {@code SSH_AUTH_SOCK} when one is running
 * @param knownHosts the known_hosts file that host keys are checked against
 * @param acceptNewHostKey an unknown host's key is added to {@code knownHosts} instead of refused
 *     (a changed key is refused always)
 * @param jump a bastion to tunnel through (authenticated with the same identities)
 * @param connectTimeout for TCP connect plus key exchange plus authentication
 */
public record SshOptions(
    List<Path> identities,
    Optional<char[]> passphrase,
    Optional<char[]> password,
    boolean useAgent,
    Path knownHosts,
    boolean acceptNewHostKey,
    Optional<SshTarget> jump,
    Duration connectTimeout) {

  public SshOptions {
    identities = List.copyOf(identities);
  }

  @Override
  public String toString() {
    return "SshOptions[identities=" + identities + ", passphrase=" + (passphrase.isPresent() ? "***" : "none")
        + ", password=" + (password.isPresent() ? "***" : "none") + ", useAgent=" + useAgent
        + ", knownHosts=" + knownHosts + ", acceptNewHostKey=" + acceptNewHostKey + ", jump=" + jump
        + ", connectTimeout=" + connectTimeout + "]";
  }
}
