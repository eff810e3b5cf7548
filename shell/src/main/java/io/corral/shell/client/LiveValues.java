package io.corral.shell.client;

import java.net.URI;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;

/**
 * Ids and names that exist on a master right now, for completion: agent ids and hostnames, task
 * ids and names, framework ids, roles, service ids. One GET_STATE (and GET_ROLES) serves every lookup for about
 * two seconds. Never throws: when the master cannot be reached the lists are empty, so a completion
 * never breaks the line being typed.
 */
public final class LiveValues {
  static final long TTL_NANOS = 2_000_000_000L;

  private record Snapshot(URI master, long takenAt, ClusterView view, List<String> roles, List<String> services) {}

  private final Supplier<URI> master;
  private final Function<URI, MasterClient> clients;
  private volatile Snapshot cached;

  /**
   * Values of the master {@code master} names at each look-up (the shell may be connected to
   * another one meanwhile), read through the client {@code clients} makes for it.
   */
  public LiveValues(Supplier<URI> master, Function<URI, MasterClient> clients) {
    this.master = master;
    this.clients = clients;
  }

  public List<String> agentIds() {
    return from(v -> v.view().agents().stream().map(ClusterView.Agent::id).toList());
  }

  public List<String> agentHostnames() {
    return from(v -> v.view().agents().stream().map(ClusterView.Agent::hostname).distinct().toList());
  }

  /** Ids of tasks not ended. */
  public List<String> taskIds() {
    return from(v -> v.view().liveTasks().stream().map(t -> t.getTaskId().getValue()).toList());
  }

  /** Ids of every task the master knows, ended ones included. */
  public List<String> allTaskIds() {
    return from(v -> v.view().allTasks().stream().map(t -> t.getTaskId().getValue()).toList());
  }

  public List<String> taskNames() {
    return from(v -> v.view().allTasks().stream().map(Protos.Task::getName).distinct().toList());
  }

  public List<String> frameworkIds() {
    return from(v -> v.view().frameworks().stream().map(f -> f.getFrameworkInfo().getId().getValue()).toList());
  }

  public List<String> roles() {
    return from(Snapshot::roles);
  }

  /** Ids of the services of the master's service scheduler (none when it has no {@code /v2}). */
  public List<String> serviceIds() {
    return from(Snapshot::services);
  }

  /** Drops the cache (after a command changed the cluster). */
  public void invalidate() {
    cached = null;
  }

  private List<String> from(Function<Snapshot, List<String>> pick) {
    try {
      Snapshot s = snapshot(master.get());
      return s == null ? List.of() : List.copyOf(new TreeSet<>(pick.apply(s)));
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static List<String> serviceIds(MasterClient client) {
    try {
      return client.services().services().stream().map(app -> app.path("id").asText()).toList();
    } catch (CommandException e) {
      return List.of(); // a master without the service API still completes everything else
    }
  }

  private Snapshot snapshot(URI master) {
    Snapshot s = cached;
    long now = System.nanoTime();
    if (s != null && s.master().equals(master) && now - s.takenAt() < TTL_NANOS) {
      return s;
    }
    try {
      MasterClient client = clients.apply(master);
      ClusterView view = ClusterView.fetch(client);
      List<String> roles = client.query(Call.Type.GET_ROLES).getGetRoles().getRolesList().stream()
          .map(Protos.Role::getName).toList();
      s = new Snapshot(master, now, view, roles, serviceIds(client));
    } catch (RuntimeException e) {
      // Remember the failure too, so a down master costs one attempt per interval, not one per key press.
      s = new Snapshot(master, now, null, List.of(), List.of());
    }
    cached = s;
    return s.view() == null ? null : s;
  }
}
