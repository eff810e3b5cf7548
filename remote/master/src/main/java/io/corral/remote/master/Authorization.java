package io.corral.remote.master;

import io.corral.core.model.FrameworkId;
import io.corral.remote.api.convert.TaskUsers;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;

/**
 * What an authenticated principal may do, by the master's ACLs ({@code corral master --acls},
 * Mesos' format, see {@link Acls}). The operator's token may do everything; without ACLs a
 * principal may only read through the operator API. Runs on the master loop: some decisions need
 * the master's books (whose framework a TEARDOWN names, which user a task runs as).
 */
final class Authorization {
  private Authorization() {}

  /** Operator API calls an ACL can allow to a principal; every other change needs the operator's token. */
  static boolean governed(Call.Type type) {
    return switch (type) {
      case TEARDOWN, DRAIN_AGENT, MARK_AGENT_GONE, DEACTIVATE_AGENT, REACTIVATE_AGENT, UPDATE_WEIGHTS, UPDATE_QUOTA -> true;
      default -> false;
    };
  }

  /** Refuses (403, saying which ACL) an operator call the caller's principal may not make. */
  static void operatorCall(Master master, Call call, Authenticator.Caller caller) {
    Acls acls = master.acls();
    if (caller == null || caller.operator() || acls == null || HttpFront.readOnly(call.getType())) {
      return;
    }
    switch (call.getType()) {
      case TEARDOWN -> {
        FrameworkEntry f = master.framework(FrameworkId.of(call.getTeardown().getFrameworkId().getValue()));
        if (f != null) {
          require(acls, Acls.Action.TEARDOWN_FRAMEWORK, caller, f.wire == null ? null : emptyAsNull(f.wire.getPrincipal()));
        }
      }
      case DRAIN_AGENT -> require(acls, Acls.Action.DRAIN_AGENT, caller, null);
      case MARK_AGENT_GONE -> require(acls, Acls.Action.MARK_AGENT_GONE, caller, null);
      case DEACTIVATE_AGENT -> require(acls, Acls.Action.DEACTIVATE_AGENT, caller, null);
      case REACTIVATE_AGENT -> require(acls, Acls.Action.REACTIVATE_AGENT, caller, null);
      case UPDATE_WEIGHTS -> call.getUpdateWeights().getWeightInfosList()
          .forEach(w -> require(acls, Acls.Action.UPDATE_WEIGHT, caller, w.getRole()));
      case UPDATE_QUOTA -> call.getUpdateQuota().getQuotaConfigsList()
          .forEach(q -> require(acls, Acls.Action.UPDATE_QUOTA, caller, q.getRole()));
      default -> throw ApiException.forbidden(call.getType() + " needs the operator's token");
    }
  }

  /** SUBSCRIBE: the principal must be allowed to register frameworks in every role the framework asks for. */
  static void registerFramework(Master master, List<String> roles, Authenticator.Caller caller) {
    Acls acls = master.acls();
    if (caller == null || caller.operator() || acls == null) {
      return;
    }
    for (String role : roles) {
      require(acls, Acls.Action.REGISTER_FRAMEWORK, caller, role);
    }
  }

  /**
   * What the caller may see of the master's state (view_frameworks, view_tasks, view_roles,
   * get_quotas): everything for the operator's token, an unauthenticated master, or a master
   * without ACLs; otherwise the principal's filtered view. Reads filter; they never refuse.
   */
  static Viewer viewer(Master master, Authenticator.Caller caller) {
    Acls acls = master.acls();
    if (caller == null || caller.operator() || acls == null) {
      return Viewer.EVERYTHING;
    }
    return new Viewer(master, acls, caller.principal());
  }

  /**
   * Refuses (403, saying which ACL) reading the sandbox of a task the caller may not view or whose
   * user's sandboxes it may not access, as Mesos refuses by access_sandboxes.
   */
  static void readSandbox(Master master, TaskEntry task, Authenticator.Caller caller) {
    String refusal = viewer(master, caller).sandboxRefusal(task);
    if (refusal != null) {
      throw ApiException.forbidden(refusal);
    }
  }

  /**
   * ACCEPT: whether the framework's principal may run {@code task} as its user ({@code run_tasks},
   * the user being {@code command.user}, else the framework's {@code user}); the refusal, naming the
   * ACL, or null. Running as {@code root} needs an ACL naming root ({@link Acls#allowsRunAsRoot}).
   * A task that names no user would run as the agent's own user, which the master does not know:
   * with ACLs that is refused too.
   */
  static String runTaskRefusal(Master master, FrameworkEntry f, Protos.TaskInfo task, Authenticator.Caller caller) {
    Acls acls = master.acls();
    if (caller == null || caller.operator() || acls == null) {
      return null;
    }
    String principal = f.wire == null ? caller.principal() : emptyAsNull(f.wire.getPrincipal());
    Optional<String> user = TaskUsers.effective(task, f.wire);
    if (user.isEmpty()) {
      return "run_tasks: the task names no user (command.user and framework_info.user are empty), so it would run as"
          + " the agent's own user; with ACLs, name the user";
    }
    if (user.get().equals(Acls.ROOT)) {
      return acls.allowsRunAsRoot(principal) ? null : acls.explainRunAsRoot(principal);
    }
    return acls.allows(Acls.Action.RUN_TASK, principal, user.get()) ? null
        : acls.explain(Acls.Action.RUN_TASK, principal, user.get());
  }

  private static void require(Acls acls, Acls.Action action, Authenticator.Caller caller, String object) {
    if (!acls.allows(action, caller.principal(), object)) {
      throw ApiException.forbidden(acls.explain(action, caller.principal(), object));
    }
  }

  private static String emptyAsNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
