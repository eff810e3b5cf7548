package io.corral.core.resources;

import java.util.Comparator;

/**
 * A resource's name and the role it is reserved for ({@value Resources#UNRESERVED} when unreserved).
 * Well-known names sort first (cpus, mem, disk, gpus, ports), then the rest alphabetically, so
 * formatted resources read the way operators expect.
 */
public record ResourceKey(String name, String role) implements Comparable<ResourceKey> {
  private static final Comparator<ResourceKey> ORDER =
      Comparator.comparingInt((ResourceKey k) -> rank(k.name))
          .thenComparing(ResourceKey::name)
          .thenComparing(k -> k.role.equals(Resources.UNRESERVED) ? "" : k.role);

  public ResourceKey {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("resource name must not be empty");
    }
    if (role == null || role.isEmpty()) {
      throw new IllegalArgumentException("resource role must not be empty");
    }
  }

  public static ResourceKey unreserved(String name) {
    return new ResourceKey(name, Resources.UNRESERVED);
  }

  public boolean isReserved() {
    return !role.equals(Resources.UNRESERVED);
  }

  private static int rank(String name) {
    switch (name) {
      case "cpus": return 0;
      case "mem": return 1;
      case "disk": return 2;
      case "gpus": return 3;
      case "ports": return 4;
      default: return 5;
    }
  }

  @Override
  public int compareTo(ResourceKey other) {
    if (this == other || (name.equals(other.name) && role.equals(other.role))) {
      return 0;
    }
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return isReserved() ? name + "(" + role + ")" : name;
  }
}
