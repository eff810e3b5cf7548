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

  public static Resources fromMesos(List<Resource> resources) {
    Resources.Builder b = Resources.builder();
    for (Resource r : resources) {
      String role = roleOf(r);
      switch (r.getType()) {
        case SCALAR -> {
          if (r.getScalar().getValue() < 0 || Double.isNaN(r.getScalar().getValue())) {
            throw new IllegalArgumentException("resource '" + r.getName() + "' has a negative amount");
          }
          b.scalar(r.getName(), role, r.getScalar().getValue());
        }
        case RANGES -> {
          for (Value.Range range : r.getRanges().getRangeList()) {
            if (range.getEnd() < range.getBegin()) {
              throw new IllegalArgumentException("resource '" + r.getName() + "' has range " + range.getBegin() + "-"
                  + range.getEnd() + " that ends before it begins");
            }
            b.range(r.getName(), role, range.getBegin(), range.getEnd());
          }
        }
        case SET -> b.set(r.getName(), role, r.getSet().getItemList().toArray(new String[0]));
        default -> throw new IllegalArgumentException("resource '" + r.getName() + "' has unsupported type " + r.getType());
      }
    }
    return b.build();
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
