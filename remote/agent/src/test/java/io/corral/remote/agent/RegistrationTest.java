package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.api.agent.AgentProtocol;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The silence limit of a registration, on a clock the test moves. */
class RegistrationTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private Registration registration() {
    return new Registration(new Registration.Owner() {
      @Override
      public void onEvent(Registration from, JsonNode event) { }

      @Override
      public void onEnded(Registration which, Throwable cause) { }
    }, now::get);
  }

  @Test
  void theLimitIsTwoPingIntervalsAndNeverUnderTwoSeconds() {
    assertEquals(Duration.ofSeconds(30), Registration.limitFor(Duration.ofSeconds(15)));
    assertEquals(Duration.ofSeconds(2), Registration.limitFor(Duration.ofMillis(200)));
    assertEquals(Duration.ofMillis(2400), Registration.limitFor(Duration.ofMillis(1200)));
  }

  @Test
  void anyEventResetsTheSilence() {
    Registration r = registration();
    long limit = Registration.limitFor(Registration.DEFAULT_PING_INTERVAL).toNanos();
    now.addAndGet(limit - 1);
    assertFalse(r.silentAt(now.get()));
    r.onEvent(AgentProtocol.message(AgentProtocol.EventType.ACKNOWLEDGE));
    now.addAndGet(limit - 1);
    assertFalse(r.silentAt(now.get()), "an event of any kind counts, not only PING");
    now.addAndGet(2);
    assertTrue(r.silentAt(now.get()));
  }
}
