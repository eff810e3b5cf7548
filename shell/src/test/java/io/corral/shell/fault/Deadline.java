package io.corral.shell.fault;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, polling every 50 ms. The probe answers null (or false)
 * while the condition does not hold; an exception from it (a master that is restarting refuses
 * connections) counts as "not yet" and is named in the failure if the deadline passes.
 */
final class Deadline {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private Deadline() {}

  /** The probe's first answer that is neither null nor {@code false}, or an AssertionError naming {@code what}. */
  static <T> T await(Duration within, String what, Callable<T> probe) {
    return await(within, () -> what, probe);
  }

  /** As above, with the description made when the deadline passes, so it can say what was seen by then. */
  static <T> T await(Duration within, Supplier<String> what, Callable<T> probe) {
    long deadline = System.nanoTime() + within.toNanos();
    Exception last = null;
    while (true) {
      try {
        T value = probe.call();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        String described;
        try {
          described = what.get();
        } catch (RuntimeException e) {
          described = "(description failed: " + e + ")";
        }
        AssertionError failure = new AssertionError(described + ": not within " + within.toMillis() + " ms"
            + (last == null ? "" : " (last probe failed: " + last + ")"));
        if (last != null) {
          failure.initCause(last);
        }
        throw failure;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Milliseconds from {@code startNanos} until the condition held (waiting at most {@code within}). */
  static long millisUntil(long startNanos, Duration within, String what, Callable<Boolean> probe) {
    return millisUntil(startNanos, within, () -> what, probe);
  }

  static long millisUntil(long startNanos, Duration within, Supplier<String> what, Callable<Boolean> probe) {
    await(within, what, probe);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
