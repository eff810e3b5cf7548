package io.corral.remote.agent.runtime;

import static io.corral.remote.agent.runtime.TaskFixture.exitOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.isolation.CgroupCounters;
import io.corral.remote.agent.isolation.IsolationOptions;
import io.corral.remote.agent.isolation.Isolator;
import io.corral.remote.agent.isolation.Limitation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tasks in real cgroups of this host (cgroup v1 here: the v2 driver is covered by
 * {@code CgroupV2Test} on a stand-in tree). Every cgroup and process a test makes is gone after it.
 */
class CgroupIsolationTest {
  @RegisterExtension
  final TaskFixture tasks = new TaskFixture();

  @TempDir
  Path dir;

  private Isolator isolator;

  private LinuxProcessRuntime runtime(IsolationOptions options) throws Exception {
    isolator = Isolator.start(options, dir.resolve("agent-work"));
    return new LinuxProcessRuntime(SharedTimer.INSTANCE, isolator,
        LinuxProcessRuntime.findSetsid(System.getenv("PATH")), System.getenv());
  }

  @AfterEach
  void removeCgroups() throws Exception {
    if (isolator != null) {
      tasks.afterEach(null);
      isolator.removeStrays(Set.of());
      isolator.close();
    }
  }

  private static TaskLaunch shell(String id, Path sandbox, String command, double cpus, long memMb) {
    return TaskLaunch.shell(id, sandbox, command).withLimits(cpus, memMb);
  }

  @Test
  void aTaskOverItsMemoryIsKilledWithTheMemoryLimitation() throws Exception {
    LinuxProcessRuntime runtime = runtime(IsolationOptions.defaults());
    // tail keeps a line until its end, and /dev/zero has no newline: 200 MB held in memory.
    RunningTask task = tasks.launch(runtime, shell("hog", dir.resolve("hog"), "head -c 200m /dev/zero | tail", 0.5, 32));
    ExitStatus exit = exitOf(task);
    assertNotNull(exit.limitation(), exit.message());
    assertEquals(Limitation.Resource.MEMORY, exit.limitation().resource());
    assertTrue(exit.message().startsWith("Memory limit exceeded: Requested: 32MB Maximum Used: 32MB"), exit.message());
    assertFalse(isolator.has("hog"), "the task's cgroup is removed with it");
  }

  @Test
  void aQuotaOfPointTwoCpusHoldsTwoSpinningThreads() throws Exception {
    LinuxProcessRuntime runtime = runtime(IsolationOptions.defaults());
    Path sandbox = dir.resolve("spin");
    tasks.launch(runtime, shell("spin", sandbox,
        "sh -c 'while :; do :; done' & sh -c 'while :; do :; done' & echo spinning; wait", 0.2, 64));
    TaskFixture.awaitOutput(sandbox, "spinning");
    long before = cpuNanos("spin");
    long start = System.nanoTime();
    // The measurement needs wall time to pass: a quota is a rate.
    TimeUnit.SECONDS.sleep(5);
    double cores = (double) (cpuNanos("spin") - before) / (System.nanoTime() - start);
    assertTrue(cores <= 0.3, "two spinning threads used " + cores + " cores under a 0.2 cpu quota");
    assertTrue(cores >= 0.1, "the spinners ran at all: " + cores + " cores");
  }

  private long cpuNanos(String taskId) {
    CgroupCounters c = isolator.counters(taskId).orElseThrow();
    return c.cpuUserNanos() + c.cpuSystemNanos();
  }

  @Test
  void aSandboxOverItsDiskIsKilledWithTheDiskLimitation() throws Exception {
    LinuxProcessRuntime runtime = runtime(IsolationOptions.defaults().withDiskWatchInterval(Duration.ofMillis(200)));
    Path sandbox = dir.resolve("filler");
    RunningTask task = tasks.launch(runtime, TaskLaunch.shell("filler", sandbox,
        "dd if=/dev/zero of=fill bs=1M count=50 2>/dev/null; sleep 60").withDiskAndRlimits(10, List.of()));
    ExitStatus exit = exitOf(task);
    assertNotNull(exit.limitation(), exit.message());
    assertEquals(Limitation.Resource.DISK, exit.limitation().resource());
    assertTrue(exit.message().matches("Disk usage \\(\\d+MB\\) exceeds quota \\(10MB\\).*"), exit.message());
  }

