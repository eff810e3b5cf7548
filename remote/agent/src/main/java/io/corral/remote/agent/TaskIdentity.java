package io.corral.remote.agent;

import io.corral.remote.agent.runtime.TaskUser;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which account a task runs as (Mesos' {@code --switch_user}, on by default): the user the task or
 * its framework names ({@code TaskUsers.effective}), looked up on this host. A task naming no user,
 * or the agent's own, runs as the agent does; another user needs an agent running as root and an
 * account of that name on the host, and the task fails otherwise, saying which. Without switching
 * ({@code --no-switch-user}), or on a platform whose runtime cannot switch (Windows), every task runs
 * as the agent's own user. Docker tasks pass the user to the container instead, where the image's
 * user database decides (see {@link #forContainer}).
 */
final class TaskIdentity {
  /** What a process task runs as. */
  sealed interface Decision {}

  /** As the agent's own user; {@code note} says why when the task named another, else null. */
  record AsAgent(String note) implements Decision {}

  record AsUser(TaskUser user) implements Decision {}

  record Refused(String message) implements Decision {}

  private final boolean switchUser;
  private final boolean platformSwitches;
  private final String agentUser;
  private final boolean agentIsRoot;
  private final String hostname;
  private final Function<String, Optional<TaskUser>> accounts;

  TaskIdentity(boolean switchUser, boolean platformSwitches, String agentUser, boolean agentIsRoot, String hostname,
      Function<String, Optional<TaskUser>> accounts) {
    this.switchUser = switchUser;
    this.platformSwitches = platformSwitches;
    this.agentUser = agentUser;
    this.agentIsRoot = agentIsRoot;
    this.hostname = hostname;
    this.accounts = accounts;
  }

  /** The account of the process task that names {@code user} (empty: none). */
  Decision forProcessTask(Optional<String> user) {
    if (user.isEmpty() || user.get().equals(agentUser)) {
      return new AsAgent(null);
    }
    String name = user.get();
    if (!switchUser) {
      return new AsAgent("as the agent's user '" + agentUser + "', not '" + name
          + "' (the agent runs with --no-switch-user)");
    }
    if (!platformSwitches) {
      return new AsAgent("as the agent's account '" + agentUser + "', not '" + name
          + "' (agents on this platform run every task as their own account)");
    }
    Optional<TaskUser> account;
    try {
      account = accounts.apply(name);
    } catch (IllegalStateException e) {
      return new Refused(e.getMessage() + " on agent host " + hostname);
    }
    if (account.isEmpty()) {
      return new Refused("user '" + name + "' does not exist on agent host " + hostname);
    }
    if (!agentIsRoot) {
      return new Refused("the agent on " + hostname + " runs as '" + agentUser + "' and cannot switch to '" + name
          + "' (only an agent running as root can); start it with --no-switch-user to run every task as '"
          + agentUser + "'");
    }
    return new AsUser(account.get());
  }

  /**
   * The user a Docker task's container runs as ({@code --user}, resolved in the image); empty keeps
   * the image's own (its USER, else root). As for process tasks, the agent's own user means no
   * switch: many images have no {@code /etc/passwd}, and would fail with {@code --user root}.
   */
  Optional<String> forContainer(Optional<String> user) {
    return switchUser ? user.filter(u -> !u.equals(agentUser)) : Optional.empty();
  }

  /** For the agent's first log lines: how tasks' users are treated here. */
  String describe() {
    if (!switchUser) {
      return "--no-switch-user: every task runs as this agent's user '" + agentUser + "', whatever user it names";
    }
    if (!platformSwitches) {
      return "tasks run as this agent's account '" + agentUser + "' (agents on this platform do not switch users);"
          + " Docker tasks run as the user they name";
    }
    if (!agentIsRoot) {
      return "tasks run as the user they name (command.user, else the framework's user); this agent runs as '"
          + agentUser + "', not root, so a task naming another user fails (--no-switch-user runs them all as '"
          + agentUser + "')";
    }
    return "tasks run as the user they name (command.user, else the framework's user), switched to from root";
  }
}
