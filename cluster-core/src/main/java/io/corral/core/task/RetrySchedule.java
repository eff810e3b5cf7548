package io.corral.core.task;

import java.time.Duration;
import java.time.Instant;

/**
 * When the update in flight is sent again: after 10 seconds, then doubling each time up to 10
 * minutes, as Mesos' status update manager does.
 */
record RetrySchedule(Duration interval, Instant deadline) {

  static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
  static final Duration MAX_INTERVAL = Duration.ofMinutes(10);

  /** The schedule of an update first sent at {@code sentAt}. */
  static RetrySchedule startingAt(Instant sentAt) {
    return new RetrySchedule(MIN_INTERVAL, sentAt.plus(MIN_INTERVAL));
  }

  boolean isDue(Instant now) {
    return !now.isBefore(deadline);
  }

  /** The schedule after a retry sent at {@code retriedAt}. */
  RetrySchedule next(Instant retriedAt) {
    Duration doubled = interval.multipliedBy(2);
    Duration nextInterval = doubled.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : doubled;
    return new RetrySchedule(nextInterval, retriedAt.plus(nextInterval));
  }
}
