package io.corral.core.allocator;

import io.corral.core.model.FrameworkId;
import io.corral.core.resources.Resources;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * A role in the DRF hierarchy: its weight, its quota guarantee, what it holds, and its members
 * (frameworks, with what each holds in this role). A member may exist before its framework
 * re-subscribes, when an agent reports tasks of a framework the master has not seen yet.
 */
final class RoleSlot {
  static final Comparator<RoleSlot> BY_SHARE =
      Comparator.comparingDouble((RoleSlot r) -> r.sortKey).thenComparing(r -> r.name);

  final String name;
  double weight = 1.0;
  Resources guarantee = Resources.EMPTY;
  long[] guaranteeQ = new long[0];
  long[] allocated = new long[0];
  final Map<FrameworkId, Member> members = new HashMap<>();
  double sortKey;

  RoleSlot(String name) {
    this.name = name;
  }

  Member member(FrameworkId id) {
    return members.computeIfAbsent(id, Member::new);
  }

  boolean quotaUnsatisfied() {
    return guaranteeQ.length > 0 && !Dimensions.covers(allocated, guaranteeQ);
  }

  boolean isIdle() {
    return members.isEmpty() && guarantee.isEmpty() && weight == 1.0 && isZero(allocated);
  }

  static boolean isZero(long[] q) {
    for (long v : q) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  /** A framework's standing inside one role. */
  static final class Member {
    static final Comparator<Member> BY_SHARE = (a, b) -> {
      int c = Double.compare(a.sortKey, b.sortKey);
      return c != 0 ? c : Integer.compare(a.order(), b.order());
    };

    final FrameworkId id;
    FrameworkSlot framework;
    long[] allocated = new long[0];
    double sortKey;

    Member(FrameworkId id) {
      this.id = id;
    }

    private int order() {
      return framework == null ? Integer.MAX_VALUE : framework.index;
    }
  }
}
