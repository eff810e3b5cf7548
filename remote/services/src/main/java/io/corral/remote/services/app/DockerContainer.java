package io.corral.remote.services.app;

import java.util.List;
import org.apache.mesos.v1.Protos;

/**
 * The Mesos {@code ContainerInfo} of a Docker app: image, network, parameters, and a port mapping
 * per mapped host port and protocol ({@code udp,tcp} publishes both).
 */
final class DockerContainer {
  private DockerContainer() {}

  static Protos.ContainerInfo of(AppDefinition app, List<Integer> hostPorts) {
    AppContainer c = app.container();
    Network network = app.networks().get(0);
    Protos.ContainerInfo.DockerInfo.Builder docker = Protos.ContainerInfo.DockerInfo.newBuilder()
        .setImage(c.image())
        .setForcePullImage(c.forcePullImage())
        .setPrivileged(false)
        .setNetwork(switch (network.mode()) {
          case HOST -> Protos.ContainerInfo.DockerInfo.Network.HOST;
          case BRIDGE -> Protos.ContainerInfo.DockerInfo.Network.BRIDGE;
          case CONTAINER -> network.name() == null ? Protos.ContainerInfo.DockerInfo.Network.NONE
              : Protos.ContainerInfo.DockerInfo.Network.USER;
        });
    c.parameters().forEach(p -> docker.addParameters(Protos.Parameter.newBuilder().setKey(p.key())
        .setValue(p.value())));
    List<Integer> containerPorts = InstancePorts.containerPorts(app, hostPorts);
    int next = 0;
    for (int i = 0; i < c.portMappings().size(); i++) {
      PortMapping m = c.portMappings().get(i);
      if (m.hostPort() == null) {
        continue;
      }
      int host = hostPorts.get(next++);
      for (String protocol : m.protocol().split(",")) {
        docker.addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping.newBuilder()
            .setHostPort(host).setContainerPort(containerPorts.get(i)).setProtocol(protocol));
      }
    }
    Protos.ContainerInfo.Builder out = Protos.ContainerInfo.newBuilder()
        .setType(Protos.ContainerInfo.Type.DOCKER).setDocker(docker);
    if (network.mode() == Network.Mode.CONTAINER && network.name() != null) {
      out.addNetworkInfos(Protos.NetworkInfo.newBuilder().setName(network.name()));
    }
    return out.build();
  }
}
