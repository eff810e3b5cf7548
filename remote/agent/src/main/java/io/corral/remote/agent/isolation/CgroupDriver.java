package io.corral.remote.agent.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One agent's task cgroups in one cgroup version: every task's cgroup is named by the task and lives
 * under the agent's own parent ({@code corral/<agent>} in each hierarchy), so it is found again by name
 * after a restart and two agents on one host never meet.
 */
interface CgroupDriver {
  /** "v1" or "v2". */
  String version();

  /** The agent's parent cgroup(s), created (with the controllers their children need) if missing. */
  List<Path> parents();

  /** Makes the task's cgroup with its limits; the files its supervisor writes its pid to, to join it. */
  List<Path> create(String name, CgroupLimits limits) throws IOException;

  boolean exists(String name);

  /** The names of the task cgroups under the agent's parent. */
  Set<String> children();

  /** Kills whatever still runs in the task's cgroup and removes it. */
  void destroy(String name);

  /** Removes the agent's parents if no task cgroup is left in them. */
  void removeParents();

  Optional<CgroupCounters> counters(String name);

  /** How many of the task's processes the kernel's OOM killer ended, -1 when this kernel does not count them. */
  long oomKills(String name);

  /** How often the task's memory reached its limit (v1 {@code failcnt}, v2 {@code max} events). */
  long limitHits(String name);
}
