package io.corral.remote.agent.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which cgroup hierarchy a host offers under its cgroup root (usually {@code /sys/fs/cgroup}), read from
 * the files there: the unified v2 hierarchy at the root; v1, one hierarchy per controller at
 * {@code <root>/<controller>}; hybrid, v1 controllers plus a controller-less v2 tree at
 * {@code <root>/unified} (limits then go through v1). Nothing is written here.
 *
 * @param version "v2" or "v1" (hybrid included), null when the host offers neither
 * @param hybrid whether a v1 host also mounts a v2 tree (for the log line)
 * @param v1 the v1 hierarchy of each controller used (memory, cpu, cpuacct, pids), empty for v2
 * @param missing for people: why the host offers neither, or which optional controller it lacks
 */
record CgroupHierarchy(String version, boolean hybrid, Path root, Map<String, Path> v1, String missing) {
  static final Path DEFAULT_ROOT = Path.of("/sys/fs/cgroup");

  static CgroupHierarchy detect(Path root) {
    Path controllers = root.resolve("cgroup.controllers");
    if (Files.isRegularFile(controllers)) {
      Set<String> available = words(controllers);
      if (!available.containsAll(Set.of("cpu", "memory"))) {
        return neither(root, "the cgroup v2 hierarchy at " + root + " offers " + available + ", not cpu and memory"
            + " (they are bound to a v1 hierarchy, or not delegated)");
      }
      return new CgroupHierarchy("v2", false, root, Map.of(),
          available.contains("pids") ? null : "no pids controller: --task-max-pids is not enforced");
    }
    Map<String, Path> v1 = new LinkedHashMap<>();
    for (String controller : new String[] {"memory", "cpu", "cpuacct", "pids"}) {
      Path mount = root.resolve(controller);
      if (Files.isRegularFile(mount.resolve("cgroup.procs")) && hasControllerFiles(mount, controller)) {
        v1.put(controller, mount);
      }
    }
    if (!v1.containsKey("memory") || !v1.containsKey("cpu")) {
      return neither(root, "no cgroup v2 hierarchy at " + root + " and no v1 memory and cpu hierarchies under it");
    }
    boolean hybrid = Files.isRegularFile(root.resolve("unified").resolve("cgroup.controllers"));
    String missing = !v1.containsKey("pids") ? "no pids hierarchy: --task-max-pids is not enforced"
        : !v1.containsKey("cpuacct") ? "no cpuacct hierarchy: task cpu time is not accounted" : null;
    return new CgroupHierarchy("v1", hybrid, root, Map.copyOf(v1), missing);
  }

  private static CgroupHierarchy neither(Path root, String why) {
    return new CgroupHierarchy(null, false, root, Map.of(), why);
  }

  /** A v1 mount of several controllers ("cpu,cpuacct") carries the files of each. */
  private static boolean hasControllerFiles(Path mount, String controller) {
    try (var files = Files.list(mount)) {
      // the root of a v1 pids hierarchy has no pids.* file; its name is the evidence
      return controller.equals("pids") || files.anyMatch(f -> f.getFileName().toString().startsWith(controller + "."));
    } catch (IOException e) {
      return false;
    }
  }

  boolean usable() {
    return version != null;
  }

  /** "cgroup v1 (hybrid: the v2 tree at /sys/fs/cgroup/unified has no controllers)", for the log. */
  String describe() {
    if (version == null) {
      return "no usable cgroups: " + missing;
    }
    String where = version.equals("v2") ? "unified hierarchy at " + root
        : "hierarchies " + v1.values().stream().map(Path::toString).collect(Collectors.joining(", "));
    return "cgroup " + version + (hybrid ? " (hybrid host: v1 controllers, the v2 tree at " + root.resolve("unified")
        + " is not used)" : "") + ", " + where;
  }

  static Set<String> words(Path file) {
    try {
      return wordsOf(Files.readString(file));
    } catch (IOException e) {
      return Set.of();
    }
  }

  /** "+cpu +memory" and "cpu memory" alike: the controller names. */
  static Set<String> wordsOf(String text) {
    return Arrays.stream(text.trim().split("\\s+"))
        .map(w -> w.startsWith("+") ? w.substring(1) : w)
        .filter(w -> !w.isEmpty())
        .collect(Collectors.toSet());
  }
}
