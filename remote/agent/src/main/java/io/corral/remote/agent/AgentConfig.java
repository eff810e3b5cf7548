package io.corral.remote.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an agent runs: its master, work directory, credential, and what it reports about itself
 * when detection should be overridden ({@code resources}, {@code hostname}: null means detect).
 */
public record AgentConfig(URI master, Path workDir, String credential, String resources, Map<String, String> attributes,
    String hostname, Duration defaultKillGrace, List<URI> otherMasters) {

  public AgentConfig {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    defaultKillGrace = defaultKillGrace == null ? Duration.ofSeconds(3) : defaultKillGrace;
    otherMasters = otherMasters == null ? List.of() : List.copyOf(otherMasters);
  }

  public AgentConfig(URI master, Path workDir, String credential, String resources, Map<String, String> attributes,
      String hostname, Duration defaultKillGrace) {
    this(master, workDir, credential, resources, attributes, hostname, defaultKillGrace, List.of());
  }

  /**
   * Every master the agent may register with, {@link #master} first: with several masters the
   * agent tries them in turn and follows a non-leader's 307 to the leader.
   */
  public List<URI> masters() {
    List<URI> all = new java.util.ArrayList<>();
    all.add(master);
    all.addAll(otherMasters);
    return all;
  }

  public AgentConfig withOtherMasters(List<URI> others) {
    return new AgentConfig(master, workDir, credential, resources, attributes, hostname, defaultKillGrace, others);
  }
}
