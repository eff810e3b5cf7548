package io.corral.remote.agent.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One kind of health check, run once per call. */
@FunctionalInterface
public interface Probe {

  /** How one check went; {@code detail} says it for people ("HTTP 503", "connection refused", "exit 1"). */
  record Result(boolean healthy, String detail) {}

  /**
   * Runs the check once, taking at most {@code timeout} ({@link Duration#ZERO}: no limit). The future
   * never completes exceptionally: a check that cannot run has failed, and says why.
   */
  CompletableFuture<Result> check(Duration timeout);
}
