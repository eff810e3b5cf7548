package io.corral.core.allocator;

import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OfferId;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** The allocator's book on one framework; {@code index} is its bit in agents' filter sets. */
final class FrameworkSlot {
  final int index;
  FrameworkInfo info;
  boolean active = true;
  final Set<String> suppressedRoles = new HashSet<>();
  final Set<OfferId> offers = new LinkedHashSet<>();

  FrameworkSlot(int index, FrameworkInfo info) {
    this.index = index;
    this.info = info;
  }

  boolean wantsOffersFor(String role) {
    return active && !suppressedRoles.contains(role) && info.roles().contains(role);
  }
}
