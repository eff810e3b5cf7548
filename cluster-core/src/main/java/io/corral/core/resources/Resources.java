package io.corral.core.resources;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * An immutable bag of resources: scalars (cpus, mem, disk, gpus, ...), ranges (ports) and sets,
 * each optionally reserved for a role. Written and read as {@code cpus:2;mem(prod):1024;ports:[31000-32000]}.
 *
 * <p>Scalars are fixed point with three decimals (as Mesos does), stored as {@code long} thousandths,
 * so sums never drift. Entries are kept sorted by {@link ResourceKey} in flat arrays; resources
 * that share a layout (the common case in the allocator) add and subtract element by element.
 * Zero scalars and empty ranges or sets are dropped, so equal bags are equal objects.
 */
public final class Resources {
  /** The role of unreserved resources. */
  public static final String UNRESERVED = "*";

  public static final Resources EMPTY =
      new Resources(new ResourceKey[0], new long[0], new ResourceKey[0], new long[0][], new ResourceKey[0], new String[0][]);

  private static final long MILLIS = 1000;

  final ResourceKey[] scalarKeys;
  final long[] scalarMillis;
  final ResourceKey[] rangeKeys;
  final long[][] ranges;
  final ResourceKey[] setKeys;
  final String[][] sets;
  private int hash;
  private byte reserved = -1;

  Resources(ResourceKey[] scalarKeys, long[] scalarMillis, ResourceKey[] rangeKeys, long[][] ranges,
      ResourceKey[] setKeys, String[][] sets) {
    this.scalarKeys = scalarKeys;
    this.scalarMillis = scalarMillis;
    this.rangeKeys = rangeKeys;
    this.ranges = ranges;
    this.setKeys = setKeys;
    this.sets = sets;
  }

  /** Parses {@code name[(role)]:value;...}; values are numbers, {@code [a-b,c-d]} ranges or {@code {x,y}} sets. */
  public static Resources parse(String text) {
    return ResourcesParser.parse(text);
  }

