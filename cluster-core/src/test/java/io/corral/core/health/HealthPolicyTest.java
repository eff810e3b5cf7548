package io.corral.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.corral.core.health.HealthPolicy.Quiet;
import io.corral.core.health.HealthPolicy.Report;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthPolicyTest {
  private static Duration s(double seconds) {
    return Duration.ofMillis((long) (seconds * 1000));
  }

  @Test
  void failuresWithinTheGracePeriodAreIgnoredAndNotCounted() {
    HealthPolicy p = new HealthPolicy(s(10), 3);
    assertInstanceOf(Quiet.class, p.failed(s(1)));
    assertInstanceOf(Quiet.class, p.failed(s(10)));
    assertEquals(0, p.failuresInARow());
    assertEquals(new Report(false, 1, false), p.failed(s(10.5)));
  }

  @Test
  void aFirstSuccessIsReportedAndEndsTheGracePeriod() {
    HealthPolicy p = new HealthPolicy(s(60), 2);
    assertInstanceOf(Quiet.class, p.failed(s(1)));
    assertEquals(new Report(true, 0, false), p.passed(s(2)));
    assertInstanceOf(Quiet.class, p.passed(s(3)), "a success after a success says nothing");
    assertEquals(new Report(false, 1, false), p.failed(s(4)), "within the grace period, but after a success");
    assertEquals(new Report(false, 2, true), p.failed(s(5)));
  }

  @Test
  void everyCountedFailureIsReportedAndASuccessAfterThemToo() {
    HealthPolicy p = new HealthPolicy(Duration.ZERO, 3);
    assertEquals(new Report(true, 0, false), p.passed(s(1)));
    assertEquals(new Report(false, 1, false), p.failed(s(2)));
    assertEquals(new Report(false, 2, false), p.failed(s(3)));
    assertEquals(new Report(true, 0, false), p.passed(s(4)), "a success resets the count");
    assertEquals(new Report(false, 1, false), p.failed(s(5)));
    assertEquals(new Report(false, 2, false), p.failed(s(6)));
    assertEquals(new Report(false, 3, true), p.failed(s(7)));
  }

  @Test
  void zeroConsecutiveFailuresKillsAtTheFirstCountedFailureAsInMesos() {
    HealthPolicy p = new HealthPolicy(Duration.ZERO, 0);
    assertEquals(new Report(false, 1, true), p.failed(s(1)));
  }
}
