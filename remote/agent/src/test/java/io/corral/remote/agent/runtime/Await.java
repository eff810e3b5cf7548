package io.corral.remote.agent.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition by checking it on a timer; the test thread blocks on a future, never sleeps. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    CompletableFuture<Void> met = new CompletableFuture<>();
    ScheduledFuture<?> check = SharedTimer.INSTANCE.scheduleWithFixedDelay(() -> {
      try {
        if (condition.getAsBoolean()) {
          met.complete(null);
        }
      } catch (RuntimeException e) {
        met.completeExceptionally(e);
      }
    }, 0, 20, TimeUnit.MILLISECONDS);
    try {
      met.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out after " + timeout + " waiting until " + what, e);
    } finally {
      check.cancel(false);
    }
  }

  /** Whether a process is gone for good: absent, a zombie, or its pid now belongs to another process. */
  public static boolean gone(ProcessHandle p) {
    return !p.isAlive() || ProcStat.of(p.pid()).map(ProcStat::hasEnded).orElse(true);
  }
}