  public static Resources scalar(String name, double value) {
    return builder().addScalar(ResourceKey.unreserved(name), toMillis(value)).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  static long toMillis(double value) {
    return Math.round(value * MILLIS);
  }

  // ---------------------------------------------------------------- queries

  public boolean isEmpty() {
    return scalarKeys.length == 0 && rangeKeys.length == 0 && setKeys.length == 0;
  }

  /** The named scalar summed over all roles, e.g. {@code scalar("mem")} in MB. */
  public double scalar(String name) {
    return scalarMillis(name) / (double) MILLIS;
  }

  /** The named scalar summed over all roles, in thousandths. */
  public long scalarMillis(String name) {
    long sum = 0;
    for (int i = 0; i < scalarKeys.length; i++) {
      if (scalarKeys[i].name().equals(name)) {
        sum += scalarMillis[i];
      }
    }
    return sum;
  }

  /** Number of values of the named range resource over all roles, e.g. how many ports. */
  public long rangeCount(String name) {
    long sum = 0;
    for (int i = 0; i < rangeKeys.length; i++) {
      if (rangeKeys[i].name().equals(name)) {
        sum += Ranges.count(ranges[i]);
      }
    }
    return sum;
  }

  /** The intervals of the named range resource over all roles, as {@code [begin, end]} pairs. */
  public List<long[]> ranges(String name) {
    long[] all = Ranges.NONE;
    for (int i = 0; i < rangeKeys.length; i++) {
      if (rangeKeys[i].name().equals(name)) {
        all = Ranges.union(all, ranges[i]);
      }
    }
    List<long[]> out = new ArrayList<>(all.length / 2);
    for (int i = 0; i < all.length; i += 2) {
      out.add(new long[] {all[i], all[i + 1]});
    }
    return out;
  }

  /** Names of all scalar resources present, in canonical order, without duplicates. */
  public Set<String> scalarNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ResourceKey k : scalarKeys) {
      names.add(k.name());
    }
    return names;
  }

  /** True when any entry is reserved for a role. */
  public boolean hasReservations() {
    if (reserved < 0) {
      reserved = (byte) (anyReserved(scalarKeys) || anyReserved(rangeKeys) || anyReserved(setKeys) ? 1 : 0);
    }
    return reserved == 1;
  }

  private static boolean anyReserved(ResourceKey[] keys) {
    for (ResourceKey k : keys) {
      if (k.isReserved()) {
        return true;
      }
    }
    return false;
  }

  /** Receives every entry of a bag, in canonical order; see {@link #visit}. */
  public interface Visitor {
    void scalar(ResourceKey key, long millis);

    /** {@code intervals} holds {@code [begin, end]} pairs, sorted and disjoint. */
    void ranges(ResourceKey key, List<long[]> intervals);

    void set(ResourceKey key, List<String> items);
  }

  /** Walks every entry: how adapters translate a bag into a wire format without seeing its layout. */
  public void visit(Visitor visitor) {
    for (int i = 0; i < scalarKeys.length; i++) {
      visitor.scalar(scalarKeys[i], scalarMillis[i]);
    }
    for (int i = 0; i < rangeKeys.length; i++) {
      List<long[]> pairs = new ArrayList<>(ranges[i].length / 2);
      for (int j = 0; j < ranges[i].length; j += 2) {
        pairs.add(new long[] {ranges[i][j], ranges[i][j + 1]});
      }
      visitor.ranges(rangeKeys[i], pairs);
    }
    for (int i = 0; i < setKeys.length; i++) {
      visitor.set(setKeys[i], List.of(sets[i]));
    }
  }

  /** Names of range resources present (e.g. ports), in canonical order. */
  public Set<String> rangeNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ResourceKey k : rangeKeys) {
      names.add(k.name());
    }
    return names;
  }

  /** Names of set resources present, in canonical order. */
  public Set<String> setNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ResourceKey k : setKeys) {
      names.add(k.name());
    }
    return names;
  }

  /** Roles that hold reservations in this bag. */
  public Set<String> reservedRoles() {
    Set<String> roles = new TreeSet<>();
    for (ResourceKey[] keys : List.of(scalarKeys, rangeKeys, setKeys)) {
      for (ResourceKey k : keys) {
        if (k.isReserved()) {
          roles.add(k.role());
        }
      }
    }
    return roles;
  }

  /** True when every resource in {@code other} is available here (per name and role). */
  public boolean contains(Resources other) {
    if (other == this || other.isEmpty()) {
      return true;
    }
    if (!containsScalars(other)) {
      return false;
    }
    for (int j = 0; j < other.rangeKeys.length; j++) {
      int i = indexOf(rangeKeys, other.rangeKeys[j]);
      if (i < 0 || !Ranges.contains(ranges[i], other.ranges[j])) {
        return false;
      }
    }
    for (int j = 0; j < other.setKeys.length; j++) {
      int i = indexOf(setKeys, other.setKeys[j]);
      if (i < 0 || !Arrays.asList(sets[i]).containsAll(Arrays.asList(other.sets[j]))) {
        return false;
      }
    }
    return true;
  }

  private boolean containsScalars(Resources other) {
    if (sameLayout(scalarKeys, other.scalarKeys)) {
      for (int i = 0; i < scalarMillis.length; i++) {
        if (scalarMillis[i] < other.scalarMillis[i]) {
          return false;
        }
      }
      return true;
    }
    for (int j = 0; j < other.scalarKeys.length; j++) {
      int i = indexOf(scalarKeys, other.scalarKeys[j]);
      if (i < 0 || scalarMillis[i] < other.scalarMillis[j]) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- arithmetic

  public Resources plus(Resources other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    return combine(other, Math::addExact, Ranges::union, Resources::setUnion);
  }

  /** Removes what {@code other} holds; a scalar never goes below zero, a range loses only what it had. */
  public Resources minus(Resources other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    if (other == this) {
      return EMPTY;
    }
    return combine(other, (a, b) -> Math.max(0, a - b), Ranges::difference, Resources::setDifference);
  }

  private Resources combine(Resources other, LongOp scalarOp, BinaryOperator<long[]> rangeOp,
      BinaryOperator<String[]> setOp) {
    ResourceKey[] sk;
    long[] sv;
    if (sameLayout(scalarKeys, other.scalarKeys)) {
      sv = new long[scalarMillis.length];
      boolean zero = false;
      for (int i = 0; i < sv.length; i++) {
        sv[i] = scalarOp.apply(scalarMillis[i], other.scalarMillis[i]);
        zero |= sv[i] == 0;
      }
      sk = scalarKeys;
      if (zero) {
        return dropZeros(sk, sv, rangeOp, setOp, other);
      }
    } else {
      TreeMap<ResourceKey, Long> merged = new TreeMap<>();
      for (int i = 0; i < scalarKeys.length; i++) {
        merged.put(scalarKeys[i], scalarMillis[i]);
      }
      for (int j = 0; j < other.scalarKeys.length; j++) {
        merged.put(other.scalarKeys[j],
            scalarOp.apply(merged.getOrDefault(other.scalarKeys[j], 0L), other.scalarMillis[j]));
      }
      merged.values().removeIf(v -> v == 0);
      sk = merged.keySet().toArray(new ResourceKey[0]);
      sv = merged.values().stream().mapToLong(Long::longValue).toArray();
    }
    return withScalars(sk, sv, rangeOp, setOp, other);
  }

  private Resources dropZeros(ResourceKey[] sk, long[] sv, BinaryOperator<long[]> rangeOp,
      BinaryOperator<String[]> setOp, Resources other) {
    List<ResourceKey> keys = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < sv.length; i++) {
      if (sv[i] != 0) {
        keys.add(sk[i]);
        values.add(sv[i]);
      }
    }
    return withScalars(keys.toArray(new ResourceKey[0]), values.stream().mapToLong(Long::longValue).toArray(),
        rangeOp, setOp, other);
  }

  private Resources withScalars(ResourceKey[] sk, long[] sv, BinaryOperator<long[]> rangeOp,
      BinaryOperator<String[]> setOp, Resources other) {
    ResourceKey[] rk = rangeKeys;
    long[][] rv = ranges;
    if (other.rangeKeys.length != 0) {
      long[][] fast = sameLayout(rangeKeys, other.rangeKeys) ? elementwise(other, rangeOp) : null;
      if (fast != null) {
        rv = fast;
      } else {
        TreeMap<ResourceKey, long[]> merged = new TreeMap<>();
        for (int i = 0; i < rangeKeys.length; i++) {
          merged.put(rangeKeys[i], ranges[i]);
        }
        for (int j = 0; j < other.rangeKeys.length; j++) {
          merged.put(other.rangeKeys[j],
              rangeOp.apply(merged.getOrDefault(other.rangeKeys[j], Ranges.NONE), other.ranges[j]));
        }
        merged.values().removeIf(v -> v.length == 0);
        rk = merged.keySet().toArray(new ResourceKey[0]);
        rv = merged.values().toArray(new long[0][]);
      }
    }
    ResourceKey[] tk = setKeys;
    String[][] tv = sets;
    if (other.setKeys.length != 0) {
      TreeMap<ResourceKey, String[]> merged = new TreeMap<>();
      for (int i = 0; i < setKeys.length; i++) {
        merged.put(setKeys[i], sets[i]);
      }
      for (int j = 0; j < other.setKeys.length; j++) {
        merged.put(other.setKeys[j], setOp.apply(merged.getOrDefault(other.setKeys[j], new String[0]), other.sets[j]));
      }
      merged.values().removeIf(v -> v.length == 0);
      tk = merged.keySet().toArray(new ResourceKey[0]);
      tv = merged.values().toArray(new String[0][]);
    }
    return new Resources(sk, sv, rk, rv, tk, tv);
  }

  /** Range arithmetic key by key for equal layouts; null when a result is empty (layout changes). */
  private long[][] elementwise(Resources other, BinaryOperator<long[]> rangeOp) {
    long[][] out = new long[ranges.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = rangeOp.apply(ranges[i], other.ranges[i]);
      if (out[i].length == 0) {
        return null;
      }
    }
    return out;
  }

  private static String[] setUnion(String[] a, String[] b) {
    TreeSet<String> s = new TreeSet<>(Arrays.asList(a));
    s.addAll(Arrays.asList(b));
    return s.toArray(new String[0]);
  }

  private static String[] setDifference(String[] a, String[] b) {
    TreeSet<String> s = new TreeSet<>(Arrays.asList(a));
    Arrays.asList(b).forEach(s::remove);
    return s.toArray(new String[0]);
  }

  // ---------------------------------------------------------------- reservations

  /** Only the unreserved resources. */
  public Resources unreserved() {
    if (!hasReservations()) {
      return this;
    }
    return filterRoles(role -> role.equals(UNRESERVED));
  }

  /** Only the resources reserved for {@code role}. */
  public Resources reservedFor(String role) {
    return filterRoles(r -> r.equals(role));
  }

  /** What a framework in {@code role} may be offered: unreserved plus reserved for that role. */
  public Resources allocatableTo(String role) {
    if (!hasReservations()) {
      return this;
    }
    return filterRoles(r -> r.equals(UNRESERVED) || r.equals(role));
  }

  /** The same resources, all reserved for {@code role}. */
  public Resources reserve(String role) {
    return mapRoles(role);
  }

  /** The same resources, with every reservation dropped. */
  public Resources unreserve() {
    return mapRoles(UNRESERVED);
  }

  /** The same quantities with roles erased: what DRF and quota accounting count. */
  public Resources quantities() {
    return hasReservations() ? mapRoles(UNRESERVED) : this;
  }

  private Resources filterRoles(Predicate<String> keep) {
    Builder b = builder();
    for (int i = 0; i < scalarKeys.length; i++) {
      if (keep.test(scalarKeys[i].role())) {
        b.addScalar(scalarKeys[i], scalarMillis[i]);
      }
    }
    for (int i = 0; i < rangeKeys.length; i++) {
      if (keep.test(rangeKeys[i].role())) {
        b.addRanges(rangeKeys[i], ranges[i]);
      }
    }
    for (int i = 0; i < setKeys.length; i++) {
      if (keep.test(setKeys[i].role())) {
        b.addSet(setKeys[i], sets[i]);
      }
    }
    return b.build();
  }

  private Resources mapRoles(String role) {
    Builder b = builder();
    for (int i = 0; i < scalarKeys.length; i++) {
      b.addScalar(new ResourceKey(scalarKeys[i].name(), role), scalarMillis[i]);
    }
    for (int i = 0; i < rangeKeys.length; i++) {
      b.addRanges(new ResourceKey(rangeKeys[i].name(), role), ranges[i]);
    }
    for (int i = 0; i < setKeys.length; i++) {
      b.addSet(new ResourceKey(setKeys[i].name(), role), sets[i]);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- helpers

  private static boolean sameLayout(ResourceKey[] a, ResourceKey[] b) {
    return a == b || Arrays.equals(a, b);
  }

  private static int indexOf(ResourceKey[] keys, ResourceKey key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** Formats as {@code cpus:2;mem:1024;ports:[31000-32000]}; {@link #parse} reads it back. */
  public String format() {
    TreeMap<ResourceKey, String> parts = new TreeMap<>();
    for (int i = 0; i < scalarKeys.length; i++) {
      parts.put(scalarKeys[i], formatMillis(scalarMillis[i]));
    }
    for (int i = 0; i < rangeKeys.length; i++) {
      parts.put(rangeKeys[i], Ranges.format(ranges[i]));
    }
    for (int i = 0; i < setKeys.length; i++) {
      parts.put(setKeys[i], "{" + String.join(",", sets[i]) + "}");
    }
    StringBuilder sb = new StringBuilder();
    parts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append(':').append(v));
    return sb.toString();
  }

  /** Thousandths as a plain decimal without trailing zeros: 2000 is "2", 500 is "0.5". */
  public static String formatMillis(long millis) {
    long whole = millis / MILLIS;
    long frac = Math.abs(millis % MILLIS);
    if (frac == 0) {
      return Long.toString(whole);
    }
    StringBuilder sb = new StringBuilder(24);
    if (millis < 0 && whole == 0) {
      sb.append('-');
    }
    sb.append(whole).append('.').append((char) ('0' + frac / 100));
    if (frac % 100 != 0) {
      sb.append((char) ('0' + frac / 10 % 10));
      if (frac % 10 != 0) {
        sb.append((char) ('0' + frac % 10));
      }
    }
    return sb.toString();
  }


  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Resources)) {
      return false;
    }
    Resources r = (Resources) o;
    return Arrays.equals(scalarKeys, r.scalarKeys) && Arrays.equals(scalarMillis, r.scalarMillis)
        && Arrays.equals(rangeKeys, r.rangeKeys) && Arrays.deepEquals(ranges, r.ranges)
        && Arrays.equals(setKeys, r.setKeys) && Arrays.deepEquals(sets, r.sets);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(scalarKeys) * 31 + Arrays.hashCode(scalarMillis);
      h = h * 31 + Arrays.deepHashCode(ranges);
      h = h * 31 + Arrays.deepHashCode(sets);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return format();
  }

  @FunctionalInterface
  private interface LongOp {
    long apply(long a, long b);
  }

  /** Accumulates entries; entries with the same key add up. */
  public static final class Builder {
    private final TreeMap<ResourceKey, Long> scalars = new TreeMap<>();
    private final TreeMap<ResourceKey, long[]> ranges = new TreeMap<>();
    private final TreeMap<ResourceKey, String[]> sets = new TreeMap<>();

    Builder() {}

    public Builder scalar(String name, String role, double value) {
      return addScalar(new ResourceKey(name, role), toMillis(value));
    }

    public Builder range(String name, String role, long begin, long end) {
      return addRanges(new ResourceKey(name, role), Ranges.normalize(new long[] {begin, end}));
    }

    public Builder set(String name, String role, String... items) {
      return addSet(new ResourceKey(name, role), items);
    }

    Builder addScalar(ResourceKey key, long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("negative amount for " + key + ": " + formatMillis(millis));
      }
      scalars.merge(key, millis, Math::addExact);
      return this;
    }

    Builder addRanges(ResourceKey key, long[] flat) {
      ranges.merge(key, flat, Ranges::union);
      return this;
    }

    Builder addSet(ResourceKey key, String[] items) {
      sets.merge(key, new TreeSet<>(Arrays.asList(items)).toArray(new String[0]), Resources::setUnion);
      return this;
    }

    public Resources build() {
      scalars.values().removeIf(v -> v == 0);
      ranges.values().removeIf(v -> v.length == 0);
      sets.values().removeIf(v -> v.length == 0);
      if (scalars.isEmpty() && ranges.isEmpty() && sets.isEmpty()) {
        return EMPTY;
      }
      return new Resources(
          scalars.keySet().toArray(new ResourceKey[0]),
          scalars.values().stream().mapToLong(Long::longValue).toArray(),
          ranges.keySet().toArray(new ResourceKey[0]),
          ranges.values().toArray(new long[0][]),
          sets.keySet().toArray(new ResourceKey[0]),
          sets.values().toArray(new String[0][]));
    }
  }
}
