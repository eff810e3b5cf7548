package io.corral.core.service;

/**
 * What a service should be, as far as the planner cares: how many instances of which definition
 * version, whether readiness waits for health checks, and how to change and shrink.
 *
 * @param version the version of the definition's configuration; a change of {@code instances} alone
 *     keeps it (a scale, not a restart), as Marathon's {@code lastConfigChangeAt}
 */
public record ServiceSpec(ServiceId id, String version, int instances, boolean healthChecked,
    UpgradeStrategy upgrade, KillSelection killSelection) {

  public ServiceSpec {
    if (id == null || version == null || upgrade == null || killSelection == null) {
      throw new IllegalArgumentException("a service spec needs an id, version, upgrade strategy and kill selection");
    }
    if (instances < 0) {
      throw new IllegalArgumentException("instances must be 0 or more, not " + instances);
    }
  }
}
