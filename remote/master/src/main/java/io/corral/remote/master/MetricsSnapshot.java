package io.corral.remote.master;

import io.corral.core.model.AgentState;
import io.corral.core.task.TaskState;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The metrics Mesos names under master/..., computed from the master's state. */
final class MetricsSnapshot {
  private MetricsSnapshot() {}

  static Map<String, Double> of(Master master) {
    Map<String, Double> out = new TreeMap<>();
    out.put("master/elected", 1.0);
    out.put("master/uptime_secs", (master.now().toEpochMilli() - master.startedAt().toEpochMilli()) / 1000.0);
    long active = master.agentsView().stream().filter(a -> a.state == AgentState.ACTIVE).count();
    out.put("master/slaves_active", (double) active);
    out.put("master/slaves_connected", (double) master.agentsView().stream().filter(AgentEntry::connected).count());
    out.put("master/slaves_disconnected", (double) master.agentsView().stream()
        .filter(a -> !a.connected() && a.state != AgentState.GONE).count());
    out.put("master/slaves_unreachable", (double) master.agentsView().stream()
        .filter(a -> a.state == AgentState.UNREACHABLE).count());
    out.put("master/frameworks_connected", (double) master.frameworksView().stream().filter(FrameworkEntry::connected).count());
    out.put("master/frameworks_disconnected", (double) master.frameworksView().stream().filter(f -> !f.connected()).count());
    out.put("master/outstanding_offers", (double) master.outstandingOffers());
    out.put("master/tasks_launched", (double) master.metrics().tasksLaunched());
    out.put("master/invalid_tasks", (double) master.metrics().tasksRefused());
    out.put("master/offers_sent", (double) master.metrics().offersSent());
    out.put("master/status_updates_received", (double) master.metrics().updatesReceived());
    for (TaskState s : TaskState.values()) {
      String name = "tasks_" + s.name().toLowerCase(Locale.ROOT); // Mesos' master/tasks_running, ...
      long now = master.tasksView().stream().filter(t -> t.task.state() == s).count();
      if (s.isTerminal()) {
        out.put("master/" + name, (double) master.metrics().entered(s));
      } else {
        out.put("master/" + name, (double) now);
      }
    }
    return out;
  }
}
