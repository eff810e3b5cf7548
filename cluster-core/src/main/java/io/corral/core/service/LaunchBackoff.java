package io.corral.core.service;

import java.time.Duration;

/**
 * Marathon's launch delay after failures: {@code backoffSeconds × backoffFactor^(failures - 1)},
 * at most {@code maxLaunchDelaySeconds} (defaults 1 s, 1.15, 300 s). No delay before a first failure.
 */
public record LaunchBackoff(Duration initial, double factor, Duration max) {
  public static final LaunchBackoff DEFAULT = new LaunchBackoff(Duration.ofSeconds(1), 1.15, Duration.ofSeconds(300));

  public LaunchBackoff {
    if (initial == null || initial.isNegative()) {
      throw new IllegalArgumentException("backoffSeconds must be 0 or more");
    }
    if (!(factor >= 1.0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("backoffFactor must be 1 or more, not " + factor);
    }
    if (max == null || max.isNegative()) {
      throw new IllegalArgumentException("maxLaunchDelaySeconds must be 0 or more");
    }
  }

  /** The wait before the next launch once {@code failures} instances failed in a row. */
  public Duration delayAfter(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    double millis = initial.toMillis() * Math.pow(factor, failures - 1);
    return millis >= max.toMillis() || Double.isInfinite(millis) ? max : Duration.ofMillis(Math.round(millis));
  }
}
