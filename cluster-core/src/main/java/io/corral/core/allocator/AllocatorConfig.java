package io.corral.core.allocator;

import java.time.Duration;

/**
 * Allocator tunables, with Mesos' defaults: offers never time out unless configured, declined
 * resources are filtered for 5 seconds, and an offer needs at least 0.01 cpus or 32 MB of memory.
 */
public record AllocatorConfig(Duration offerTimeout, Duration defaultRefuse, long minCpusMillis, long minMemMillis) {
  public static final AllocatorConfig DEFAULTS = new AllocatorConfig(null, Duration.ofSeconds(5), 10, 32_000);

  public AllocatorConfig {
    if (defaultRefuse == null || defaultRefuse.isNegative()) {
      throw new IllegalArgumentException("default refuse duration must be zero or more");
    }
    if (offerTimeout != null && (offerTimeout.isNegative() || offerTimeout.isZero())) {
      throw new IllegalArgumentException("offer timeout must be positive");
    }
  }

  public AllocatorConfig withOfferTimeout(Duration timeout) {
    return new AllocatorConfig(timeout, defaultRefuse, minCpusMillis, minMemMillis);
  }
}
