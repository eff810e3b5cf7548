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
 */
public record ProvisionSettings(URI agentMaster, boolean sudo, boolean installJava, Duration registerTimeout,
    int parallel) {
  public ProvisionSettings {
    Objects.requireNonNull(agentMaster, "agentMaster");
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1");
    }
  }
}
