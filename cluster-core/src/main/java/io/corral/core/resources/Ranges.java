package io.corral.core.resources;

import java.util.Arrays;

/**
 * Arithmetic on sorted, disjoint, non-adjacent closed intervals stored flat as
 * {@code [begin0, end0, begin1, end1, ...]}. Arrays are never mutated after construction.
 */
final class Ranges {
  static final long[] NONE = new long[0];

  private Ranges() {}

  /** Sorts and merges arbitrary intervals into canonical form. */
  static long[] normalize(long[] flat) {
    int n = flat.length / 2;
    if (n == 0) {
      return NONE;
    }
    long[][] pairs = new long[n][];
    for (int i = 0; i < n; i++) {
      pairs[i] = new long[] {flat[2 * i], flat[2 * i + 1]};
    }
    Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[flat.length];
    int w = 0;
    for (long[] p : pairs) {
      if (w > 0 && p[0] <= out[w - 1] + 1) {
        out[w - 1] = Math.max(out[w - 1], p[1]);
      } else {
        out[w++] = p[0];
        out[w++] = p[1];
      }
    }
    return w == out.length ? out : Arrays.copyOf(out, w);
  }

  static long[] union(long[] a, long[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int w = 0;
    while (i < a.length || j < b.length) {
      long begin;
      long end;
      if (j >= b.length || (i < a.length && a[i] <= b[j])) {
        begin = a[i];
        end = a[i + 1];
        i += 2;
      } else {
        begin = b[j];
        end = b[j + 1];
        j += 2;
      }
      if (w > 0 && begin <= out[w - 1] + 1) {
        out[w - 1] = Math.max(out[w - 1], end);
      } else {
        out[w++] = begin;
        out[w++] = end;
      }
    }
    return w == out.length ? out : Arrays.copyOf(out, w);
  }

  /** Everything in {@code a} that is not in {@code b}. */
  static long[] difference(long[] a, long[] b) {
    if (a.length == 0 || b.length == 0) {
      return a;
    }
    long[] out = new long[a.length + b.length];
    int w = 0;
    int j = 0;
    for (int i = 0; i < a.length; i += 2) {
      long begin = a[i];
      long end = a[i + 1];
      while (j < b.length && b[j + 1] < begin) {
        j += 2;
      }
      int k = j;
      while (begin <= end && k < b.length && b[k] <= end) {
        if (b[k] > begin) {
          out[w++] = begin;
          out[w++] = b[k] - 1;
        }
        begin = Math.max(begin, b[k + 1] + 1);
        k += 2;
      }
      if (begin <= end) {
        out[w++] = begin;
        out[w++] = end;
      }
    }
    if (w == 0) {
      return NONE;
    }
    return w == out.length ? out : Arrays.copyOf(out, w);
  }

  /** True when every interval of {@code b} lies inside an interval of {@code a}. */
  static boolean contains(long[] a, long[] b) {
    int i = 0;
    for (int j = 0; j < b.length; j += 2) {
      while (i < a.length && a[i + 1] < b[j]) {
        i += 2;
      }
      if (i >= a.length || a[i] > b[j] || a[i + 1] < b[j + 1]) {
        return false;
      }
    }
    return true;
  }

  static long count(long[] a) {
    long n = 0;
    for (int i = 0; i < a.length; i += 2) {
      n += a[i + 1] - a[i] + 1;
    }
    return n;
  }

  static String format(long[] a) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < a.length; i += 2) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(a[i]).append('-').append(a[i + 1]);
    }
    return sb.append(']').toString();
  }
}
