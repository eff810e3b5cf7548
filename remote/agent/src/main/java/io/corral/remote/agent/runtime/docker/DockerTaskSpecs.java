package io.corral.remote.agent.runtime.docker;

import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import io.corral.remote.agent.windows.DockerEndpoints;
import io.corral.remote.api.convert.ResourceConversion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;

/**
 * From a Mesos TaskInfo whose container is of type DOCKER to a {@link DockerTaskSpec}, following Mesos'
 * Docker containerizer: without a command value the image's own command runs; {@code shell=true} (the
 * default) runs {@code /bin/sh -c value} in place of the image's entrypoint; {@code shell=false} keeps
 * the entrypoint and gives it {@code value} and the arguments as its command.
 */
public final class DockerTaskSpecs {
  private DockerTaskSpecs() {}

  public static boolean isDocker(Protos.TaskInfo task) {
    return task.hasContainer() && task.getContainer().getType() == Protos.ContainerInfo.Type.DOCKER;
  }

  /** @throws IllegalArgumentException with a message for the framework when the task asks for what cannot be run */
  public static DockerTaskSpec from(Protos.TaskInfo task, String frameworkId, Path sandbox, OsFamily os) {
    Protos.ContainerInfo container = task.getContainer();
    if (!container.hasDocker()) {
      throw new IllegalArgumentException("the task's container is of type DOCKER but has no docker info (image)");
    }
    Protos.ContainerInfo.DockerInfo docker = container.getDocker();
    Protos.CommandInfo command = task.getCommand();
    List<String> entrypoint = null;
    List<String> cmd = null;
    boolean shell = !command.hasShell() || command.getShell();
    if (shell && command.hasValue()) {
      entrypoint = List.of("/bin/sh");
      cmd = List.of("-c", command.getValue());
    } else if (!shell && (command.hasValue() || command.getArgumentsCount() > 0)) {
      cmd = new ArrayList<>();
      if (command.hasValue()) {
        cmd.add(command.getValue());
      }
      cmd.addAll(command.getArgumentsList());
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Protos.Environment.Variable v : command.getEnvironment().getVariablesList()) {
      env.put(v.getName(), v.getValue());
    }
    Resources resources = ResourceConversion.fromMesos(task.getResourcesList());
    List<DockerTaskSpec.PortMapping> ports = new ArrayList<>();
    for (Protos.ContainerInfo.DockerInfo.PortMapping m : docker.getPortMappingsList()) {
      List<long[]> taskPorts = resources.ranges("ports");
      if (taskPorts.stream().noneMatch(r -> r[0] <= m.getHostPort() && m.getHostPort() <= r[1])) {
        throw new IllegalArgumentException("host port " + m.getHostPort() + " of the port mapping to container port "
            + m.getContainerPort() + " is not among the task's ports resources "
            + taskPorts.stream().map(r -> r[0] + "-" + r[1]).toList());
      }
      ports.add(new DockerTaskSpec.PortMapping(m.getHostPort(), m.getContainerPort(), m.getProtocol()));
    }
    List<Map.Entry<String, String>> parameters = new ArrayList<>();
    for (Protos.Parameter p : docker.getParametersList()) {
      parameters.add(Map.entry(p.getKey(), p.getValue()));
    }
    return new DockerTaskSpec(task.getTaskId().getValue(), frameworkId, sandbox, docker.getImage(),
        docker.hasForcePullImage() && docker.getForcePullImage(), entrypoint, cmd, env, network(container, os), ports,
        resources.scalar("cpus"), (long) resources.scalar("mem"), docker.hasPrivileged() && docker.getPrivileged(),
        parameters);
  }

  static String network(Protos.ContainerInfo container, OsFamily os) {
    Protos.ContainerInfo.DockerInfo.Network network = container.getDocker().hasNetwork()
        ? container.getDocker().getNetwork() : Protos.ContainerInfo.DockerInfo.Network.HOST;
    return switch (network) {
      case HOST -> os == OsFamily.WINDOWS ? DockerEndpoints.defaultNetwork(os) : "host";
      case BRIDGE -> DockerEndpoints.defaultNetwork(os);
      case NONE -> "none";
      case USER -> {
        if (container.getNetworkInfosCount() != 1 || !container.getNetworkInfos(0).hasName()) {
          throw new IllegalArgumentException("a USER network needs exactly one network_infos entry with a name");
        }
        yield container.getNetworkInfos(0).getName();
      }
    };
  }
}
