package io.corral.core.allocator;

import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.OfferId;
import io.corral.core.resources.Resources;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The allocator's book on one agent: what is free, what is used by whom, which offers are out,
 * and which frameworks filtered it. Filters are indexed by a bit per framework slot, so the
 * allocation loop can skip filtered frameworks without a map lookup.
 */
final class AgentSlot {
  AgentInfo info;
  AgentState state = AgentState.ACTIVE;
  Resources available;
  final Map<UsageKey, Resources> used = new HashMap<>();
  final Set<OfferId> offers = new LinkedHashSet<>();
  private final Map<Integer, OfferFilter> filters = new HashMap<>();
  private long[] filteredBits = new long[0];
  private Instant earliestExpiry;

  AgentSlot(AgentInfo info, Resources available) {
    this.info = info;
    this.available = available;
  }

  record UsageKey(io.corral.core.model.FrameworkId frameworkId, String role) {}

  boolean filtered(int frameworkIndex) {
    int word = frameworkIndex >>> 6;
    return word < filteredBits.length && (filteredBits[word] & (1L << frameworkIndex)) != 0;
  }

  long[] filteredBits() {
    return filteredBits;
  }

  boolean hasFilters() {
    return !filters.isEmpty();
  }

  void addFilter(int frameworkIndex, OfferFilter filter) {
    int word = frameworkIndex >>> 6;
    if (word >= filteredBits.length) {
      filteredBits = java.util.Arrays.copyOf(filteredBits, word + 1);
    }
    filteredBits[word] |= 1L << frameworkIndex;
    OfferFilter previous = filters.put(frameworkIndex, filter);
    if (previous != null && previous.until().isAfter(filter.until())) {
      filters.put(frameworkIndex, previous);
    }
    if (earliestExpiry == null || filter.until().isBefore(earliestExpiry)) {
      earliestExpiry = filter.until();
    }
  }

  void removeFilter(int frameworkIndex) {
    if (filters.remove(frameworkIndex) != null) {
      filteredBits[frameworkIndex >>> 6] &= ~(1L << frameworkIndex);
    }
  }

  /** Drops filters that have expired by {@code now}; returns the framework indices freed. */
  void expireFilters(Instant now, java.util.function.IntConsumer onRemoved) {
    if (earliestExpiry == null || now.isBefore(earliestExpiry)) {
      return;
    }
    earliestExpiry = null;
    dropFilters(f -> f.expiredAt(now), onRemoved);
  }

  /** Drops filters that no longer cover what the agent can offer (resources came back). */
  void dropStaleFilters(java.util.function.IntConsumer onRemoved) {
    dropFilters(f -> !f.refused().contains(available.allocatableTo(f.role())), onRemoved);
  }

  private void dropFilters(java.util.function.Predicate<OfferFilter> drop, java.util.function.IntConsumer onRemoved) {
    Instant earliest = null;
    for (Iterator<Map.Entry<Integer, OfferFilter>> it = filters.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, OfferFilter> e = it.next();
      if (drop.test(e.getValue())) {
        int index = e.getKey();
        filteredBits[index >>> 6] &= ~(1L << index);
        it.remove();
        onRemoved.accept(index);
      } else if (earliest == null || e.getValue().until().isBefore(earliest)) {
        earliest = e.getValue().until();
      }
    }
    earliestExpiry = earliest;
  }

  Resources usedTotal() {
    Resources sum = Resources.EMPTY;
    for (Resources r : used.values()) {
      sum = sum.plus(r);
    }
    return sum;
  }
}
