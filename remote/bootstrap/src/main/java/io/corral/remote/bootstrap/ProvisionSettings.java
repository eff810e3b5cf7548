package io.corral.remote.bootstrap;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by every host of one {@code node} command.
 *
 * @param agentMaster the master URL that agents dial (as the hosts see it)
 * @param sudo run privileged steps under {@code sudo -n}
 * @param installJava install Java 17 through the host's package manager when it has none
 * @param registerTimeout how long to wait for a started agent to register
 * @param parallel how many hosts at once
 * @param caCertificate PEM text of the CA(s) an https master is verified with, installed as
 *     {@code etc/ca.pem} and passed to the agent as {@code --ca-file}; null: none (plain HTTP, or
 *     the host's Java trust store)
 */
public record ProvisionSettings(URI agentMaster, boolean sudo, boolean installJava, Duration registerTimeout,
    int parallel, String caCertificate) {
  public ProvisionSettings {
    Objects.requireNonNull(agentMaster, "agentMaster");
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1");
    }
  }

  public ProvisionSettings(URI agentMaster, boolean sudo, boolean installJava, Duration registerTimeout, int parallel) {
    this(agentMaster, sudo, installJava, registerTimeout, parallel, null);
  }

  /** Installs {@code pem} on each host as the CA the agent verifies the master with. */
  public ProvisionSettings withCaCertificate(String pem) {
    return new ProvisionSettings(agentMaster, sudo, installJava, registerTimeout, parallel, pem);
  }
}
