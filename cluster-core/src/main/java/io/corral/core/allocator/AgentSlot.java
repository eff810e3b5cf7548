package io.corral.core.allocator;

import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.OfferId;
import io.corral.core.resources.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The allocator's book on one agent: what is free, what is used by whom, which offers are out,
 * and which frameworks filtered it.
 *
 * <p>Filters are indexed by a bit per framework slot, so the allocation loop skips filtered
 * frameworks without a map lookup. A filter only holds while the agent offers no more than it
 * refused; rather than re-checking every filter whenever resources come back, the slot keeps
 * {@code validFor}: a superset of {@code available} for which every filter is known to hold.
 * Only when {@code available} outgrows it are the filters checked again.
 */
final class AgentSlot {
  AgentInfo info;
  AgentState state = AgentState.ACTIVE;
  private Resources available;
  private Resources validFor;
  final Map<UsageKey, Resources> used = new HashMap<>();
  final List<OfferId> offers = new ArrayList<>(2);
  private final Map<Integer, OfferFilter> filters = new HashMap<>();
  private long[] filteredBits = new long[0];
  private Instant earliestExpiry;

  AgentSlot(AgentInfo info, Resources available) {
    this.info = info;
    this.available = available;
    this.validFor = available;
  }

  record UsageKey(FrameworkId frameworkId, String role) {}

  Resources available() {
    return available;
  }

  /** Resources left the free pool (offered or used): every filter still holds. */
  void shrink(Resources taken) {
    available = available.minus(taken);
  }

  /** Resources came back to the free pool: filters that no longer cover it are dropped. */
  void grow(Resources returned) {
    available = available.plus(returned);
    if (validFor != available && !validFor.contains(available)) {
      if (!filters.isEmpty()) {
        dropFilters(f -> !f.refused().contains(available.allocatableTo(f.role())));
      }
      validFor = available;
    }
  }

  boolean filtered(int frameworkIndex) {
    int word = frameworkIndex >>> 6;
    return word < filteredBits.length && (filteredBits[word] & (1L << frameworkIndex)) != 0;
  }

  long[] filteredBits() {
    return filteredBits;
  }

  /** Adds a filter unless it would not hold even now (the agent already offers more than refused). */
  void addFilter(int frameworkIndex, OfferFilter filter) {
    Resources offerable = validFor.allocatableTo(filter.role());
    if (!filter.refused().contains(offerable)) {
      if (!filter.refused().contains(available.allocatableTo(filter.role()))) {
        return;
      }
      validFor = available;
    }
    int word = frameworkIndex >>> 6;
    if (word >= filteredBits.length) {
      filteredBits = Arrays.copyOf(filteredBits, word + 1);
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

  /** Drops filters that have expired by {@code now}. */
  void expireFilters(Instant now) {
    if (earliestExpiry != null && !now.isBefore(earliestExpiry)) {
      dropFilters(f -> f.expiredAt(now));
    }
  }

  private void dropFilters(Predicate<OfferFilter> drop) {
    Instant earliest = null;
    for (Iterator<Map.Entry<Integer, OfferFilter>> it = filters.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, OfferFilter> e = it.next();
      if (drop.test(e.getValue())) {
        int index = e.getKey();
        filteredBits[index >>> 6] &= ~(1L << index);
        it.remove();
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
