package io.corral.remote.agent;

import io.corral.remote.agent.usage.UsageSampler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How an agent runs: its master, work directory, credential, and what it reports about itself
 * when detection should be overridden ({@code resources}, {@code hostname}: null means detect).
 * With several masters, {@code otherMasters} lists the rest, and {@code masterSource} (may be
 * null) names them afresh at every (re-)registration, e.g. from ZooKeeper. {@code caFile} (may be
 * null: the JDK's trust store) holds the CA certificates an {@code https} master is verified with;
 * the agent's start-up shares it with the connections as {@code ClientTls.shared()}. With
 * {@code switchUser} (the default, Mesos' {@code --switch_user}) a task runs as the user it or its
 * framework names; without, as the agent's own user. {@code usageInterval} (null: the default) is how
 * often running tasks' usage is sampled and reported.
 */
public record AgentConfig(URI master, Path workDir, String credential, String resources, Map<String, String> attributes,
    String hostname, Duration defaultKillGrace, List<URI> otherMasters, Supplier<List<URI>> masterSource, Path caFile,
    boolean switchUser, Duration usageInterval) {

  public AgentConfig {
    usageInterval = usageInterval == null ? UsageSampler.DEFAULT_INTERVAL : usageInterval;
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    defaultKillGrace = defaultKillGrace == null ? Duration.ofSeconds(3) : defaultKillGrace;
    otherMasters = otherMasters == null ? List.of() : List.copyOf(otherMasters);
  }

  public AgentConfig(URI master, Path workDir, String credential, String resources, Map<String, String> attributes,
      String hostname, Duration defaultKillGrace) {
    this(master, workDir, credential, resources, attributes, hostname, defaultKillGrace, List.of(), null, null, true,
        null);
  }

  public AgentConfig(URI master, Path workDir, String credential, String resources, Map<String, String> attributes,
      String hostname, Duration defaultKillGrace, List<URI> otherMasters, Supplier<List<URI>> masterSource) {
    this(master, workDir, credential, resources, attributes, hostname, defaultKillGrace, otherMasters, masterSource,
        null, true, null);
  }

  /**
   * Every master the agent may register with, in the order to try them: those the source names
   * now (when it answers), then {@link #master} and {@link #otherMasters}. The agent tries them
   * in turn and follows a non-leader's 307 to the leader.
   */
  public List<URI> masters() {
    LinkedHashSet<URI> all = new LinkedHashSet<>();
    if (masterSource != null) {
      try {
        all.addAll(masterSource.get());
      } catch (RuntimeException e) {
        // the source cannot answer now: the masters known from the start are tried
      }
    }
    all.add(master);
    all.addAll(otherMasters);
    return new ArrayList<>(all);
  }

  public AgentConfig withMasters(List<URI> others, Supplier<List<URI>> source) {
    return new AgentConfig(master, workDir, credential, resources, attributes, hostname, defaultKillGrace, others,
        source, caFile, switchUser, usageInterval);
  }

  /** Verifies an {@code https} master with the CA certificates in {@code file} (PEM). */
  public AgentConfig withCaFile(Path file) {
    return new AgentConfig(master, workDir, credential, resources, attributes, hostname, defaultKillGrace,
        otherMasters, masterSource, file, switchUser, usageInterval);
  }

  /** {@code false}: every task runs as the agent's own user, whatever user it names ({@code --no-switch-user}). */
  public AgentConfig withSwitchUser(boolean on) {
    return new AgentConfig(master, workDir, credential, resources, attributes, hostname, defaultKillGrace,
        otherMasters, masterSource, caFile, on, usageInterval);
  }

  /** Samples what each running task uses this often ({@link Duration#ZERO}: never; see {@link UsageSampler}). */
  public AgentConfig withUsageInterval(Duration interval) {
    return new AgentConfig(master, workDir, credential, resources, attributes, hostname, defaultKillGrace,
        otherMasters, masterSource, caFile, switchUser, interval);
  }
}
