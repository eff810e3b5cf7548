package io.corral.core.service;

/**
 * Marathon's {@code upgradeStrategy}: during a change, at least {@code minimumHealthCapacity ×
 * instances} instances stay ready and at most {@code (1 + maximumOverCapacity) × instances} exist.
 * Both are fractions between 0 and 1; Marathon's defaults are 1 and 1.
 */
public record UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {
  public static final UpgradeStrategy DEFAULT = new UpgradeStrategy(1.0, 1.0);

  public UpgradeStrategy {
    if (!(minimumHealthCapacity >= 0 && minimumHealthCapacity <= 1)) {
      throw new IllegalArgumentException("minimumHealthCapacity must be between 0 and 1, not " + minimumHealthCapacity);
    }
    if (!(maximumOverCapacity >= 0 && maximumOverCapacity <= 1)) {
      throw new IllegalArgumentException("maximumOverCapacity must be between 0 and 1, not " + maximumOverCapacity);
    }
  }

  /** Ready instances that must remain while {@code instances} are wanted (rounded up, as Marathon). */
  public int minimumReady(int instances) {
    return (int) Math.ceil(instances * minimumHealthCapacity - 1e-9);
  }

  /**
   * Instances that may exist at once (rounded down, as Marathon). When that leaves no room to
   * start a new instance without dropping below {@link #minimumReady}, one more is allowed, as
   * Marathon does, or the change could never begin.
   */
  public int maximumOccupied(int instances) {
    int max = (int) Math.floor(instances * (1 + maximumOverCapacity) + 1e-9);
    return max <= minimumReady(instances) && instances > 0 ? minimumReady(instances) + 1 : max;
  }
}
