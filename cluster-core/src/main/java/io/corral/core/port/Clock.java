package io.corral.core.port;

import java.time.Instant;

/** Time, injected: production passes the system clock, tests a manual one they advance. */
@FunctionalInterface
public interface Clock {
  Instant now();
}
