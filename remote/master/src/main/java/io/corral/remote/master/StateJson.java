package io.corral.remote.master;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.allocator.Allocator.AgentAllocation;
import io.corral.core.allocator.Offer;
import io.corral.core.model.AgentState;
import io.corral.core.resources.ResourceKey;
import io.corral.core.resources.Resources;
import io.corral.core.task.TaskState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The classic (v0) endpoints as Mesos renders them: {@code /master/state} with flat resource maps
 * ({@code {"cpus": 2.0, "mem": 1024.0, "ports": "[31000-32000]"}}) and v0 names (slaves, slave_id),
 * {@code /metrics/snapshot} and {@code /version}. The state shows a principal only what its view
 * ACLs allow ({@link Viewer}): frameworks and tasks it may view, reservations of roles it may view;
 * agents' totals and the metrics are aggregates and stay whole, as in Mesos.
 */
final class StateJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StateJson() {}

  static byte[] render(Master master, Viewer viewer) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", OperatorCalls.VERSION);
    root.put("id", master.info().getId());
    root.put("pid", "master@" + master.info().getHostname() + ":" + master.info().getPort());
    root.put("hostname", master.info().getHostname());
    root.put("start_time", seconds(master.startedAt()));
    root.put("elected_time", seconds(master.startedAt()));
    root.put("leader", "master@" + master.info().getHostname() + ":" + master.info().getPort());
    root.put("activated_slaves", master.agentsView().stream()
        .filter(a -> a.state == AgentState.ACTIVE && a.connected()).count());
    root.put("deactivated_slaves", master.agentsView().stream()
        .filter(a -> a.state == AgentState.DEACTIVATED || a.state == AgentState.DRAINING).count());
    root.put("unreachable_slaves", master.agentsView().stream().filter(a -> a.state == AgentState.UNREACHABLE).count());
    ArrayNode slaves = root.putArray("slaves");
    for (AgentEntry a : master.agentsView()) {
      if (a.state != AgentState.GONE && a.state != AgentState.UNREACHABLE) {
        slaves.add(agent(master, a, viewer));
      }
    }
    ArrayNode frameworks = root.putArray("frameworks");
    for (FrameworkEntry f : master.frameworksView()) {
      if (viewer.sees(f)) {
        frameworks.add(framework(master, f, viewer));
      }
    }
    root.putArray("completed_frameworks");
    root.putArray("orphan_tasks");
    root.putArray("unregistered_frameworks");
    root.putObject("flags");
    return bytes(root);
  }

  private static ObjectNode agent(Master master, AgentEntry a, Viewer viewer) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", a.id.value());
    n.put("pid", "slave(1)@" + a.info.hostname());
    n.put("hostname", a.info.hostname());
    n.put("registered_time", seconds(a.registeredAt));
    AgentAllocation alloc = master.allocator().agent(a.id).orElse(null);
    n.set("resources", flat(a.info.total()));
    n.set("used_resources", flat(alloc == null ? Resources.EMPTY : alloc.used()));
    n.set("offered_resources", flat(alloc == null ? Resources.EMPTY : alloc.offered()));
    n.set("unreserved_resources", flat(a.info.total().unreserved()));
    ObjectNode reserved = n.putObject("reserved_resources");
    for (String role : a.info.total().reservedRoles()) {
      if (viewer.seesRole(role)) {
        reserved.set(role, flat(a.info.total().reservedFor(role)));
      }
    }
    ObjectNode attributes = n.putObject("attributes");
    a.info.attributes().forEach(attributes::put);
    n.put("active", a.state == AgentState.ACTIVE && a.connected());
    n.put("deactivated", a.state == AgentState.DEACTIVATED || a.state == AgentState.DRAINING);
    n.put("version", a.version);
    n.putArray("capabilities");
    return n;
  }

  private static ObjectNode framework(Master master, FrameworkEntry f, Viewer viewer) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", f.id.value());
    n.put("name", f.info.name());
    n.put("hostname", f.wire.getHostname());
    n.put("user", f.wire.getUser());
    n.put("principal", f.info.principal());
    n.put("webui_url", f.wire.getWebuiUrl());
    n.put("active", f.connected());
    n.put("connected", f.connected());
    n.put("recovered", false);
    n.put("failover_timeout", f.info.failoverTimeout().toMillis() / 1000.0);
    n.put("checkpoint", f.wire.getCheckpoint());
    n.put("role", f.info.roles().get(0));
    ArrayNode roles = n.putArray("roles");
    f.info.roles().forEach(roles::add);
    ArrayNode caps = n.putArray("capabilities");
    f.info.capabilities().forEach(caps::add);
    n.put("registered_time", seconds(f.registeredAt));
    n.put("unregistered_time", f.disconnectedAt == null ? 0 : seconds(f.disconnectedAt));
    Resources used = Resources.EMPTY;
    ArrayNode tasks = n.putArray("tasks");
    ArrayNode completed = n.putArray("completed_tasks");
    ArrayNode unreachable = n.putArray("unreachable_tasks");
    for (TaskEntry t : master.tasksView()) {
      if (!t.task.frameworkId().equals(f.id)) {
        continue;
      }
      boolean live = !t.task.isTerminal() && t.task.state() != TaskState.UNREACHABLE;
      if (live) {
        used = used.plus(t.task.resources()); // the framework's whole use, as Mesos sums it, seen or not
      }
      if (!viewer.sees(t)) {
        continue;
      }
      if (t.task.isTerminal()) {
        completed.add(task(t));
      } else if (!live) {
        unreachable.add(task(t));
      } else {
        tasks.add(task(t));
      }
    }
    Resources offered = Resources.EMPTY;
    ArrayNode offers = n.putArray("offers");
    for (Offer o : master.allocator().offers(f.id)) {
      offered = offered.plus(o.resources());
      ObjectNode on = offers.addObject();
      on.put("id", o.id().value());
      on.put("framework_id", f.id.value());
      on.put("slave_id", o.agentId().value());
      on.set("resources", flat(o.resources()));
    }
    n.set("used_resources", flat(used));
    n.set("offered_resources", flat(offered));
    n.set("resources", flat(used.plus(offered)));
    n.putArray("executors");
    n.putArray("completed_executors");
    return n;
  }

  private static ObjectNode task(TaskEntry t) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", t.task.id().value());
    n.put("name", t.task.name());
    n.put("framework_id", t.task.frameworkId().value());
    n.put("executor_id", t.info.hasExecutor() ? t.info.getExecutor().getExecutorId().getValue() : "");
    n.put("slave_id", t.task.agentId().value());
    n.put("state", t.lastStatus.getState().name());
    n.put("role", t.role);
    n.set("resources", flat(t.task.resources()));
    ArrayNode statuses = n.putArray("statuses");
    ObjectNode s = statuses.addObject();
    s.put("state", t.lastStatus.getState().name());
    s.put("timestamp", t.lastStatus.getTimestamp());
    return n;
  }

  /** Mesos' v0 resource map: scalars as numbers (summed over roles), ranges and sets as text. */
  static ObjectNode flat(Resources r) {
    ObjectNode n = MAPPER.createObjectNode();
    for (String standard : List.of("cpus", "gpus", "mem", "disk")) {
      n.put(standard, r.scalar(standard));
    }
    r.visit(new Resources.Visitor() {
      @Override
      public void scalar(ResourceKey key, long millis) {
        n.put(key.name(), r.scalar(key.name()));
      }

      @Override
      public void ranges(ResourceKey key, List<long[]> intervals) {
        StringBuilder sb = new StringBuilder("[");
        for (long[] i : r.ranges(key.name())) {
          sb.append(sb.length() > 1 ? ", " : "").append(i[0]).append('-').append(i[1]);
        }
        n.put(key.name(), sb.append(']').toString());
      }

      @Override
      public void set(ResourceKey key, List<String> items) {
        n.put(key.name(), "{" + String.join(", ", items) + "}");
      }
    });
    return n;
  }

  static byte[] metrics(Master master) {
    ObjectNode n = MAPPER.createObjectNode();
    MetricsSnapshot.of(master).forEach(n::put);
    return bytes(n);
  }

  static byte[] version() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("version", OperatorCalls.VERSION);
    n.put("build_user", "corral");
    return bytes(n);
  }

  private static double seconds(Instant t) {
    return t == null ? 0 : t.toEpochMilli() / 1000.0;
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
