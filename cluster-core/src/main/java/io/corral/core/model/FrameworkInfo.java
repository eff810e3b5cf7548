package io.corral.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A framework as it subscribed: its roles (at least one; {@code *} by default), the principal it
 * authenticated as, and how long the master keeps its tasks after it disconnects.
 */
public record FrameworkInfo(FrameworkId id, String name, String principal, List<String> roles,
    Duration failoverTimeout, Set<String> capabilities) {

  public static final String DEFAULT_ROLE = "*";

  public FrameworkInfo {
    if (id == null) {
      throw new IllegalArgumentException("framework id is required");
    }
    name = name == null || name.isBlank() ? id.value() : name;
    roles = roles == null || roles.isEmpty() ? List.of(DEFAULT_ROLE) : List.copyOf(roles);
    failoverTimeout = failoverTimeout == null ? Duration.ZERO : failoverTimeout;
    capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    for (String role : roles) {
      Role.requireValidName(role);
    }
  }

  public static FrameworkInfo of(FrameworkId id, String name, String... roles) {
    return new FrameworkInfo(id, name, null, List.of(roles), Duration.ZERO, Set.of());
  }
}
