package io.corral.shell.bench;

import java.util.Arrays;

/** Summary of cycle times in milliseconds; p90 is nearest-rank, the median interpolates. */
record CycleStats(double min, double median, double p90, double max) {
  static CycleStats of(double[] millis) {
    if (millis.length == 0) {
      throw new IllegalArgumentException("no cycles to summarise");
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
    return new CycleStats(sorted[0], median, p90, sorted[n - 1]);
  }
}
