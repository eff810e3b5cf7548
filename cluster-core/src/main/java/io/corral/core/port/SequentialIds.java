package io.corral.core.port;

/**
 * Ids of the form {@code <prefix>-<epoch>-<n>}: predictable in tests, unique across restarts when
 * the caller passes a fresh epoch (the master uses its start time).
 */
public final class SequentialIds implements IdGenerator {
  private final String epoch;
  private long counter;

  public SequentialIds(String epoch) {
    this.epoch = epoch;
  }

  @Override
  public String next(String prefix) {
    counter++;
    return epoch.isEmpty() ? prefix + "-" + counter : prefix + "-" + epoch + "-" + counter;
  }
}
