package io.corral.remote.agent;

import java.time.Duration;

/**
 * When the agent registers again. After losing a registration that had lasted, at once: the
 * master is most likely there (it closed the stream, restarted, or failed over) and tasks' updates
 * wait meanwhile. Between failed attempts, 500 ms doubling to 30 s, so a master that is down is not
 * hammered. A registration lost within {@link #STEADY} of being made counts as a failed attempt:
 * a master that takes registrations and drops them at once would otherwise be asked in a tight loop.
 */
final class Reconnects {
  static final Duration FIRST_DELAY = Duration.ofMillis(500);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);
  static final Duration STEADY = Duration.ofSeconds(1);

  private Duration next = FIRST_DELAY;

  /** The delay before the next attempt after an attempt failed. */
  synchronized Duration afterFailure() {
    Duration delay = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
    return delay;
  }

  /** The delay before registering again after losing a registration that had lasted {@code lived}. */
  synchronized Duration afterLost(Duration lived) {
    if (lived.compareTo(STEADY) < 0) {
      return afterFailure();
    }
    next = FIRST_DELAY;
    return Duration.ZERO;
  }
}
