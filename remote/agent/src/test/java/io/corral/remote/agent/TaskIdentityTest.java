package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corral.remote.agent.runtime.TaskUser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which account a task runs as, decided without running anything: every case and its message. */
class TaskIdentityTest {
  private static final TaskUser ALICE = new TaskUser("alice", 1001, 1001, Path.of("/home/alice"));
  private static final Map<String, TaskUser> HOST = Map.of("alice", ALICE);

  private static TaskIdentity identity(boolean switchUser, boolean platformSwitches, String agentUser, boolean root) {
    return new TaskIdentity(switchUser, platformSwitches, agentUser, root, "node-1",
        name -> Optional.ofNullable(HOST.get(name)));
  }

  @Test
  void aRootAgentSwitchesToAUserTheHostHas() {
    TaskIdentity root = identity(true, true, "root", true);
    assertEquals(new TaskIdentity.AsUser(ALICE), root.forProcessTask(Optional.of("alice")));
    assertEquals(new TaskIdentity.AsAgent(null), root.forProcessTask(Optional.of("root")), "its own user: no switch");
    assertEquals(new TaskIdentity.AsAgent(null), root.forProcessTask(Optional.empty()), "no user named: no switch");
    assertEquals(new TaskIdentity.Refused("user 'bob' does not exist on agent host node-1"),
        root.forProcessTask(Optional.of("bob")));
  }

  @Test
  void anAgentThatIsNotRootCannotSwitchAndSaysWhatToDo() {
    TaskIdentity carol = identity(true, true, "carol", false);
    assertEquals(new TaskIdentity.Refused("the agent on node-1 runs as 'carol' and cannot switch to 'alice' (only an"
        + " agent running as root can); start it with --no-switch-user to run every task as 'carol'"),
        carol.forProcessTask(Optional.of("alice")));
    assertEquals(new TaskIdentity.AsAgent(null), carol.forProcessTask(Optional.of("carol")));
    assertEquals(new TaskIdentity.Refused("user 'bob' does not exist on agent host node-1"),
        carol.forProcessTask(Optional.of("bob")), "an unknown user is named as such first");
  }

  @Test
  void withoutSwitchingOrOnWindowsEveryTaskRunsAsTheAgentAndSaysSo() {
    TaskIdentity off = identity(false, true, "root", true);
    assertEquals(new TaskIdentity.AsAgent("as the agent's user 'root', not 'alice' (the agent runs with --no-switch-user)"),
        off.forProcessTask(Optional.of("alice")));
    assertEquals(Optional.empty(), off.forContainer(Optional.of("alice")));
    TaskIdentity windows = identity(true, false, "svc", false);
    assertEquals(new TaskIdentity.AsAgent("as the agent's account 'svc', not 'alice' (agents on this platform run every"
        + " task as their own account)"), windows.forProcessTask(Optional.of("alice")));
    assertEquals(Optional.of("alice"), windows.forContainer(Optional.of("alice")), "containers still get the user");
  }

  @Test
  void aContainerGetsTheTasksUserUnlessItIsTheAgentsOwn() {
    TaskIdentity root = identity(true, true, "root", true);
    assertEquals(Optional.of("nobody"), root.forContainer(Optional.of("nobody")), "the image decides, not the host");
    assertEquals(Optional.empty(), root.forContainer(Optional.of("root")));
    assertEquals(Optional.empty(), root.forContainer(Optional.empty()));
  }
}
