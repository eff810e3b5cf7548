package io.corral.remote.agent.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one kill with a grace period every runtime uses: ask the task to stop, then force it if it has
 * not ended when the grace period is over. The runtimes differ only in what asking and forcing are.
 */
public final class GracefulKill {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulKill.class);

  private GracefulKill() {}

  /** How one runtime stops a task. */
  public interface Escalation {
    /**
     * Asks the task to stop (SIGTERM to its process group, {@code taskkill} without {@code /F}, TERM to
     * a container); false if the request could not be sent, and the task is then forced at once.
     */
    boolean ask();

    /** Ends the task now (SIGKILL, {@code TerminateJobObject}, KILL to a container). */
    void force();
  }

  /**
   * Asks, then forces after {@code grace} unless {@code exit} completed first; {@link Duration#ZERO}
   * (or less) forces at once. Returns immediately; does nothing to a task that has already ended.
   *
   * @param who the task for the log: "task web-1", "task web-1 (container corral-web-1-1a2b3c)"
   */
  public static void kill(String who, Duration grace, CompletableFuture<?> exit, ScheduledExecutorService timer,
      Escalation escalation) {
    if (exit.isDone()) {
      return;
    }
    if (grace.isZero() || grace.isNegative()) {
      escalation.force();
      return;
    }
    LOG.info("{}: asked to stop, forced in {} ms", who, grace.toMillis());
    if (!escalation.ask()) {
      escalation.force();
      return;
    }
    ScheduledFuture<?> forcing = timer.schedule(() -> {
      if (!exit.isDone()) {
        LOG.info("{}: still running after its grace period; forced", who);
        escalation.force();
      }
    }, grace.toMillis(), TimeUnit.MILLISECONDS);
    exit.whenComplete((s, e) -> forcing.cancel(false));
  }
}
