package io.corral.remote.services.scheduler;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos;

/**
 * What is left of an offer's resources once a task took its own: scalars less what it took, its
 * port ranges cut out. Entries are matched on name, role, reservations and allocation, as the
 * task's resources were copied from the offer's.
 */
final class OfferLeftovers {
  private OfferLeftovers() {}

  static List<Protos.Resource> minus(List<Protos.Resource> offered, List<Protos.Resource> taken) {
    List<Protos.Resource> left = new ArrayList<>(offered);
    for (Protos.Resource t : taken) {
      for (int i = 0; i < left.size(); i++) {
        Protos.Resource o = left.get(i);
        if (!sameKind(o, t)) {
          continue;
        }
        Protos.Resource rest = switch (o.getType()) {
          case SCALAR -> o.toBuilder().setScalar(Protos.Value.Scalar.newBuilder()
              .setValue(Math.max(0, Math.round((o.getScalar().getValue() - t.getScalar().getValue()) * 1000) / 1000.0)))
              .build();
          case RANGES -> o.toBuilder().setRanges(cut(o.getRanges(), t.getRanges())).build();
          case SET -> {
            List<String> items = new ArrayList<>(o.getSet().getItemList());
            items.removeAll(t.getSet().getItemList());
            yield o.toBuilder().setSet(Protos.Value.Set.newBuilder().addAllItem(items)).build();
          }
          default -> o;
        };
        left.set(i, rest);
        break;
      }
    }
    return left;
  }

  private static boolean sameKind(Protos.Resource a, Protos.Resource b) {
    return a.getName().equals(b.getName()) && a.getType() == b.getType() && a.getRole().equals(b.getRole())
        && a.getReservationsList().equals(b.getReservationsList())
        && a.getAllocationInfo().getRole().equals(b.getAllocationInfo().getRole())
        && (a.getType() != Protos.Value.Type.RANGES || overlaps(a.getRanges(), b.getRanges()));
  }

  private static boolean overlaps(Protos.Value.Ranges offered, Protos.Value.Ranges taken) {
    for (Protos.Value.Range t : taken.getRangeList()) {
      for (Protos.Value.Range o : offered.getRangeList()) {
        if (t.getBegin() <= o.getEnd() && t.getEnd() >= o.getBegin()) {
          return true;
        }
      }
    }
    return false;
  }

  static Protos.Value.Ranges cut(Protos.Value.Ranges from, Protos.Value.Ranges taken) {
    List<long[]> out = new ArrayList<>();
    from.getRangeList().forEach(r -> out.add(new long[] {r.getBegin(), r.getEnd()}));
    for (Protos.Value.Range t : taken.getRangeList()) {
      List<long[]> next = new ArrayList<>();
      for (long[] r : out) {
        if (t.getEnd() < r[0] || t.getBegin() > r[1]) {
          next.add(r);
          continue;
        }
        if (r[0] < t.getBegin()) {
          next.add(new long[] {r[0], t.getBegin() - 1});
        }
        if (t.getEnd() < r[1]) {
          next.add(new long[] {t.getEnd() + 1, r[1]});
        }
      }
      out.clear();
      out.addAll(next);
    }
    Protos.Value.Ranges.Builder b = Protos.Value.Ranges.newBuilder();
    out.forEach(r -> b.addRange(Protos.Value.Range.newBuilder().setBegin(r[0]).setEnd(r[1])));
    return b.build();
  }
}
