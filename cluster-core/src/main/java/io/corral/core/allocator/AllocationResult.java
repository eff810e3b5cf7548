package io.corral.core.allocator;

import java.util.List;

/** What one allocation step decided: offers to send and offers to take back. */
public record AllocationResult(List<Offer> offers, List<Rescind> rescinds) {
  public AllocationResult {
    offers = List.copyOf(offers);
    rescinds = List.copyOf(rescinds);
  }
}
