package io.corral.core.port;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told to; for deterministic tests of timeouts and filters. */
public final class ManualClock implements Clock {
  private Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public Instant now() {
    return now;
  }

  public Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not go backwards: " + by);
    }
    now = now.plus(by);
    return now;
  }
}
