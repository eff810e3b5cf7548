package io.corral.remote.agent.isolation;

import java.util.Optional;

/** Where a running task's kernel accounting is, for samplers. */
public interface TaskCgroups {

  /** No task has a cgroup: isolation {@code none}, Docker-only or Windows agents. */
  TaskCgroups NONE = taskId -> Optional.empty();

  /**
   * The task's cgroup counters now, or empty when the task has no cgroup (isolation none, Docker,
   * Windows) or its cgroup is gone. Reads a handful of small kernel files; safe from any thread.
   */
  Optional<CgroupCounters> counters(String taskId);
}
