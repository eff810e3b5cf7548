package io.corral.remote.services.app;

import java.util.Map;

/**
 * A container's port and the host port it is published on ({@code container.portMappings}).
 * {@code hostPort} null: not published (container networks only); 0: any host port; {@code
 * containerPort} 0 on Docker's bridge: the same number as the host port chosen.
 */
public record PortMapping(int containerPort, Integer hostPort, int servicePort, String protocol, String name,
    Map<String, String> labels) {
  public PortMapping {
    if (containerPort < 0 || containerPort > 65535 || (hostPort != null && (hostPort < 0 || hostPort > 65535))
        || servicePort < 0 || servicePort > 65535 || protocol == null) {
      throw new IllegalArgumentException("a port mapping needs ports from 0 to 65535 and a protocol");
    }
    labels = Maps.copy(labels);
  }
}
