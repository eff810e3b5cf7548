package io.corral.remote.api.convert;

import io.corral.core.resources.ResourceKey;
import io.corral.core.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * Core {@link Resources} to and from Mesos {@code Resource} lists. A reservation becomes the
 * last entry of Mesos' reservation stack (and the deprecated {@code role} field is read too).
 */
public final class ResourceConversion {
  private ResourceConversion() {}

  /** The largest mem or disk amount taken, in MB: 1 EB, Mesos' limit for quota. */
  public static final double MAX_MEGABYTES = 1024d * 1024 * 1024 * 1024;
  /** The largest amount of any other scalar (cpus, gpus, custom ones): 10^12, Mesos' limit for quota. */
  public static final double MAX_SCALAR = 1e12;
  /**
   * The largest value a range may reach. Mesos takes unsigned 64-bit values; the core keeps
   * ranges in signed 64 bits and counts one past an interval's end, so 2^63 - 2 is its ceiling.
   */
  public static final long MAX_RANGE_VALUE = Long.MAX_VALUE - 1;
  /** Resource names are keys (of quotas, of the shell's resource syntax): a short name's limit. */
  private static final int MAX_RESOURCE_NAME_BYTES = InputRules.MAX_SYSTEM_NAME_BYTES;

  /**
   * Core resources from Mesos ones, checked first: a scalar finite and from 0 to its limit
   * ({@link #maxScalar}), a range that begins at or before its end and stays within
   * {@link #MAX_RANGE_VALUE}, set items non-empty, names and reservation roles valid. A refusal is
   * an IllegalArgumentException whose message starts with the resource's name
   * ({@code "mem: Infinity is not a finite number"}).
   */
  public static Resources fromMesos(List<Resource> resources) {
    Resources.Builder b = Resources.builder();
    for (Resource r : resources) {
      String name = r.getName();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a resource has no name");
      }
      refuseIf(InputRules.textProblem("resource name", name, MAX_RESOURCE_NAME_BYTES));
      String role = roleOf(r);
      if (!role.equals(Resources.UNRESERVED)) {
        refuseIf(InputRules.roleProblem(name + ": reservation role", role));
      }
      String label = role.equals(Resources.UNRESERVED) ? name : name + "(" + role + ")";
      switch (r.getType()) {
        case SCALAR -> {
          double value = r.getScalar().getValue();
          refuseIf(scalarProblem(label, name, value));
          try {
            b.scalar(name, role, value);
          } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException(label + ": the amounts given add up to more than Corral can count");
          }
        }
        case RANGES -> {
          for (Value.Range range : r.getRanges().getRangeList()) {
            refuseIf(rangeProblem(label, range.getBegin(), range.getEnd()));
            b.range(name, role, range.getBegin(), range.getEnd());
          }
        }
        case SET -> {
          List<String> items = r.getSet().getItemList();
          for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isEmpty()) {
              throw new IllegalArgumentException(label + ": set item " + i + " is empty");
            }
            refuseIf(InputRules.textProblem(label + ": set item " + i, items.get(i), InputRules.MAX_NAME_BYTES));
          }
          b.set(name, role, items.toArray(new String[0]));
        }
        default -> throw new IllegalArgumentException(label + ": unsupported type " + r.getType());
      }
    }
    return b.build();
  }

  /** The largest amount of the named scalar: {@link #MAX_MEGABYTES} for mem and disk, {@link #MAX_SCALAR} else. */
  public static double maxScalar(String name) {
    return name.equals("mem") || name.equals("disk") ? MAX_MEGABYTES : MAX_SCALAR;
  }

  /** Why {@code value} cannot be an amount of the named scalar resource, or null when it can. */
  public static String scalarProblem(String field, String name, double value) {
    return InputRules.numberProblem(field, value, 0, maxScalar(name));
  }

  /** Why {@code begin-end} (unsigned, as Mesos sends them) cannot be a range, or null when it can. */
  static String rangeProblem(String field, long begin, long end) {
    String shown = Long.toUnsignedString(begin) + "-" + Long.toUnsignedString(end);
    if (Long.compareUnsigned(begin, end) > 0) {
      return field + ": range " + shown + " ends before it begins";
    }
    if (Long.compareUnsigned(end, MAX_RANGE_VALUE) > 0) {
      return field + ": range " + shown + " ends past " + MAX_RANGE_VALUE + ", the largest value Corral keeps";
    }
    return null;
  }

  private static void refuseIf(String problem) {
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static String roleOf(Resource r) {
    if (r.getReservationsCount() > 0) {
      return r.getReservations(r.getReservationsCount() - 1).getRole();
    }
    if (r.hasRole() && !r.getRole().isEmpty()) {
      return r.getRole();
    }
    return Resources.UNRESERVED;
  }

  /** Mesos resources; {@code allocationRole}, when not null, is set as each entry's allocation_info. */
  public static List<Resource> toMesos(Resources resources, String allocationRole) {
    List<Resource> out = new ArrayList<>();
    resources.visit(new Resources.Visitor() {
      @Override
      public void scalar(ResourceKey key, long millis) {
        out.add(base(key, allocationRole).setType(Value.Type.SCALAR)
            .setScalar(Value.Scalar.newBuilder().setValue(millis / 1000.0)).build());
      }

      @Override
      public void ranges(ResourceKey key, List<long[]> intervals) {
        Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
        for (long[] i : intervals) {
          ranges.addRange(Value.Range.newBuilder().setBegin(i[0]).setEnd(i[1]));
        }
        out.add(base(key, allocationRole).setType(Value.Type.RANGES).setRanges(ranges).build());
      }

      @Override
      public void set(ResourceKey key, List<String> items) {
        out.add(base(key, allocationRole).setType(Value.Type.SET)
            .setSet(Value.Set.newBuilder().addAllItem(items)).build());
      }
    });
    return out;
  }

  private static Resource.Builder base(ResourceKey key, String allocationRole) {
    Resource.Builder b = Resource.newBuilder().setName(key.name());
    if (key.isReserved()) {
      b.addReservations(Resource.ReservationInfo.newBuilder()
          .setType(Resource.ReservationInfo.Type.STATIC).setRole(key.role()));
    }
    if (allocationRole != null) {
      b.setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(allocationRole));
    }
    return b;
  }
}
