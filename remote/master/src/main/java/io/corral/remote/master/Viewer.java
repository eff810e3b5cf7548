package io.corral.remote.master;

import io.corral.core.model.TaskId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * What one reader of the master's state may see, by the view ACLs: frameworks by their user
 * ({@code view_frameworks}), tasks by the user they run as ({@code view_tasks}, and their
 * framework must be viewable too), roles ({@code view_roles}) and quotas ({@code get_quotas}).
 * Reads are filtered, never refused, as Mesos' master filters them: what a principal may not see
 * is simply not there. Agents stay visible; only their reservations for roles the reader may not
 * view are left out.
 *
 * <p>{@link #EVERYTHING} is the operator's token, an unauthenticated master and a master without
 * ACLs: every check answers at once, so views cost what they did before ACLs. Otherwise decisions
 * are kept per action and object (a state of thousands of tasks asks the ACLs once per user).
 * Used on the master loop only: tasks' users come from the master's books, and the kept decisions
 * are not guarded.
 */
final class Viewer {
  /** Sees everything: the operator, and every reader of a master without ACLs. */
  static final Viewer EVERYTHING = new Viewer(null, null, null);

  private final Master master;
  private final Acls acls;
  private final String principal;
  private final Map<Acls.Action, Map<String, Boolean>> decided = new EnumMap<>(Acls.Action.class);

  /** A principal's view of {@code master} by {@code acls} (not null). */
  Viewer(Master master, Acls acls, String principal) {
    this.master = master;
    this.acls = acls;
    this.principal = principal;
  }

  boolean seesEverything() {
    return acls == null;
  }

  /** view_frameworks, on the framework's user. */
  boolean sees(FrameworkEntry f) {
    return acls == null || allows(Acls.Action.VIEW_FRAMEWORK, f.wire == null ? null : f.wire.getUser());
  }

  /**
   * view_tasks on the user the task runs as, and view_frameworks on its framework's user, as
   * Mesos asks both. A task whose framework was removed is judged by its own user; when neither
   * the task nor a framework names one, only ACLs for ANY user decide (Mesos' "no particular object").
   */
  boolean sees(TaskEntry t) {
    if (acls == null) {
      return true;
    }
    FrameworkEntry f = master.framework(t.task.frameworkId());
    return (f == null || sees(f)) && allows(Acls.Action.VIEW_TASK, user(t, f));
  }

  /** view_roles: the role itself, its weight, its place in role lists. */
  boolean seesRole(String role) {
    return acls == null || allows(Acls.Action.VIEW_ROLE, role);
  }

  /** get_quotas: the role's quota. */
  boolean seesQuota(String role) {
    return acls == null || allows(Acls.Action.GET_QUOTA, role);
  }

  /**
   * Why the reader may not read {@code t}'s sandbox (view_tasks and access_sandboxes on the task's
   * user, view_frameworks on its framework's), naming the ACL that decided; null when it may.
   */
  String sandboxRefusal(TaskEntry t) {
    if (acls == null) {
      return null;
    }
    FrameworkEntry f = master.framework(t.task.frameworkId());
    if (f != null && !sees(f)) {
      return acls.explain(Acls.Action.VIEW_FRAMEWORK, principal, f.wire == null ? null : f.wire.getUser());
    }
    String user = user(t, f);
    for (Acls.Action action : List.of(Acls.Action.VIEW_TASK, Acls.Action.ACCESS_SANDBOX)) {
      if (!allows(action, user)) {
        return acls.explain(action, principal, user);
      }
    }
    return null;
  }

  /**
   * The user a task runs as, as Mesos' authorizer takes it: its command's user, else its
   * executor's, else its framework's; null if none says (the framework was removed).
   */
  static String user(TaskEntry t, FrameworkEntry f) {
    Protos.TaskInfo info = t.info;
    if (info.hasCommand() && info.getCommand().hasUser()) {
      return info.getCommand().getUser();
    }
    if (info.hasExecutor() && info.getExecutor().getCommand().hasUser()) {
      return info.getExecutor().getCommand().getUser();
    }
    return f == null || f.wire == null ? null : f.wire.getUser();
  }

  /** The resources without reservations for roles the reader may not view (unreserved ones stay). */
  List<Protos.Resource> resources(List<Protos.Resource> resources) {
    if (acls == null) {
      return resources;
    }
    List<Protos.Resource> out = new ArrayList<>(resources.size());
    for (Protos.Resource r : resources) {
      String role = reservedFor(r);
      if (role == null || seesRole(role)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The role a resource is reserved for (the last of refined reservations), or null when unreserved. */
  static String reservedFor(Protos.Resource r) {
    if (r.getReservationsCount() > 0) {
      return r.getReservations(r.getReservationsCount() - 1).getRole();
    }
    return r.hasRole() && !r.getRole().isEmpty() && !r.getRole().equals("*") ? r.getRole() : null;
  }

  /** An agent as the reader may see it: its reservations for roles it may not view left out. */
  Response.GetAgents.Agent agent(Response.GetAgents.Agent a) {
    if (acls == null) {
      return a;
    }
    return a.toBuilder()
        .setAgentInfo(agentInfo(a.getAgentInfo()))
        .clearTotalResources().addAllTotalResources(resources(a.getTotalResourcesList()))
        .clearAllocatedResources().addAllAllocatedResources(resources(a.getAllocatedResourcesList()))
        .clearOfferedResources().addAllOfferedResources(resources(a.getOfferedResourcesList()))
        .build();
  }

  Protos.AgentInfo agentInfo(Protos.AgentInfo info) {
    return acls == null ? info : info.toBuilder().clearResources().addAllResources(resources(info.getResourcesList())).build();
  }

  /**
   * An operator event as the reader may see it, or null when it may not see it at all. Runs when
   * the event is made, on the loop, so the task it names is still in the master's books. An event
   * type not known here is withheld: a new kind must be taught here before principals see it.
   */
  Event filter(Event event) {
    if (acls == null) {
      return event;
    }
    return switch (event.getType()) {
      case TASK_ADDED -> seesTask(event.getTaskAdded().getTask().getTaskId()) ? event : null;
      case TASK_UPDATED -> seesTask(event.getTaskUpdated().getStatus().getTaskId()) ? event : null;
      case FRAMEWORK_ADDED -> seesUser(event.getFrameworkAdded().getFramework().getFrameworkInfo()) ? event : null;
      case FRAMEWORK_UPDATED -> seesUser(event.getFrameworkUpdated().getFramework().getFrameworkInfo()) ? event : null;
      case FRAMEWORK_REMOVED -> seesUser(event.getFrameworkRemoved().getFrameworkInfo()) ? event : null;
      case AGENT_ADDED -> event.toBuilder().setAgentAdded(Event.AgentAdded.newBuilder()
          .setAgent(agent(event.getAgentAdded().getAgent()))).build();
      case AGENT_REMOVED, HEARTBEAT -> event;
      default -> null;
    };
  }

  private boolean seesTask(Protos.TaskID id) {
    TaskEntry t = master.task(TaskId.of(id.getValue()));
    return t != null && sees(t);
  }

  private boolean seesUser(Protos.FrameworkInfo info) {
    return allows(Acls.Action.VIEW_FRAMEWORK, info.getUser());
  }

  private boolean allows(Acls.Action action, String object) {
    return decided.computeIfAbsent(action, a -> new HashMap<>())
        .computeIfAbsent(object, o -> acls.allows(action, principal, o));
  }
}
