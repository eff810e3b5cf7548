package io.corral.shell.cmd;

import io.corral.shell.client.ContainerUsage;
import java.util.Locale;

/** Usage figures as tables show them: cores with two decimals, bytes in K, M, G (powers of 1024). */
final class UsageFigures {
  private UsageFigures() {}

  /** Cores used over the agent's last sampling interval, e.g. {@code 0.97}; empty before two samples. */
  static String cores(ContainerUsage u) {
    return u.cpusUsed() < 0 ? "" : String.format(Locale.ROOT, "%.2f", u.cpusUsed());
  }

  /** {@code used/limit}, e.g. {@code 41.2M/256M}; the limit left out when there is none. */
  static String bytesOf(long used, long limit) {
    if (used < 0) {
      return "";
    }
    return limit > 0 ? bytes(used) + "/" + bytes(limit) : bytes(used);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + "B";
    }
    String[] units = {"K", "M", "G", "T", "P"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v)) + units[u];
  }
}
