package io.corral.core.bench;

/**
 * Mesos' allocator benchmark shape ("DeclineOffers"): N agents of
 * {@code cpus:24;mem:4096;disk:4096;ports:[31000-32000]}, each with part of its resources used by
 * one of M frameworks (round robin), and every framework declining every offer with a filter that
 * never expires. One cycle = decline everything outstanding, then one allocation.
 *
 * <p>Timing is the caller's business (the {@code corral bench allocator} command and the JMH
 * benchmark); this class only builds the state and runs the steps.
 */
public final class DeclineOffersScenario {
  private DeclineOffersScenario() {}

  public static DeclineOffersScenario create(int agents, int frameworks) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Declines every outstanding offer with a filter that never expires (the untimed part). */
  public void declineOutstanding() {
    throw new UnsupportedOperationException("not yet");
  }

  /** One allocation cycle (the timed part); returns the number of offers made. */
  public int allocate() {
    throw new UnsupportedOperationException("not yet");
  }
}