  @Test
  void aForkBombIsHeldAtThePidsLimitAndTheHostStaysResponsive() throws Exception {
    LinuxProcessRuntime runtime = runtime(IsolationOptions.defaults().withMaxPids(64));
    Path sandbox = dir.resolve("bomb");
    // Bounded: 400 sleepers at most, each gone in 30 s; a fork refused by the kernel is skipped.
    tasks.launch(runtime, shell("bomb", sandbox,
        "i=0; while [ $i -lt 400 ]; do (sleep 30 &) 2>/dev/null; i=$((i+1)); done; echo tried; sleep 30", 1, 64));
    TaskFixture.awaitOutput(sandbox, "tried");
    long pids = isolator.counters("bomb").orElseThrow().pids();
    assertTrue(pids <= 64, pids + " processes in a task limited to 64");
    assertTrue(pids >= 32, "the bomb did fork: " + pids + " processes");
    long start = System.nanoTime();
    Process probe = new ProcessBuilder("true").start();
    assertTrue(probe.waitFor(5, TimeUnit.SECONDS), "the host still starts a process");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "the host answered within 2 s");
  }

  @Test
  void resourceLimitsAreSetBeforeTheTaskStarts() throws Exception {
    LinuxProcessRuntime runtime = runtime(IsolationOptions.defaults());
    Path sandbox = dir.resolve("limits");
    RunningTask task = tasks.launch(runtime, TaskLaunch.shell("limits", sandbox, "ulimit -n; ulimit -Hn; ulimit -c")
        .withDiskAndRlimits(0, List.of(new Rlimit("nofile", 100, 200), new Rlimit("core", Rlimit.UNLIMITED,
            Rlimit.UNLIMITED))));
    assertTrue(exitOf(task).success(), TaskFixture.read(sandbox.resolve("stderr")));
    assertEquals(List.of("100", "200", "unlimited"), TaskFixture.read(sandbox.resolve("stdout")).lines().toList());
  }

  @Test
  void strayCgroupsAreRemovedAndARunningTasksCgroupIsKept() throws Exception {
    LinuxProcessRuntime runtime = runtime(IsolationOptions.defaults());
    tasks.launch(runtime, shell("keeps", dir.resolve("keeps"), "sleep 60", 0.1, 32));
    isolator.prepare("ended-while-down", 0.1, 32);
    assertTrue(isolator.has("ended-while-down"));
    runtime.recovered();
    assertFalse(isolator.has("ended-while-down"), "the stray cgroup is gone");
    assertTrue(isolator.has("keeps"), "the running task keeps its cgroup");
  }

  @Test
  void aRecoveredTaskKeepsItsCgroupAndIsWatchedAgain() throws Exception {
    LinuxProcessRuntime first = runtime(IsolationOptions.defaults().withDiskWatchInterval(Duration.ofMillis(200)));
    Path sandbox = dir.resolve("again");
    Path gate = dir.resolve("gate");
    RunningTask launched = first.launch(TaskLaunch.shell("again", sandbox,
        "while [ ! -e '" + gate + "' ]; do sleep 0.05; done; dd if=/dev/zero of=fill bs=1M count=30 2>/dev/null;"
            + " sleep 60").withLimits(0.1, 32).withDiskAndRlimits(10, List.of()));
    long limit = isolator.counters("again").orElseThrow().memoryLimitBytes();
    // A new agent: a new isolator for the same work dir finds the cgroup by the task's name.
    isolator.close();
    LinuxProcessRuntime second = runtime(IsolationOptions.defaults().withDiskWatchInterval(Duration.ofMillis(200)));
    RunningTask recovered = second.recover("again", sandbox).orElseThrow();
    tasks.launch(second, TaskLaunch.shell("unused", dir.resolve("unused"), "true"));
    second.recovered();
    assertTrue(isolator.has("again"));
    assertEquals(32L << 20, limit);
    assertEquals(limit, isolator.counters("again").orElseThrow().memoryLimitBytes());
    Files.writeString(gate, "go");
    ExitStatus exit = exitOf(recovered);
    assertNotNull(exit.limitation(), exit.message());
    assertEquals(Limitation.Resource.DISK, exit.limitation().resource());
    launched.kill(Duration.ZERO);
  }
}
