package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.agent.runtime.LinuxAccounts;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks run as the user they name (switch-user), on a real agent running as root: the process's
 * identity, the sandbox's owner, kill and recovery of a task of another user, an unknown user, and
 * an agent started without switching.
 */
class TaskUserTest {
  private static final int NOBODY_UID = 65534;
  @TempDir Path work;
  MasterServer master;
  AgentDaemon agent;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(LinuxAccounts.effectiveUid() == 0, "switching users needs an agent running as root");
    assumeTrue(LinuxAccounts.lookup("nobody").map(u -> u.uid() == NOBODY_UID).orElse(false),
        "this host has no user nobody with uid " + NOBODY_UID);
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
  }

  private AgentDaemon startAgent(boolean switchUser) throws Exception {
    return AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"), master.bootstrapCredential(),
        "cpus:4;mem:1024", Map.of(), "test-node", Duration.ofMillis(500)).withSwitchUser(switchUser),
        TaskRuntimes.forThisPlatform());
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.drain(Duration.ofSeconds(5));
    }
    if (master != null) {
      master.close();
    }
  }

  private static Protos.TaskInfo as(String user, String id, Protos.Offer offer, String command) {
    Protos.TaskInfo t = TestFramework.task(id, offer, "cpus:0.1;mem:32", command);
    return t.toBuilder().setCommand(t.getCommand().toBuilder().setUser(user)).build();
  }

  private Path sandbox(TestFramework f, String taskId) {
    return work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue())).resolve(taskId);
  }

  private static int uid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static void kill(TestFramework f, String taskId) throws Exception {
    f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))).build());
  }

  @Test
  void aTaskRunsAsItsCommandsUserInASandboxThatUserOwns() throws Exception {
    agent = startAgent(true);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "users", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, as("nobody", "who", offer, "id -un; id -u; echo $HOME; touch made-by-task"));
      Protos.TaskStatus starting = f.awaitUpdate("who", Protos.TaskState.TASK_STARTING);
      assertTrue(starting.getMessage().endsWith(", as user nobody"), starting.getMessage());
      f.awaitUpdate("who", Protos.TaskState.TASK_FINISHED);
      Path sandbox = sandbox(f, "who");
      assertEquals("nobody\n" + NOBODY_UID + "\n/nonexistent\n", Files.readString(sandbox.resolve("stdout")));
      assertEquals(NOBODY_UID, uid(sandbox), "the sandbox is the task user's");
      assertEquals(NOBODY_UID, uid(sandbox.resolve("stdout")));
      assertEquals(NOBODY_UID, uid(sandbox.resolve("made-by-task")), "the task wrote into its sandbox as nobody");
      assertEquals(0, uid(sandbox.resolve(".corral")), "the agent's own records stay the agent's");
    }
  }

  @Test
  void withoutACommandUserTheFrameworksUserIsTaken() throws Exception {
    agent = startAgent(true);
    Protos.FrameworkInfo info = TestFramework.info("nobodys").setUser("nobody").build();
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), info, false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("who", offer, "cpus:0.1;mem:32", "id -un"),
          as(System.getProperty("user.name"), "me", offer, "id -un"));
      f.awaitUpdate("who", Protos.TaskState.TASK_FINISHED);
      f.awaitUpdate("me", Protos.TaskState.TASK_FINISHED);
      assertEquals("nobody\n", Files.readString(sandbox(f, "who").resolve("stdout")));
      assertEquals(System.getProperty("user.name") + "\n", Files.readString(sandbox(f, "me").resolve("stdout")),
          "command.user wins over the framework's");
    }
  }

  @Test
  void aTaskOfAnotherUserIsKilledAndRecoveredAcrossAnAgentRestart() throws Exception {
    agent = startAgent(true);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "users", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, as("nobody", "first", offer, "echo $$ > pid; exec sleep 1000"),
          as("nobody", "second", offer, "echo $$ > pid; exec sleep 1000"));
      f.awaitUpdate("first", Protos.TaskState.TASK_RUNNING);
      f.awaitUpdate("second", Protos.TaskState.TASK_RUNNING);
      ProcessHandle first = taskProcess(sandbox(f, "first"));
      ProcessHandle second = taskProcess(sandbox(f, "second"));
      assertEquals(NOBODY_UID, uid(Path.of("/proc/" + first.pid())), "the task's process is nobody's");

      kill(f, "first");
      f.awaitUpdate("first", Protos.TaskState.TASK_KILLED);
      Await.until("the killed task's process is gone", Duration.ofSeconds(10), () -> Await.gone(first));

      agent.close();
      agent = startAgent(true);
      assertTrue(agent.tasks().containsKey("second"), "the restarted agent found the task again");
      assertFalse(Await.gone(second), "the task outlived the agent");
      kill(f, "second");
      f.awaitUpdate("second", Protos.TaskState.TASK_KILLED);
      Await.until("the recovered task's process is gone", Duration.ofSeconds(10), () -> Await.gone(second));
    }
  }

  /** The task's shell, which wrote its pid into the sandbox before it became {@code sleep}. */
  private static ProcessHandle taskProcess(Path sandbox) throws Exception {
    Path pid = sandbox.resolve("pid");
    Await.until("the task wrote its pid", Duration.ofSeconds(10),
        () -> Files.exists(pid) && !readQuietly(pid).isBlank() && readQuietly(pid).endsWith("\n"));
    long n = Long.parseLong(readQuietly(pid).trim());
    return ProcessHandle.of(n).orElseThrow(() -> new AssertionError("the task's process " + n + " is not running"));
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void theAgentDoesNotWriteThroughALinkATaskPutInPlaceOfItsRecords() throws Exception {
    agent = startAgent(true);
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "users", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      // Ignores SIGTERM, so the kill ends in SIGKILL and the agent records the status itself.
      f.launch(offer, as("nobody", "sly", offer, "mv .corral stolen && ln -s '" + elsewhere + "' .corral"
          + " && trap '' TERM && touch ready && while :; do sleep 1; done"));
      f.awaitUpdate("sly", Protos.TaskState.TASK_RUNNING);
      Path sandbox = sandbox(f, "sly");
      Await.until("the task replaced .corral", Duration.ofSeconds(10), () -> Files.exists(sandbox.resolve("ready")));
      assertTrue(Files.isSymbolicLink(sandbox.resolve(".corral")));
      kill(f, "sly");
      Protos.TaskStatus killed = f.awaitUpdate("sly", Protos.TaskState.TASK_KILLED);
      assertEquals("killed by signal 9 (SIGKILL)", killed.getMessage());
      Await.until("the end was acknowledged", Duration.ofSeconds(10), () -> !agent.tasks().containsKey("sly"));
      try (var left = Files.list(elsewhere)) {
        assertEquals(java.util.List.of(), left.toList(), "nothing written through the task's link");
      }
      assertTrue(Files.exists(sandbox.resolve("stolen").resolve("task.properties")), "the real records, renamed");
    }
  }

  @Test
  void aUserTheHostDoesNotHaveFailsTheTaskNamingTheUser() throws Exception {
    agent = startAgent(true);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "users", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, as("no-such-user-7f3a", "ghost", offer, "touch ran"));
      Protos.TaskStatus failed = f.awaitUpdate("ghost", Protos.TaskState.TASK_FAILED);
      assertEquals("could not launch: user 'no-such-user-7f3a' does not exist on agent host test-node",
          failed.getMessage());
      assertEquals(Protos.TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, failed.getReason());
      assertFalse(Files.exists(sandbox(f, "ghost").resolve("ran")), "nothing ran");
    }
  }

  @Test
  void anAgentWithoutSwitchUserRunsTasksAsItsOwnUser() throws Exception {
    agent = startAgent(false);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "users", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, as("nobody", "who", offer, "id -un"));
      Protos.TaskStatus starting = f.awaitUpdate("who", Protos.TaskState.TASK_STARTING);
      assertTrue(starting.getMessage().contains("not 'nobody' (the agent runs with --no-switch-user)"),
          starting.getMessage());
      f.awaitUpdate("who", Protos.TaskState.TASK_FINISHED);
      Path sandbox = sandbox(f, "who");
      assertEquals(System.getProperty("user.name") + "\n", Files.readString(sandbox.resolve("stdout")));
      assertEquals(0, uid(sandbox), "the sandbox stays the agent's");
    }
  }
}
