package io.corral.shell.client;

import io.corral.core.resources.Resources;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * One GET_STATE of a master, indexed for commands: agents (registered and unreachable), frameworks
 * and tasks by id, and the lookups that turn what a person typed into one of them.
 */
public final class ClusterView {
  /** An agent with the state the operator API implies (ACTIVE, DRAINING, DEACTIVATED, UNREACHABLE). */
  public record Agent(String id, String hostname, String state, Protos.AgentInfo info,
      Response.GetAgents.Agent registered) {
    public Resources total() {
      return ResourceConversion.fromMesos(info.getResourcesList());
    }

    public Resources used() {
      return registered == null ? Resources.EMPTY : ResourceConversion.fromMesos(registered.getAllocatedResourcesList());
    }

    public Resources offered() {
      return registered == null ? Resources.EMPTY : ResourceConversion.fromMesos(registered.getOfferedResourcesList());
    }

    public String attribute(String name) {
      return info.getAttributesList().stream().filter(a -> a.getName().equals(name)).findFirst()
          .map(ClusterView::attributeText).orElse(null);
    }
  }

  private final Response.GetState state;
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, Response.GetFrameworks.Framework> frameworks = new LinkedHashMap<>();
  private final List<Protos.Task> liveTasks = new ArrayList<>();
  private final List<Protos.Task> allTasks = new ArrayList<>();

  public ClusterView(Response.GetState state) {
    this.state = state;
    for (Response.GetAgents.Agent a : state.getGetAgents().getAgentsList()) {
      // Not active and not deactivated by an operator: its connection to the master is gone (it
      // died, restarted, or the master restarted and it has not registered again yet).
      String s = a.hasDrainInfo() ? "DRAINING" : a.getDeactivated() ? "DEACTIVATED" : a.getActive() ? "ACTIVE"
          : "DISCONNECTED";
      agents.put(a.getAgentInfo().getId().getValue(),
          new Agent(a.getAgentInfo().getId().getValue(), a.getAgentInfo().getHostname(), s, a.getAgentInfo(), a));
    }
    for (Protos.AgentInfo a : state.getGetAgents().getRecoveredAgentsList()) {
      agents.put(a.getId().getValue(), new Agent(a.getId().getValue(), a.getHostname(), "UNREACHABLE", a, null));
    }
    state.getGetFrameworks().getFrameworksList().forEach(f -> frameworks.put(f.getFrameworkInfo().getId().getValue(), f));
    liveTasks.addAll(state.getGetTasks().getTasksList());
    liveTasks.addAll(state.getGetTasks().getUnreachableTasksList());
    allTasks.addAll(liveTasks);
    allTasks.addAll(state.getGetTasks().getCompletedTasksList());
  }

  public static ClusterView fetch(MasterClient client) {
    return new ClusterView(client.query(Call.Type.GET_STATE).getGetState());
  }

  public Response.GetState state() {
    return state;
  }

  public List<Agent> agents() {
    return List.copyOf(agents.values());
  }

  public Optional<Agent> agent(String id) {
    return Optional.ofNullable(agents.get(id));
  }

  public String hostname(Protos.AgentID id) {
    Agent a = agents.get(id.getValue());
    return a == null ? id.getValue() : a.hostname();
  }

  public List<Response.GetFrameworks.Framework> frameworks() {
    return List.copyOf(frameworks.values());
  }

  public Optional<Response.GetFrameworks.Framework> framework(String id) {
    return Optional.ofNullable(frameworks.get(id));
  }

  public String frameworkName(Protos.FrameworkID id) {
    Response.GetFrameworks.Framework f = frameworks.get(id.getValue());
    return f == null ? id.getValue() : f.getFrameworkInfo().getName();
  }

  /** Tasks not ended (unreachable ones included). */
  public List<Protos.Task> liveTasks() {
    return List.copyOf(liveTasks);
  }

  /** Live and completed tasks. */
  public List<Protos.Task> allTasks() {
    return List.copyOf(allTasks);
  }

  public Agent resolveAgent(String query) {
    return IdMatcher.resolve("agent", query, agents.values(), Agent::id, a -> List.of(a.hostname()));
  }

  public Response.GetFrameworks.Framework resolveFramework(String query) {
    return IdMatcher.resolve("framework", query, frameworks.values(), f -> f.getFrameworkInfo().getId().getValue(),
        f -> List.of(f.getFrameworkInfo().getName()));
  }

  /** A task by id, unique prefix or suffix, or unique name; live tasks win over ended ones of the same name. */
  public Protos.Task resolveTask(String query) {
    try {
      return IdMatcher.resolve("task", query, liveTasks, t -> t.getTaskId().getValue(), t -> List.of(t.getName()));
    } catch (CommandException e) {
      return IdMatcher.resolve("task", query, allTasks, t -> t.getTaskId().getValue(), t -> List.of(t.getName()));
    }
  }

  static String attributeText(Protos.Attribute a) {
    return switch (a.getType()) {
      case SCALAR -> Resources.formatMillis(Math.round(a.getScalar().getValue() * 1000));
      case TEXT -> a.getText().getValue();
      case SET -> String.join(",", a.getSet().getItemList());
      case RANGES -> a.getRanges().getRangeList().stream().map(r -> r.getBegin() + "-" + r.getEnd())
          .reduce((x, y) -> x + "," + y).orElse("");
    };
  }
}
