package io.corral.remote.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one kill with a grace period, on a real timer: what it asks, when it forces, and when it does neither. */
class GracefulKillTest {
  private final List<String> done = new CopyOnWriteArrayList<>();
  private final CountDownLatch forced = new CountDownLatch(1);

  private GracefulKill.Escalation recording(boolean askSent) {
    return new GracefulKill.Escalation() {
      @Override
      public boolean ask() {
        done.add("ask");
        return askSent;
      }

      @Override
      public void force() {
        done.add("force");
        forced.countDown();
      }
    };
  }

  @Test
  void asksThenForcesAfterTheGracePeriod() throws Exception {
    CompletableFuture<Void> exit = new CompletableFuture<>();
    GracefulKill.kill("task t", Duration.ofMillis(50), exit, SharedTimer.INSTANCE, recording(true));
    assertEquals(List.of("ask"), done);
    forced.await(5, TimeUnit.SECONDS);
    assertEquals(List.of("ask", "force"), done);
  }

  @Test
  void aTaskThatEndsWithinTheGracePeriodIsNotForced() throws Exception {
    CompletableFuture<Void> exit = new CompletableFuture<>();
    GracefulKill.kill("task t", Duration.ofMillis(100), exit, SharedTimer.INSTANCE, recording(true));
    exit.complete(null);
    Thread.sleep(300);
    assertEquals(List.of("ask"), done);
  }

  @Test
  void noGraceOrAnAskThatCannotBeSentForcesAtOnce() {
    GracefulKill.kill("task t", Duration.ZERO, new CompletableFuture<>(), SharedTimer.INSTANCE, recording(true));
    assertEquals(List.of("force"), done);
    done.clear();
    GracefulKill.kill("task t", Duration.ofSeconds(10), new CompletableFuture<>(), SharedTimer.INSTANCE,
        recording(false));
    assertEquals(List.of("ask", "force"), done);
  }

  @Test
  void anEndedTaskIsLeftAlone() {
    GracefulKill.kill("task t", Duration.ofMillis(10), CompletableFuture.completedFuture(null), SharedTimer.INSTANCE,
        recording(true));
    assertEquals(List.of(), done);
  }
}
