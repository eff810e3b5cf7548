package io.corral.remote.services.scheduler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.services.app.AppWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos;

/**
 * Marathon's event bus: {@code status_update_event}, {@code health_status_changed_event},
 * {@code deployment_info}, {@code deployment_success}, {@code deployment_failed},
 * {@code app_terminated_event}, each a JSON object with {@code eventType} and {@code timestamp}.
 * Listeners (the {@code /v2/events} streams) are called on the loop and must only queue.
 */
public final class ServiceEvents {
  private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();

  public void listen(Consumer<ObjectNode> listener) {
    listeners.add(listener);
  }

  public void unlisten(Consumer<ObjectNode> listener) {
    listeners.remove(listener);
  }

  boolean anyone() {
    return !listeners.isEmpty();
  }

  static ObjectNode event(String type, Instant at) {
    return JsonNodeFactory.instance.objectNode().put("eventType", type).put("timestamp", AppWriter.timestamp(at));
  }

  /** Marathon's {@code lastTaskFailure} of an app. */
  ObjectNode failure(InstanceRecord r, Protos.TaskStatus s, Instant at) {
    return JsonNodeFactory.instance.objectNode().put("appId", r.app.path()).put("host", r.host)
        .put("message", s.getMessage()).put("state", s.getState().name()).put("taskId", r.taskId)
        .put("timestamp", AppWriter.timestamp(at)).put("version", r.version).put("slaveId", r.agentId);
  }

  void publish(ObjectNode event) {
    for (Consumer<ObjectNode> l : listeners) {
      l.accept(event);
    }
  }
}
