package io.corral.remote.agent.runtime;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One POSIX resource limit of a task, as Mesos' {@code RLimitInfo.RLimit}: {@code resource} is
 * prlimit's name for it ("nofile" for {@code RLMT_NOFILE}), {@code soft} and {@code hard} are numbers or
 * {@link #UNLIMITED}.
 */
public record Rlimit(String resource, long soft, long hard) {
  public static final long UNLIMITED = -1;
  /** Every limit Mesos names (RLMT_AS ... RLMT_STACK), which prlimit(1) sets under the same names. */
  static final Set<String> RESOURCES = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
      "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

  public Rlimit {
    Objects.requireNonNull(resource, "resource");
    if (!RESOURCES.contains(resource)) {
      throw new IllegalArgumentException("unknown resource limit '" + resource + "'");
    }
    if (soft < UNLIMITED || hard < UNLIMITED) {
      throw new IllegalArgumentException("the " + resource + " limit is negative: " + soft + ":" + hard);
    }
    if (hard != UNLIMITED && (soft == UNLIMITED || soft > hard)) {
      throw new IllegalArgumentException("the soft " + resource + " limit " + value(soft) + " is above the hard one "
          + hard);
    }
  }

  /** From Mesos' type name: RLMT_NOFILE is "nofile". */
  public static Rlimit ofMesos(String type, long soft, long hard) {
    if (!type.startsWith("RLMT_")) {
      throw new IllegalArgumentException("unknown resource limit type " + type);
    }
    return new Rlimit(type.substring(5).toLowerCase(Locale.ROOT), soft, hard);
  }

  /** prlimit's option: {@code --nofile=1024:4096}, {@code --core=unlimited:unlimited}. */
  String prlimitOption() {
    return "--" + resource + "=" + value(soft) + ":" + value(hard);
  }

  private static String value(long v) {
    return v == UNLIMITED ? "unlimited" : Long.toString(v);
  }
}
