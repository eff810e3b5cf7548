package io.corral.remote.agent.isolation;

import java.util.Objects;

/**
 * A task went over one of its limits and the agent ended it, as Mesos' isolators report a container
 * limitation: the status of its end says which ({@code REASON_CONTAINER_LIMITATION_MEMORY}, {@code _DISK})
 * and {@code message}, with the limit and the use, says by how much.
 */
public record Limitation(Resource resource, String message) {
  public enum Resource { MEMORY, DISK }

  public Limitation {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(message, "message");
  }

  /** Mesos' words: "Memory limit exceeded: Requested: 32MB Maximum Used: 32MB". */
  static Limitation memory(long limitBytes, long peakBytes, long oomKills) {
    return new Limitation(Resource.MEMORY, "Memory limit exceeded: Requested: " + megabytes(limitBytes)
        + " Maximum Used: " + megabytes(peakBytes) + (oomKills > 0 ? " (" + oomKills + " process"
        + (oomKills == 1 ? "" : "es") + " killed by the kernel's OOM killer)" : ""));
  }

  /** Mesos' words: "Disk usage (51MB) exceeds quota (10MB)". */
  static Limitation disk(long usedBytes, long limitBytes) {
    return new Limitation(Resource.DISK, "Disk usage (" + megabytes(usedBytes) + ") exceeds quota ("
        + megabytes(limitBytes) + ")");
  }

  static String megabytes(long bytes) {
    return bytes <= 0 ? "0MB" : (bytes + (1 << 20) - 1) / (1 << 20) + "MB";
  }
}
