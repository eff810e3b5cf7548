package io.corral.remote.services.app;

import java.util.List;

/**
 * An app's {@code container}: Docker with an image, or MESOS without one (Corral's agents run a
 * MESOS app as a process on the host). The legacy {@code docker.network} is read into the app's
 * {@link Network}s, not kept here.
 */
public record AppContainer(Type type, String image, boolean forcePullImage, List<Parameter> parameters,
    List<PortMapping> portMappings) {

  public enum Type {
    DOCKER,
    MESOS
  }

  /** A {@code docker run} option ({@code docker.parameters}), passed as given. */
  public record Parameter(String key, String value) {
    public Parameter {
      if (key == null || value == null) {
        throw new IllegalArgumentException("a docker parameter needs a key and a value");
      }
    }
  }

  public AppContainer {
    if (type == null) {
      throw new IllegalArgumentException("a container needs a type");
    }
    if (type == Type.DOCKER && (image == null || image.isBlank())) {
      throw new IllegalArgumentException("a DOCKER container needs an image");
    }
    parameters = Maps.copy(parameters);
    portMappings = Maps.copy(portMappings);
  }

  public boolean docker() {
    return type == Type.DOCKER;
  }
}
