package io.corral.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One running task's usage as {@code GET_CONTAINERS} shows it (Mesos' {@code ResourceStatistics},
 * with Corral's {@code cpus_used} and {@code mem_peak_bytes}); a figure the agent did not report
 * is -1. {@code json} is the container's object as the master sent it.
 */
public record ContainerUsage(String taskId, String agentId, String frameworkId, double timestamp, double cpusUsed,
    double cpusLimit, double cpuUserSeconds, double cpuSystemSeconds, long memBytes, long memPeakBytes,
    long memLimitBytes, long diskBytes, long diskLimitBytes, long processes, JsonNode json) {

  /** The containers of a {@code GET_CONTAINERS} answer. */
  public static List<ContainerUsage> list(JsonNode response) {
    List<ContainerUsage> out = new ArrayList<>();
    for (JsonNode c : response.path("get_containers").path("containers")) {
      JsonNode s = c.path("resource_statistics");
      String task = c.path("task_id").path("value").asText(c.path("executor_id").path("value").asText());
      out.add(new ContainerUsage(task, c.path("agent_id").path("value").asText(""),
          c.path("framework_id").path("value").asText(""), s.path("timestamp").asDouble(0),
          c.path("cpus_used").asDouble(-1), s.path("cpus_limit").asDouble(-1), s.path("cpus_user_time_secs").asDouble(-1),
          s.path("cpus_system_time_secs").asDouble(-1), s.path("mem_rss_bytes").asLong(-1),
          c.path("mem_peak_bytes").asLong(-1), s.path("mem_limit_bytes").asLong(-1), s.path("disk_used_bytes").asLong(-1),
          s.path("disk_limit_bytes").asLong(-1), s.path("processes").asLong(-1), c));
    }
    return out;
  }
}
