package io.corral.remote.services.app;

import java.util.Map;

/**
 * A port of an app on the host's network ({@code portDefinitions}): {@code port} 0 means any
 * port; another number is the port itself when the app has {@code requirePorts}, else Marathon's
 * service port and the host port is any.
 */
public record PortDefinition(int port, String protocol, String name, Map<String, String> labels) {
  public PortDefinition {
    if (port < 0 || port > 65535 || protocol == null) {
      throw new IllegalArgumentException("a port definition needs a port from 0 to 65535 and a protocol");
    }
    labels = Maps.copy(labels);
  }
}
