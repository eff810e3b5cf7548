package io.corral.core.allocator;

import io.corral.core.resources.Resources;
import java.util.Arrays;

/**
 * The scalar resource names DRF counts (cpus, mem, disk, gpus, and any custom scalar an agent
 * reports), each with an index into dense {@code long[]} quantity vectors.
 */
final class Dimensions {
  private String[] names = {"cpus", "mem", "disk", "gpus"};

  int count() {
    return names.length;
  }

  String name(int index) {
    return names[index];
  }

  /** Registers every scalar name of {@code resources}; returns true when a new one appeared. */
  boolean registerAll(Resources resources) {
    boolean grew = false;
    for (String name : resources.scalarNames()) {
      if (indexOf(name) < 0) {
        names = Arrays.copyOf(names, names.length + 1);
        names[names.length - 1] = name;
        grew = true;
      }
    }
    return grew;
  }

  int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Adds {@code sign} times the scalar quantities of {@code resources} into {@code acc}, growing it if needed. */
  long[] add(long[] acc, Resources resources, int sign) {
    long[] out = acc.length < names.length ? Arrays.copyOf(acc, names.length) : acc;
    for (int i = 0; i < names.length; i++) {
      long v = resources.scalarMillis(names[i]);
      if (v != 0) {
        out[i] += sign * v;
      }
    }
    return out;
  }

  /** Dominant share of {@code allocated} against {@code total}: the largest fraction over all dimensions. */
  static double dominantShare(long[] allocated, long[] total) {
    double share = 0;
    int n = Math.min(allocated.length, total.length);
    for (int i = 0; i < n; i++) {
      if (total[i] > 0 && allocated[i] > 0) {
        share = Math.max(share, allocated[i] / (double) total[i]);
      }
    }
    return share;
  }

  /** True when {@code have} reaches {@code need} in every dimension. */
  static boolean covers(long[] have, long[] need) {
    for (int i = 0; i < need.length; i++) {
      if (need[i] > (i < have.length ? have[i] : 0)) {
        return false;
      }
    }
    return true;
  }
}
