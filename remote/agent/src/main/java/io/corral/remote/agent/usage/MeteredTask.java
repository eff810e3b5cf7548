package io.corral.remote.agent.usage;

import java.nio.file.Path;

/**
 * A running task as the sampler sees it: who it is (for the master's books), where its figures come
 * from ({@code kind}, the supervisor's {@code pid} for processes, the container for Docker tasks) and
 * what it asked for (the limits reported beside what it uses; 0 when it asked for none).
 */
public record MeteredTask(String taskId, String frameworkId, String executorId, String containerId, Kind kind,
    long pid, Path sandbox, double cpusLimit, long memLimitBytes, long diskLimitBytes) {

  /** Where a task runs, hence which meter reads it. */
  public enum Kind { PROCESS, CONTAINER }
}
