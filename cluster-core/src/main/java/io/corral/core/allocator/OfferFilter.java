package io.corral.core.allocator;

import io.corral.core.resources.Resources;
import java.time.Instant;

/**
 * A framework's "don't offer me these again until then": applies while the agent's offerable
 * resources for {@code role} are contained in {@code refused} and {@code until} has not passed.
 */
record OfferFilter(String role, Resources refused, Instant until) {
  boolean expiredAt(Instant now) {
    return !now.isBefore(until);
  }
}
