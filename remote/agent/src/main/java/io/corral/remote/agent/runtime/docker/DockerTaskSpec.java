package io.corral.remote.agent.runtime.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What to run for one Docker task, in Docker's terms and free of Mesos types.
 *
 * @param entrypoint the entrypoint override, or null to keep the image's
 * @param command the command (Docker's {@code Cmd}), or null to keep the image's
 * @param network {@code host}, {@code bridge}, {@code none}, {@code nat} or a user network's name
 * @param cpus the CPU limit (0 = none)
 * @param memoryMb the memory limit (0 = none)
 * @param parameters extra Docker options as Mesos' {@code docker.parameters} gives them (key, value)
 */
public record DockerTaskSpec(String taskId, String frameworkId, Path sandbox, String image, boolean forcePull,
    List<String> entrypoint, List<String> command, Map<String, String> environment, String network,
    List<PortMapping> ports, double cpus, long memoryMb, boolean privileged, List<Map.Entry<String, String>> parameters) {

  /** A container port published on a host port; {@code protocol} is {@code tcp} or {@code udp}. */
  public record PortMapping(int hostPort, int containerPort, String protocol) {
    public PortMapping {
      if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
        throw new IllegalArgumentException("port mapping " + hostPort + "->" + containerPort + " is out of range 1-65535");
      }
      protocol = protocol == null || protocol.isBlank() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
      if (!protocol.equals("tcp") && !protocol.equals("udp")) {
        throw new IllegalArgumentException("port mapping protocol '" + protocol + "' is neither tcp nor udp");
      }
    }
  }

  public DockerTaskSpec {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(sandbox, "sandbox");
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("task " + taskId + " is a Docker task without an image (container.docker.image)");
    }
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    command = command == null ? null : List.copyOf(command);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    ports = ports == null ? List.of() : List.copyOf(ports);
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
    frameworkId = frameworkId == null ? "" : frameworkId;
    if (cpus < 0 || memoryMb < 0 || Double.isNaN(cpus)) {
      throw new IllegalArgumentException("task " + taskId + " has negative limits: cpus " + cpus + ", mem " + memoryMb);
    }
    if (!ports.isEmpty() && (network.equals("host") || network.equals("none"))) {
      throw new IllegalArgumentException("task " + taskId + " maps ports but uses the " + network
          + " network; port mappings need a bridge or user network");
    }
  }

  /**
   * Runs the container as {@code user} (Docker's {@code --user}), resolved in the image's own user
   * database; a {@code user} among the task's docker parameters still wins, as the later flag does on
   * Mesos' docker command line.
   */
  public DockerTaskSpec withUser(String user) {
    List<Map.Entry<String, String>> withUser = new ArrayList<>();
    withUser.add(Map.entry("user", user));
    withUser.addAll(parameters);
    return new DockerTaskSpec(taskId, frameworkId, sandbox, image, forcePull, entrypoint, command, environment, network,
        ports, cpus, memoryMb, privileged, withUser);
  }
}
