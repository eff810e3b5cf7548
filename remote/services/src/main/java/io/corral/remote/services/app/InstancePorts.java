package io.corral.remote.services.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports of one instance. On the host's network each port definition takes a host port (the
 * defined number with {@code requirePorts}, else any). On Docker's bridge each mapping takes its
 * {@code hostPort} (0: any), and a {@code containerPort} of 0 is the host port chosen. On a
 * container network only mappings with a {@code hostPort} take one.
 */
final class InstancePorts {
  private InstancePorts() {}

  /** The host ports to take from an offer, 0 for any. */
  static List<Integer> requests(AppDefinition app) {
    List<Integer> out = new ArrayList<>();
    if (app.hostNetworking()) {
      app.portDefinitions().forEach(p -> out.add(app.requirePorts() ? p.port() : 0));
    } else {
      app.portMappings().stream().filter(m -> m.hostPort() != null).forEach(m -> out.add(m.hostPort()));
    }
    return out;
  }

  /** The instance's ports by index, as {@code PORTn} tells them: host ports where taken, else container ports. */
  static List<Integer> ports(AppDefinition app, List<Integer> hostPorts) {
    if (app.hostNetworking()) {
      return hostPorts;
    }
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (PortMapping m : app.portMappings()) {
      out.add(m.hostPort() != null ? hostPorts.get(next++) : m.containerPort());
    }
    return out;
  }

  /** The ports by index as a health check reaches them: host ports on the host's network, else the container's. */
  static List<Integer> checkPorts(AppDefinition app, List<Integer> hostPorts) {
    return app.hostNetworking() ? hostPorts : containerPorts(app, hostPorts);
  }

  /** Each mapping's container port; on the bridge 0 is the host port chosen. */
  static List<Integer> containerPorts(AppDefinition app, List<Integer> hostPorts) {
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (PortMapping m : app.portMappings()) {
      Integer host = m.hostPort() != null ? hostPorts.get(next++) : null;
      out.add(m.containerPort() == 0 && host != null ? host : m.containerPort());
    }
    return out;
  }

  /** The ports' names by index, null where unnamed. */
  static List<String> names(AppDefinition app) {
    List<String> out = new ArrayList<>();
    if (app.hostNetworking()) {
      app.portDefinitions().forEach(p -> out.add(p.name()));
    } else {
      app.portMappings().forEach(m -> out.add(m.name()));
    }
    return out;
  }
}
