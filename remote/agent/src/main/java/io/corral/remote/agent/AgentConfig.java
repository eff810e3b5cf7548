package io.corral.remote.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How an agent runs: its master, work directory, credential, and what it reports about itself
 * when detection should be overridden ({@code resources}, {@code hostname}: null means detect).
 */
public record AgentConfig(URI master, Path workDir, String credential, String resources, Map<String, String> attributes,
    String hostname, Duration defaultKillGrace) {

  public AgentConfig {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    defaultKillGrace = defaultKillGrace == null ? Duration.ofSeconds(3) : defaultKillGrace;
  }
}
