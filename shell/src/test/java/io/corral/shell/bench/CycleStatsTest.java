package io.corral.shell.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CycleStatsTest {
  @Test
  void oddCountTakesTheMiddleValue() {
    CycleStats stats = CycleStats.of(new double[] {5, 1, 3});

    assertEquals(new CycleStats(1, 3, 5, 5), stats);
  }

  @Test
  void evenCountAveragesTheMiddleValues() {
    assertEquals(2.5, CycleStats.of(new double[] {4, 1, 2, 3}).median());
  }

  @Test
  void p90IsNearestRank() {
    double[] tenCycles = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    double[] elevenCycles = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};

    assertEquals(9, CycleStats.of(tenCycles).p90());
    assertEquals(10, CycleStats.of(elevenCycles).p90());
  }

  @Test
  void doesNotReorderTheCallersArray() {
    double[] millis = {3, 1, 2};

    CycleStats.of(millis);

    assertEquals(3, millis[0]);
  }

  @Test
  void rejectsNoCycles() {
    assertThrows(IllegalArgumentException.class, () -> CycleStats.of(new double[0]));
  }
}
