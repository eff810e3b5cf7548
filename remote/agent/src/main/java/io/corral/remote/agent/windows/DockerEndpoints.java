package io.corral.remote.agent.windows;

import io.corral.core.model.OsFamily;

/** Where the Docker engine listens by default on each platform, as docker-java expects the URI. */
public final class DockerEndpoints {
  public static final String WINDOWS = "npipe:////./pipe/docker_engine";
  public static final String LINUX = "unix:///var/run/docker.sock";

  private DockerEndpoints() {}

  /** {@code --docker-host} when given, else the platform's default; the network Docker tasks use by default. */
  public static String host(OsFamily os, String override) {
    if (override != null && !override.isBlank()) {
      return override;
    }
    return os == OsFamily.WINDOWS ? WINDOWS : LINUX;
  }

  /** Windows containers have no bridge network; NAT is their default. */
  public static String defaultNetwork(OsFamily os) {
    return os == OsFamily.WINDOWS ? "nat" : "bridge";
  }
}
