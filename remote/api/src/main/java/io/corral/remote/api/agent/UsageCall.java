package io.corral.remote.api.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos;

/**
 * The agent protocol's {@code USAGE} call: what the agent's running tasks use, one entry per task
 * whose figures changed since the agent last reported them (see docs/agent-protocol.md). Both sides
 * write and read it here.
 */
public final class UsageCall {
  /** Entries per call at most: an agent with more changed tasks sends several calls. */
  public static final int MAX_ENTRIES = 1000;

  private UsageCall() {}

  /**
   * One task's figures. {@code containerId} may be null (a process task: the master names its
   * container after the task); {@code cpusUsed} is the cores used since the agent's previous sample
   * (-1: this is the first); {@code memPeakBytes} the highest memory seen (-1: unknown).
   */
  public record Entry(String frameworkId, String taskId, String executorId, String containerId,
      Protos.ResourceStatistics statistics, double cpusUsed, long memPeakBytes) {}

  public static ObjectNode call(List<Entry> entries) {
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.USAGE);
    ArrayNode usages = call.putArray("usages");
    for (Entry e : entries) {
      ObjectNode n = usages.addObject();
      n.put("framework_id", e.frameworkId());
      n.put("task_id", e.taskId());
      n.put("executor_id", e.executorId());
      if (e.containerId() != null) {
        n.put("container_id", e.containerId());
      }
      AgentProtocol.put(n, "statistics", e.statistics());
      if (e.cpusUsed() >= 0) {
        n.put("cpus_used", e.cpusUsed());
      }
      if (e.memPeakBytes() >= 0) {
        n.put("mem_peak_bytes", e.memPeakBytes());
      }
    }
    return call;
  }

  /** Reads a call's entries; a malformed one is a {@link AgentProtocol.ProtocolException} naming the field. */
  public static List<Entry> read(JsonNode call) {
    JsonNode usages = call.get("usages");
    if (usages == null || !usages.isArray()) {
      throw new AgentProtocol.ProtocolException("field 'usages' is missing or not an array");
    }
    if (usages.size() > MAX_ENTRIES) {
      throw new AgentProtocol.ProtocolException("field 'usages' holds " + usages.size() + " entries, over the limit of "
          + MAX_ENTRIES);
    }
    List<Entry> out = new ArrayList<>(usages.size());
    for (JsonNode n : usages) {
      String task = AgentProtocol.text(n, "task_id");
      JsonNode executor = n.get("executor_id");
      JsonNode container = n.get("container_id");
      out.add(new Entry(AgentProtocol.text(n, "framework_id"), task,
          executor != null && executor.isTextual() && !executor.asText().isEmpty() ? executor.asText() : task,
          container != null && container.isTextual() && !container.asText().isEmpty() ? container.asText() : null,
          AgentProtocol.get(n, "statistics", Protos.ResourceStatistics.newBuilder()).build(),
          n.path("cpus_used").asDouble(-1), n.path("mem_peak_bytes").asLong(-1)));
    }
    return out;
  }
}
