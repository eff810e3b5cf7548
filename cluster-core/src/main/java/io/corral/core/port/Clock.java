package io.corral.core.port;

import java.time.Instant;

/** Time, injected: production passes the system clock, tests a {@link ManualClock}. */
@FunctionalInterface
public interface Clock {
  Instant now();
}
