package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static io.corral.shell.ShellRun.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import io.corral.shell.client.ClusterView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run, tasks, kill, explain, offers and frameworks: the shell as a framework on a real master with two real agents. */
class TaskCommandsTest {
  @TempDir static Path dir;
  static TestCluster cluster;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.twoRacks(dir);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static String onlyId(ShellRun r) {
    assertEquals(1, r.outLines().size(), r::toString);
    return r.outLines().get(0);
  }

  static Protos.Task task(String id) {
    return cluster.view().allTasks().stream().filter(t -> t.getTaskId().getValue().equals(id)).findFirst().orElseThrow();
  }

  static String hostOf(String taskId) {
    ClusterView view = cluster.view();
    return view.hostname(task(taskId).getAgentId());
  }

  @Test
  void runWaitPrintsOnlyTheTaskIdOnStdoutAndExits0WhenFinished() throws Exception {
    ShellRun r = ok("run", "--name", "hello", "--wait", "--", "echo", "hi there");
    String id = onlyId(r);
    assertTrue(id.matches("hello-[0-9a-f]{8}"), id);
    assertTrue(r.err().contains(id + ": FINISHED"), r::toString);

    ShellRun all = ok("tasks", "--all");
    assertTrue(all.out().lines().anyMatch(l -> l.startsWith(id) && l.matches(".*hello\\s+FINISHED\\s+node-[ab]\\s+corral-shell\\s+0.1\\s+32.*")),
        all::toString);
    JsonNode shown = JSON.readTree(ok("task", "show", id, "-o", "json").out());
    assertEquals("TASK_FINISHED", shown.path("state").asText(), shown::toString);
    assertEquals(id, shown.path("task_id").path("value").asText());
    ShellRun text = ok("tasks", "show", "hello");
    assertTrue(text.out().contains("state:       FINISHED"), text::toString);

    Path idFile;
    try (var files = Files.list(cluster.home.resolve("shell"))) {
      idFile = files.filter(p -> p.toString().endsWith(".framework-id")).findFirst().orElseThrow();
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(idFile)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.home)));
    assertEquals(Files.readString(idFile).strip(), task(id).getFrameworkId().getValue());
  }

  @Test
  void runAsAnotherUserWithUserOrTheSpecFilesUser() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.corral.remote.agent.runtime.LinuxAccounts.effectiveUid() == 0,
        "the in-process agents switch users only as root");
    String mine = onlyId(ok("run", "--wait", "--", "id -un"));
    assertEquals(System.getProperty("user.name") + "\n", ok("logs", mine).out(), "by default the operator's user");
    String id = onlyId(ok("run", "--user", "nobody", "--wait", "--", "id -un"));
    assertEquals("nobody\n", ok("logs", id).out());
    Path spec = java.nio.file.Files.writeString(dir.resolve("as-nobody.yaml"), "user: nobody\ncommand: id -u\n");
    String fromFile = onlyId(ok("run", "-f", spec.toString(), "--wait"));
    assertEquals("65534\n", ok("logs", fromFile).out());
    ShellRun ghost = corral("run", "--user", "no-such-user-7f3a", "--wait", "--", "true");
    assertEquals(ExitCodes.FAILED, ghost.exitCode(), ghost::toString);
    assertTrue(ghost.err().contains("user 'no-such-user-7f3a' does not exist on agent host node-"), ghost::toString);
  }

  @Test
  void aFailingCommandWithWaitExits1() {
    ShellRun r = corral("run", "--wait", "--", "exit 3");
    assertEquals(ExitCodes.FAILED, r.exitCode(), r::toString);
    String id = onlyId(r);
    assertTrue(r.err().contains("error: task " + id + " ended FAILED"), r::toString);
  }

  @Test
  void runWithoutWaitLeavesNoUnacknowledgedEndOnTheAgents() {
    // The shell's framework is gone when the task ends; the master acknowledges its updates itself,
    // so the agents do not keep the end (and resend it at every restart) until the shell returns.
    String id = onlyId(ok("run", "--name", "fire-and-forget", "--", "sleep 0.2"));
    TestCluster.await(() -> task(id).getState() == Protos.TaskState.TASK_FINISHED, "the task finished");
    String framework = task(id).getFrameworkId().getValue();
    java.util.List<Path> done = java.util.List.of("node-a", "node-b").stream().map(n -> dir.resolve(n)
        .resolve("sandboxes").resolve(framework).resolve(id).resolve(".corral").resolve("done")).toList();
    TestCluster.await(() -> done.stream().anyMatch(java.nio.file.Files::exists),
        "the agent marked the task's end acknowledged (.corral/done), so it never resends it");
  }

  @Test
  void runThenKillFromALaterCommandAsTheSameFramework() throws Exception {
    String id = onlyId(ok("run", "--name", "sleeper", "--", "sleep 30"));
    assertEquals(Protos.TaskState.TASK_RUNNING, task(id).getState());
    JsonNode live = JSON.readTree(ok("tasks", "-o", "json").out());
    assertTrue(live.path("tasks").findValuesAsText("value").contains(id), live::toString);
    ShellRun running = ok("tasks", "--state", "running");
    assertTrue(running.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("RUNNING")), running::toString);

    ShellRun kill = ok("kill", id.substring(0, id.length() - 2));
    assertEquals(id + " KILLED", kill.out().strip(), kill::toString);
    ShellRun killed = ok("tasks", "--state", "killed", "-o", "json");
    assertTrue(killed.out().contains(id), killed::toString);
    ShellRun again = corral("kill", id);
    assertEquals(ExitCodes.FAILED, again.exitCode(), again::toString);
    assertEquals("error: task " + id + " has already ended (KILLED); nothing to kill", again.err().strip(), again::toString);
  }

  @Test
  void constraintsAndOsChooseTheAgent() {
    String id = onlyId(ok("run", "--constraint", "rack=r2", "--os", "linux", "--wait", "--", "true"));
    assertEquals("node-b", hostOf(id));
    ShellRun three = ok("run", "--name", "many", "--instances", "3", "--constraint", "rack!=r2", "--wait", "--", "true");
    assertEquals(3, three.outLines().size(), three::toString);
    three.outLines().forEach(t -> assertEquals("node-a", hostOf(t)));
    assertEquals(List.of("many-1", "many-2", "many-3"), three.outLines().stream().map(t -> task(t).getName()).sorted().toList());
  }

  @Test
  void aTaskNoAgentCouldEverHoldIsRefusedAtOnceAndExplainExitsOne() throws Exception {
    long start = System.nanoTime();
    ShellRun r = corral("run", "--name", "huge", "--mem", "4GiB", "--constraint", "rack=r1", "--timeout", "30", "--", "true");
    assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(10), "refused without waiting");
    assertEquals(ExitCodes.FAILED, r.exitCode(), r::toString);
    assertEquals("", r.out());
    assertTrue(r.err().contains("error: no agent could ever hold cpus:0.1;mem:4096 with rack=r1"), r::toString);
    assertTrue(r.err().contains("0 of 2 agents can take this task"), r::toString);
    assertTrue(r.err().contains("rack=r1: 1 agent"), r::toString);

    ShellRun explain = corral("explain", "--mem", "4096", "--constraint", "rack=r1");
    assertEquals(ExitCodes.FAILED, explain.exitCode(), explain::toString);
    assertTrue(explain.out().startsWith("the task (cpus:0.1;mem:4096, rack=r1): 0 of 2 agents can take this task"),
        explain::toString);
    assertTrue(explain.out().contains("  mem: 2 agents have < 4096 MB free"), explain::toString);

    ShellRun json = corral("explain", "--cpus", "3", "-o", "json");
    assertEquals(ExitCodes.FAILED, json.exitCode(), json::toString);
    JsonNode whatIf = JSON.readTree(json.out());
    assertEquals("the task", whatIf.path("task").asText(), whatIf::toString);
    assertEquals(false, whatIf.path("placeable").asBoolean(), whatIf::toString);
    assertEquals("cpus", whatIf.path("reasons").path(0).path("key").asText(), whatIf::toString);
    assertEquals(2, whatIf.path("reasons").path(0).path("agents").asInt(), whatIf::toString);
    ShellRun fits = ok("explain", "--cpus", "1", "--constraint", "rack=r2");
    assertTrue(fits.out().contains("1 of 2 agents can take this task"), fits::toString);
    assertTrue(fits.out().contains("fits: node-b"), fits::toString);

    ShellRun unknown = corral("explain", "nosuch-task");
    assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), unknown::toString);
  }

  @Test
  void sizesTakeUnitsAndBadNumbersAreSaidInWords() {
    ShellRun words = corral("run", "--cpus", "abc", "--", "true");
    assertEquals(ExitCodes.USAGE, words.exitCode(), words::toString);
    assertTrue(words.err().startsWith("error: --cpus: 'abc' is not a number\n"), words::toString);
    ShellRun negative = corral("run", "--cpus", "-1", "--", "true");
    assertTrue(negative.err().startsWith("error: --cpus must be more than 0, not -1\n"), negative::toString);
    ShellRun unit = corral("explain", "--mem", "512MB", "-o", "json");
    assertTrue(unit.out().contains("\"task\""), unit::toString);
    ShellRun tooBig = corral("explain", "--mem", "1G");
    assertTrue(tooBig.out().startsWith("the task (cpus:0.1;mem:1024): 0 of 2 agents"), tooBig::toString);
    ShellRun badUnit = corral("run", "--mem", "1 parsec", "--", "true");
    assertTrue(badUnit.err().startsWith("error: --mem: '1 parsec': unknown unit 'parsec'"), badUnit::toString);
  }

  @Test
  void explainOfAPlacedTaskSaysWhere() {
    String id = onlyId(ok("run", "--name", "placed", "--constraint", "rack=r1", "--wait", "--", "true"));
    ShellRun r = ok("explain", id);
    assertTrue(r.out().startsWith(id + " is placed: FINISHED on node-a"), r::toString);
  }

  @Test
  void offersShowWhatTheShellIsOffered() throws Exception {
    JsonNode offers = JSON.readTree(ok("offers", "-o", "json").out());
    assertTrue(offers.isArray() && offers.size() >= 1, offers::toString);
    assertTrue(offers.path(0).path("hostname").asText().startsWith("node-"), offers::toString);
    ShellRun table = ok("offers");
    assertTrue(table.outLines().get(0).matches("OFFER\\s+AGENT\\s+CPUS\\s+MEM\\s+DISK\\s+PORTS"), table::toString);
    assertTrue(table.outLines().get(1).matches("offer-\\S+\\s+node-[ab]\\s+.*"), table::toString);
    // The offers just shown went back; the next command (as the same framework) gets them again at once.
    String id = onlyId(ok("run", "--constraint", "rack=r2", "--timeout", "5", "--wait", "--", "true"));
    assertEquals("node-b", hostOf(id));
  }

  @Test
  void anotherFrameworksTaskIsNotKilledButItsFrameworkCanBeTornDown() throws Exception {
    ShellSession mine = ShellSession.current();
    String other;
    ShellSession.install(new ShellSession(Map.of("CORRAL_MASTER", cluster.master.url(),
        "CORRAL_HOME", dir.resolve("other-home").toString())));
    try {
      other = onlyId(ok("run", "--name", "theirs", "--", "sleep 30"));
    } finally {
      ShellSession.install(mine);
    }
    String framework = task(other).getFrameworkId().getValue();
    ShellRun kill = corral("kill", other);
    assertEquals(ExitCodes.FAILED, kill.exitCode(), kill::toString);
    assertEquals("error: task " + other + " belongs to framework " + framework + " (corral-shell), not to the shell; "
        + "the Mesos operator API has no kill: 'corral framework teardown " + framework + "' ends all of that framework's tasks",
        kill.err().strip());

    ShellRun frameworks = ok("frameworks");
    assertTrue(frameworks.out().lines().anyMatch(l -> l.startsWith(framework) && l.contains("corral-shell")), frameworks::toString);
    JsonNode json = JSON.readTree(ok("frameworks", "-o", "json").out());
    assertTrue(json.path("frameworks").findValuesAsText("value").contains(framework), json::toString);

    ShellRun teardown = ok("framework", "teardown", framework);
    assertEquals("framework " + framework + " (corral-shell) is torn down", teardown.out().strip());
    TestCluster.await(() -> task(other).getState() == Protos.TaskState.TASK_KILLED, "the torn-down framework's task killed");
  }

  @Test
  void taskYamlRunsAndItsMistakesNameFileLineAndColumn() throws Exception {
    Path good = dir.resolve("task.yaml");
    Files.writeString(good, "name: from-yaml\ncpus: 0.2\nmem: 48\nenv:\n  MODE: prod\nconstraints: [rack=r2]\n"
        + "command: test \"$MODE\" = prod\n");
    String id = onlyId(ok("run", "-f", good.toString(), "--wait"));
    assertTrue(id.startsWith("from-yaml-"), id);
    assertEquals("node-b", hostOf(id));

    Path unknown = dir.resolve("unknown.yaml");
    Files.writeString(unknown, "name: x\ncpus: 1\n  \ncpu: 2\ncommand: true\n");
    ShellRun u = corral("run", "-f", unknown.toString());
    assertEquals(ExitCodes.USAGE, u.exitCode(), u::toString);
    assertTrue(u.err().startsWith("error: " + unknown + ":4:1: unknown field 'cpu' (known: name, cpus,"), u::toString);

    Path type = dir.resolve("type.yaml");
    Files.writeString(type, "name: x\ncpus: lots\ncommand: true\n");
    ShellRun t = corral("run", "-f", type.toString());
    assertEquals(ExitCodes.USAGE, t.exitCode(), t::toString);
    assertTrue(t.err().startsWith("error: " + type + ":2:7: cpus: expected a number"), t::toString);

    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "name: x\ncommand: [true\ncpus: 1\n");
    ShellRun b = corral("run", "-f", broken.toString());
    assertEquals(ExitCodes.USAGE, b.exitCode(), b::toString);
    assertTrue(b.err().matches("(?s)error: " + java.util.regex.Pattern.quote(broken.toString()) + ":\\d+:\\d+: .*"), b::toString);

    ShellRun missing = corral("run", "-f", dir.resolve("nope.yaml").toString());
    assertEquals(ExitCodes.USAGE, missing.exitCode(), missing::toString);
  }

  @Test
  void logsPrintTailFollowAndMergeTasksByName() {
    String id = onlyId(ok("run", "--name", "printer", "--wait", "--", "for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2"));
    assertEquals("line 1\nline 2\nline 3\nline 4\nline 5\n", ok("logs", id).out());
    assertEquals("line 4\nline 5\n", ok("logs", "printer", "--tail", "2").out());
    assertEquals("oops\n", ok("logs", id, "--stderr").out());

    ShellRun two = ok("run", "--name", "multi", "--instances", "2", "--wait", "--", "echo hello; echo bye");
    assertEquals(2, two.outLines().size(), two::toString);
    List<String> merged = ok("logs", "--name", "multi-*").outLines().stream().sorted().toList();
    assertEquals(List.of("[multi-1] bye", "[multi-1] hello", "[multi-2] bye", "[multi-2] hello"), merged);

    String slow = onlyId(ok("run", "--name", "slow", "--", "echo first; sleep 1; echo second"));
    ShellRun followed = ok("logs", "-f", slow);
    assertEquals("first\nsecond\n", followed.out(), "-f reads until the task ended and its file is read to the end");

    ShellRun unknown = corral("logs", "no-such-task");
    assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), unknown::toString);
    ShellRun noPattern = corral("logs", "--name", "zzz*");
    assertEquals(ExitCodes.NOT_FOUND, noPattern.exitCode(), noPattern::toString);
    ShellRun both = corral("logs", id, "--name", "x");
    assertEquals(ExitCodes.USAGE, both.exitCode(), both::toString);
  }

  @Test
  void badRunOptionsAreUsageErrors() {
    ShellRun none = corral("run", "--cpus", "1");
    assertEquals(ExitCodes.USAGE, none.exitCode(), none::toString);
    assertTrue(none.err().startsWith("error: no command"), none::toString);
    ShellRun cpus = corral("run", "--cpus", "0", "--", "true");
    assertEquals(ExitCodes.USAGE, cpus.exitCode(), cpus::toString);
    assertEquals("error: --cpus must be more than 0, not 0", cpus.err().strip());
    ShellRun constraint = corral("run", "--constraint", "rack", "--", "true");
    assertEquals(ExitCodes.USAGE, constraint.exitCode(), constraint::toString);
    assertTrue(constraint.err().startsWith("error: invalid constraint 'rack'"), constraint::toString);
    ShellRun os = corral("run", "--os", "plan9", "--", "true");
    assertEquals(ExitCodes.USAGE, os.exitCode(), os::toString);
    ShellRun env = corral("run", "--env", "NOEQUALS", "--", "true");
    assertEquals(ExitCodes.USAGE, env.exitCode(), env::toString);
    ShellRun unknownTask = corral("task", "show", "nosuch");
    assertEquals(ExitCodes.NOT_FOUND, unknownTask.exitCode(), unknownTask::toString);
  }
}
