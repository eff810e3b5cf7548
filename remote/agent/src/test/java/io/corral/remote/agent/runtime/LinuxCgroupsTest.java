package io.corral.remote.agent.runtime;

import static io.corral.remote.agent.runtime.TaskFixture.exitOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.TaskRuntimes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Against a stand-in cgroup v2 tree of plain files: the kernel's own files accept the same writes. */
class LinuxCgroupsTest {
  @RegisterExtension
  final TaskFixture tasks = new TaskFixture();

  @TempDir
  Path root;

  @Test
  void aCgroupV2RootWithCpuAndMemoryEnforcesLimits() throws Exception {
    unified("cpuset cpu io memory pids", "");
    LinuxCgroups cgroups = LinuxCgroups.probe(root);
    assertTrue(cgroups.enforces(), cgroups.whyNot());
    assertEquals("+cpu +memory", Files.readString(root.resolve("cgroup.subtree_control")));
    assertEquals("+cpu +memory", Files.readString(root.resolve("corral/cgroup.subtree_control")));

    Path web = cgroups.prepare("web/1", 1.5, 256).orElseThrow();
    assertEquals(root.resolve("corral/web_1"), web);
    assertEquals("268435456", Files.readString(web.resolve("memory.max")));
    assertEquals("150000 100000", Files.readString(web.resolve("cpu.max")));

    Path unlimited = cgroups.prepare("free", 0, 0).orElseThrow();
    assertEquals("max", Files.readString(unlimited.resolve("memory.max")));
    assertEquals("max 100000", Files.readString(unlimited.resolve("cpu.max")));
    assertEquals("1000 100000", Files.readString(cgroups.prepare("tiny", 0.001, 1).orElseThrow().resolve("cpu.max")));
  }

  @Test
  void enabledControllersAreLeftAsTheyAre() throws Exception {
    unified("cpu memory", "cpu memory io");
    assertTrue(LinuxCgroups.probe(root).enforces());
    assertEquals("cpu memory io", Files.readString(root.resolve("cgroup.subtree_control")));
  }

  @Test
  void cgroupV1OrMissingControllersMeanNoLimits() throws Exception {
    Files.createDirectories(root.resolve("memory"));
    LinuxCgroups v1 = LinuxCgroups.probe(root);
    assertFalse(v1.enforces());
    assertTrue(v1.whyNot().contains("cgroup v1"), v1.whyNot());
    assertTrue(v1.prepare("t", 1, 64).isEmpty());

    unified("cpu io pids", "");
    LinuxCgroups noMemory = LinuxCgroups.probe(root);
    assertFalse(noMemory.enforces());
    assertTrue(noMemory.whyNot().contains("not cpu and memory"), noMemory.whyNot());
  }

  @Test
  void theSupervisorJoinsTheTasksCgroupBeforeTheCommandRuns() throws Exception {
    unified("cpu memory", "");
    LinuxCgroups cgroups = LinuxCgroups.probe(root);
    LinuxProcessRuntime runtime = new LinuxProcessRuntime(SharedTimer.INSTANCE, cgroups,
        LinuxProcessRuntime.findSetsid(System.getenv("PATH")), Map.of());
    assertTrue(runtime.enforcesLimits());
    Path sandbox = root.resolve("sandbox");
    Path procs = root.resolve("corral/limited/cgroup.procs");
    RunningTask task = tasks.launch(runtime, TaskLaunch.shell("limited", sandbox, "cat " + procs).withLimits(0.5, 128));
    assertTrue(exitOf(task).success());
    assertEquals(task.pid() + "\n", Files.readString(sandbox.resolve("stdout")));
    assertEquals("134217728", Files.readString(root.resolve("corral/limited/memory.max")));
  }

  @Test
  void thisHostIsDetectedWithoutFailing() {
    LinuxCgroups host = LinuxCgroups.detect(LinuxCgroups.DEFAULT_ROOT);
    assertEquals(host.enforces(), host.whyNot() == null);
    assertEquals(host.enforces(), TaskRuntimes.forThisPlatform().enforcesLimits());
  }

  private void unified(String controllers, String subtree) throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), controllers + "\n");
    Files.writeString(root.resolve("cgroup.subtree_control"), subtree);
  }
}
