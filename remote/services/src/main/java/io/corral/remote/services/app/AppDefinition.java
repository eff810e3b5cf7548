package io.corral.remote.services.app;

import io.corral.core.service.KillSelection;
import io.corral.core.service.LaunchBackoff;
import io.corral.core.service.PlacementRule;
import io.corral.core.service.ServiceId;
import io.corral.core.service.ServiceSpec;
import io.corral.core.service.UpgradeStrategy;
import java.util.List;
import java.util.Map;

/**
 * An app in Marathon's format, with Marathon's defaults applied (see {@code docs/services.md},
 * "App definitions"). Values only: {@link AppReader} reads and validates one, {@link AppWriter}
 * renders it, {@link InstanceLaunch} turns it into a task.
 *
 * @param cmd a shell command, or null
 * @param args a command and its arguments run without a shell (empty when {@code cmd} is given)
 * @param user the user tasks run as, or null for the framework's
 * @param executor Marathon's executor, kept as given: only the command executor exists here
 * @param container the container, or null for a plain command
 * @param networks where instances are connected; never empty ({@code [host]} by default)
 * @param portDefinitions the app's ports on the host's network (empty on other networks, whose
 *     ports are the container's {@code portMappings})
 * @param taskKillGracePeriodSeconds seconds between TERM and KILL, or null for the agent's default
 * @param dependencies apps this one depends on, kept for the order of group deployments
 */
public record AppDefinition(ServiceId id, String cmd, List<String> args, String user, Map<String, String> env,
    int instances, double cpus, double mem, double disk, int gpus, String executor,
    List<PlacementRule> constraints, AppContainer container, List<Network> networks,
    List<PortDefinition> portDefinitions, boolean requirePorts, List<HealthCheck> healthChecks,
    UpgradeStrategy upgradeStrategy, LaunchBackoff backoff, Integer taskKillGracePeriodSeconds,
    KillSelection killSelection, UnreachableStrategy unreachableStrategy, Map<String, String> labels,
    List<Artifact> fetch, List<String> acceptedResourceRoles, List<ServiceId> dependencies) {

  public static final int DEFAULT_INSTANCES = 1;
  public static final double DEFAULT_CPUS = 1;
  public static final double DEFAULT_MEM = 128;

  public AppDefinition {
    if (id == null || upgradeStrategy == null || backoff == null || killSelection == null
        || unreachableStrategy == null || executor == null) {
      throw new IllegalArgumentException("an app needs an id, upgrade strategy, backoff, kill selection,"
          + " unreachable strategy and executor");
    }
    if (instances < 0) {
      throw new IllegalArgumentException("instances must be 0 or more, not " + instances);
    }
    args = Maps.copy(args);
    env = Maps.copy(env);
    constraints = Maps.copy(constraints);
    networks = networks == null || networks.isEmpty() ? List.of(Network.HOST) : List.copyOf(networks);
    portDefinitions = Maps.copy(portDefinitions);
    healthChecks = Maps.copy(healthChecks);
    labels = Maps.copy(labels);
    fetch = Maps.copy(fetch);
    acceptedResourceRoles = Maps.copy(acceptedResourceRoles);
    dependencies = Maps.copy(dependencies);
  }

  /** The same app at another instance count: a scale, not a change of configuration. */
  public AppDefinition withInstances(int n) {
    return new AppDefinition(id, cmd, args, user, env, n, cpus, mem, disk, gpus, executor, constraints, container,
        networks, portDefinitions, requirePorts, healthChecks, upgradeStrategy, backoff, taskKillGracePeriodSeconds,
        killSelection, unreachableStrategy, labels, fetch, acceptedResourceRoles, dependencies);
  }

  /** What the planner needs, at the given configuration version. */
  public ServiceSpec spec(String configVersion) {
    return new ServiceSpec(id, configVersion, instances, !healthChecks.isEmpty(), upgradeStrategy, killSelection);
  }

  /** Instances are on the host's network (their ports are {@link #portDefinitions}). */
  public boolean hostNetworking() {
    return networks.get(0).mode() == Network.Mode.HOST;
  }

  /** Instances are on Docker's bridge. */
  public boolean bridgeNetworking() {
    return networks.get(0).mode() == Network.Mode.BRIDGE;
  }

  /** The port mappings of the container, empty without one. */
  public List<PortMapping> portMappings() {
    return container == null ? List.of() : container.portMappings();
  }

  /** How many ports the app has: what a health check's {@code portIndex} and {@code PORTn} count. */
  public int portCount() {
    return hostNetworking() ? portDefinitions.size() : portMappings().size();
  }

  /** The Docker image, or null. */
  public String image() {
    return container == null ? null : container.image();
  }
}
