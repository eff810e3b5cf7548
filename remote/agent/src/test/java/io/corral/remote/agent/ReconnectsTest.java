package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the agent registers again: at once after a lasting registration, with backoff between failures. */
class ReconnectsTest {
  @Test
  void failedAttemptsBackOffFrom500MsDoublingTo30s() {
    Reconnects r = new Reconnects();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      delays.add(r.afterFailure().toMillis());
    }
    assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), delays);
  }

  @Test
  void aLostRegistrationThatLastedIsFollowedAtOnceAndResetsTheBackoff() {
    Reconnects r = new Reconnects();
    r.afterFailure();
    r.afterFailure();
    assertEquals(Duration.ZERO, r.afterLost(Duration.ofMinutes(5)), "the first attempt after a loss waits for nothing");
    assertEquals(Duration.ofMillis(500), r.afterFailure(), "a failure after that starts the backoff afresh");
  }

  @Test
  void aRegistrationLostAtOnceCountsAsAFailedAttempt() {
    Reconnects r = new Reconnects();
    assertEquals(Duration.ofMillis(500), r.afterLost(Duration.ofMillis(20)));
    assertEquals(Duration.ofMillis(1000), r.afterLost(Duration.ofMillis(20)),
        "a master that drops every registration at once is not asked in a tight loop");
  }
}
