package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task limits through cgroup v2: one cgroup per task under {@code <root>/corral}, with {@code memory.max}
 * and {@code cpu.max}. Enforced only where the unified hierarchy is mounted at the root, offers the cpu
 * and memory controllers, and is writable; elsewhere (cgroup v1, hybrid, a read-only container) tasks
 * run without limits and a launch never fails for their sake.
 */
final class LinuxCgroups {
  static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");
  private static final Logger LOG = LoggerFactory.getLogger(LinuxCgroups.class);
  private static final AtomicBoolean REPORTED = new AtomicBoolean();
  private static final long CPU_PERIOD_MICROS = 100_000;
  private static final long MIN_CPU_QUOTA_MICROS = 1_000;

  private final Path parent;
  private final String whyNot;

  private LinuxCgroups(Path parent, String whyNot) {
    this.parent = parent;
    this.whyNot = whyNot;
  }

  /** Finds out, once, whether limits can be enforced under {@code root}, and logs the answer once per JVM. */
  static LinuxCgroups detect(Path root) {
    LinuxCgroups cgroups = probe(root);
    if (REPORTED.compareAndSet(false, true)) {
      if (cgroups.enforces()) {
        LOG.info("cpu and memory limits of tasks are enforced with cgroup v2 under {}", cgroups.parent);
      } else {
        LOG.info("cpu and memory limits of tasks are not enforced on this host: {}", cgroups.whyNot);
      }
    }
    return cgroups;
  }

  /** Like {@link #detect} without the log line; for tests on a stand-in hierarchy. */
  static LinuxCgroups probe(Path root) {
    Path controllers = root.resolve("cgroup.controllers");
    if (!Files.isRegularFile(controllers)) {
      return new LinuxCgroups(null, "no cgroup v2 hierarchy at " + root + " (cgroup v1 or hybrid)");
    }
    try {
      Set<String> available = words(controllers);
      if (!available.containsAll(Set.of("cpu", "memory"))) {
        return new LinuxCgroups(null, "cgroup v2 at " + root + " offers " + available + ", not cpu and memory");
      }
      enable(root);
      Path parent = root.resolve("corral");
      Files.createDirectories(parent);
      enable(parent);
      return new LinuxCgroups(parent, null);
    } catch (IOException | RuntimeException e) {
      return new LinuxCgroups(null, "cgroup v2 at " + root + " is not writable by the agent (" + e + ")");
    }
  }

  /** Lets the children of {@code cgroup} have cpu and memory controllers. */
  private static void enable(Path cgroup) throws IOException {
    Path subtree = cgroup.resolve("cgroup.subtree_control");
    if (!Files.exists(subtree) || !words(subtree).containsAll(Set.of("cpu", "memory"))) {
      Files.writeString(subtree, "+cpu +memory");
    }
  }

  private static Set<String> words(Path file) throws IOException {
    return Arrays.stream(Files.readString(file).trim().split("\\s+"))
        .map(w -> w.startsWith("+") ? w.substring(1) : w)
        .filter(w -> !w.isEmpty())
        .collect(Collectors.toSet());
  }

  boolean enforces() {
    return parent != null;
  }

  /** Why limits are not enforced; null when they are. */
  String whyNot() {
    return whyNot;
  }

  /**
   * Creates the task's cgroup with its limits (0 = unlimited) and returns it; empty when limits are not
   * enforced here or this cgroup could not be set up (logged, the task runs without limits).
   */
  Optional<Path> prepare(String taskId, double cpus, long memoryMb) {
    if (parent == null) {
      return Optional.empty();
    }
    Path cgroup = parent.resolve(directoryName(taskId));
    try {
      Files.createDirectories(cgroup);
      Files.writeString(cgroup.resolve("memory.max"), memoryMb > 0 ? Long.toString(memoryMb * 1024 * 1024) : "max");
      String quota = cpus > 0 ? Long.toString(Math.max(MIN_CPU_QUOTA_MICROS, Math.round(cpus * CPU_PERIOD_MICROS))) : "max";
      Files.writeString(cgroup.resolve("cpu.max"), quota + " " + CPU_PERIOD_MICROS);
      return Optional.of(cgroup);
    } catch (IOException e) {
      LOG.warn("task {} runs without limits: cannot set up its cgroup {}: {}", taskId, cgroup, e.toString());
      release(cgroup);
      return Optional.empty();
    }
  }

  /** Removes a task's cgroup once its processes are gone; best effort. */
  void release(Path cgroup) {
    try {
      Files.deleteIfExists(cgroup);
    } catch (IOException e) {
      LOG.debug("cannot remove the cgroup {}: {}", cgroup, e.toString());
    }
  }

  /** Task ids may hold any character; a cgroup's name must be one path element. */
  static String directoryName(String taskId) {
    String name = taskId.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.equals(".") || name.equals("..") ? "_" + name : name;
  }
}
