package io.corral.remote.services.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos;

/**
 * Takes what one instance needs from an offer's resources: scalars ({@code cpus}, {@code mem},
 * {@code disk}, {@code gpus}) and host ports. Each resource taken is a copy of the offer's entry
 * with a smaller amount, so its role, reservations and allocation info stay as offered. Only
 * entries allocated to the given role are used, and, when the app names {@code
 * acceptedResourceRoles}, only entries reserved for one of them ({@code *}: unreserved).
 */
final class OfferResources {
  /** Mesos counts scalars in thousandths. */
  private static final double EPSILON = 0.0005;

  private final List<Protos.Resource> usable = new ArrayList<>();
  private final List<Protos.Resource> taken = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();

  OfferResources(List<Protos.Resource> offered, String role, List<String> acceptedRoles) {
    for (Protos.Resource r : offered) {
      boolean allocatedToRole = !r.hasAllocationInfo() || !r.getAllocationInfo().hasRole()
          || r.getAllocationInfo().getRole().equals(role);
      boolean accepted = acceptedRoles.isEmpty() || acceptedRoles.contains(reservationRole(r));
      boolean persistent = r.hasDisk() && r.getDisk().hasPersistence();
      if (allocatedToRole && accepted && !persistent) {
        usable.add(r);
      }
    }
  }

  /** The role an entry is reserved for, {@code *} when unreserved. */
  static String reservationRole(Protos.Resource r) {
    if (r.getReservationsCount() > 0) {
      return r.getReservations(r.getReservationsCount() - 1).getRole();
    }
    return r.hasRole() ? r.getRole() : "*";
  }

  /** Takes {@code amount} of a scalar, from as many entries as it takes; a reason when the offer has too little. */
  void scalar(String name, double amount, String unit) {
    if (amount <= 0) {
      return;
    }
    double available = 0;
    for (Protos.Resource r : usable) {
      if (r.getName().equals(name) && r.getType() == Protos.Value.Type.SCALAR) {
        available += r.getScalar().getValue();
      }
    }
    if (available + EPSILON < amount) {
      reasons.add(name + ": needs " + JsonFields.format(amount) + unit + ", offer has "
          + JsonFields.format(Math.round(available * 1000) / 1000.0));
      return;
    }
    double remaining = amount;
    for (Protos.Resource r : usable) {
      if (remaining > EPSILON && r.getName().equals(name) && r.getType() == Protos.Value.Type.SCALAR) {
        double part = Math.min(remaining, r.getScalar().getValue());
        part = Math.round(part * 1000) / 1000.0;
        taken.add(r.toBuilder().setScalar(Protos.Value.Scalar.newBuilder().setValue(part)).build());
        remaining -= part;
      }
    }
  }

  /**
   * Host ports, one per request: a fixed port must be in the offer, 0 takes the lowest free one.
   * Returns the ports chosen in request order, or null with a reason.
   */
  List<Integer> ports(List<Integer> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    List<Protos.Resource> entries = usable.stream()
        .filter(r -> r.getName().equals("ports") && r.getType() == Protos.Value.Type.RANGES).toList();
    List<TreeSet<Long>> free = new ArrayList<>();
    long available = 0;
    for (Protos.Resource r : entries) {
      TreeSet<Long> ports = new TreeSet<>();
      for (Protos.Value.Range range : r.getRanges().getRangeList()) {
        for (long p = range.getBegin(); p <= range.getEnd() && ports.size() < 65536; p++) {
          ports.add(p);
        }
      }
      available += ports.size();
      free.add(ports);
    }
    if (requests.size() > available) {
      reasons.add("ports: needs " + requests.size() + ", offer has " + available);
      return null;
    }
    Integer[] chosen = new Integer[requests.size()];
    Map<Integer, TreeSet<Long>> byEntry = new LinkedHashMap<>();
    boolean fits = true;
    for (int i = 0; i < requests.size(); i++) {
      int fixed = requests.get(i);
      if (fixed != 0) {
        int entry = entryWith(free, fixed);
        if (entry < 0) {
          reasons.add("ports: " + fixed + " is not in the offer");
          fits = false;
        } else {
          free.get(entry).remove((long) fixed);
          byEntry.computeIfAbsent(entry, k -> new TreeSet<>()).add((long) fixed);
          chosen[i] = fixed;
        }
      }
    }
    for (int i = 0; i < requests.size() && fits; i++) {
      if (requests.get(i) == 0) {
        int entry = entryWithAny(free);
        if (entry < 0) {
          reasons.add("ports: needs " + requests.size() + ", offer has " + available);
          return null;
        }
        long port = free.get(entry).pollFirst();
        byEntry.computeIfAbsent(entry, k -> new TreeSet<>()).add(port);
        chosen[i] = (int) port;
      }
    }
    if (!fits) {
      return null;
    }
    byEntry.forEach((entry, ports) -> taken.add(entries.get(entry).toBuilder().setRanges(ranges(ports)).build()));
    return List.of(chosen);
  }

  private static int entryWith(List<TreeSet<Long>> free, long port) {
    for (int e = 0; e < free.size(); e++) {
      if (free.get(e).contains(port)) {
        return e;
      }
    }
    return -1;
  }

  private static int entryWithAny(List<TreeSet<Long>> free) {
    for (int e = 0; e < free.size(); e++) {
      if (!free.get(e).isEmpty()) {
        return e;
      }
    }
    return -1;
  }

  private static Protos.Value.Ranges ranges(TreeSet<Long> ports) {
    Protos.Value.Ranges.Builder out = Protos.Value.Ranges.newBuilder();
    Long begin = null;
    Long end = null;
    for (long p : ports) {
      if (end != null && p == end + 1) {
        end = p;
        continue;
      }
      if (begin != null) {
        out.addRange(Protos.Value.Range.newBuilder().setBegin(begin).setEnd(end));
      }
      begin = p;
      end = p;
    }
    out.addRange(Protos.Value.Range.newBuilder().setBegin(begin).setEnd(end));
    return out.build();
  }

  List<Protos.Resource> taken() {
    return List.copyOf(taken);
  }

  /** Why the offer does not fit; empty when it does. */
  List<String> reasons() {
    return List.copyOf(reasons);
  }
}
