package io.corral.remote.agent;

import io.corral.core.model.OsFamily;
import io.corral.core.resources.Resources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What this host is and has: OS, architecture, cpus, memory, disk of the work dir. Overrides win. */
final class HostProbe {
  private HostProbe() {}

  static OsFamily os() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? OsFamily.WINDOWS
        : OsFamily.LINUX;
  }

  static String arch() {
    String arch = System.getProperty("os.arch", "unknown");
    return arch.equals("amd64") ? "x86_64" : arch;
  }

  static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** Detected resources; names given in {@code override} replace the detected ones. */
  static Resources resources(Path workDir, String override) throws IOException {
    long memMb = 1024;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      memMb = Math.max(32, os.getTotalMemorySize() / (1024 * 1024) - 512);
    }
    Files.createDirectories(workDir);
    long diskMb = Files.getFileStore(workDir).getUsableSpace() / (1024 * 1024);
    Resources detected = Resources.parse("cpus:" + Runtime.getRuntime().availableProcessors() + ";mem:" + memMb
        + ";disk:" + diskMb + ";ports:[31000-32000]");
    if (override == null || override.isBlank()) {
      return detected;
    }
    Resources given = Resources.parse(override);
    Resources kept = Resources.EMPTY;
    for (String name : detected.scalarNames()) {
      if (!given.scalarNames().contains(name)) {
        kept = kept.plus(Resources.scalar(name, detected.scalar(name)));
      }
    }
    if (given.rangeNames().isEmpty()) {
      kept = kept.plus(Resources.parse("ports:[31000-32000]"));
    }
    return kept.plus(given);
  }
}
