package io.corral.remote.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 path on a stand-in unified tree of plain files: this machine kind binds every v2
 * controller to v1, so v2 limits are pinned here by the files written, not by a kernel enforcing them.
 */
class CgroupV2Test {
  @TempDir Path root;
  @TempDir Path work;

  private Isolator v2(IsolationOptions options) throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    return Isolator.start(options, work, root);
  }

  @Test
  void theAgentsParentHandsCpuMemoryAndPidsDown() throws Exception {
    Isolator isolator = v2(IsolationOptions.defaults());
    Path parent = root.resolve("corral").resolve(CgroupNames.agent(work));
    for (Path level : List.of(root, parent.getParent(), parent)) {
      assertEquals(Set.of("cpu", "memory", "pids"), CgroupHierarchy.words(level.resolve("cgroup.subtree_control")));
    }
    assertEquals(Map.of("isolation", "cgroups", "cgroups", "v2"), isolator.attributes());
  }

  @Test
  void aTaskGetsMemoryWithoutSwapWeightQuotaAndPids() throws Exception {
    Isolator isolator = v2(IsolationOptions.defaults().withMaxPids(64));
    List<Path> procs = isolator.prepare("web/1", 0.2, 32).orElseThrow();
    Path cgroup = procs.get(0).getParent();
    assertEquals(root.resolve("corral").resolve(CgroupNames.agent(work)).resolve(CgroupNames.task("web/1")), cgroup);
    assertEquals("33554432", Files.readString(cgroup.resolve("memory.max")));
    assertEquals("0", Files.readString(cgroup.resolve("memory.swap.max")));
    assertEquals("20000 100000", Files.readString(cgroup.resolve("cpu.max")));
    assertEquals("20", Files.readString(cgroup.resolve("cpu.weight")));
    assertEquals("64", Files.readString(cgroup.resolve("pids.max")));
    assertTrue(isolator.has("web/1"));
  }

  @Test
  void withoutCfsCpusIsAWeightOnly() throws Exception {
    Isolator isolator = v2(IsolationOptions.defaults().withCfs(false));
    Path cgroup = isolator.prepare("t", 2, 0).orElseThrow().get(0).getParent();
    assertEquals("max 100000", Files.readString(cgroup.resolve("cpu.max")));
    assertEquals("max", Files.readString(cgroup.resolve("memory.max")));
    assertEquals("200", Files.readString(cgroup.resolve("cpu.weight")));
  }

  @Test
  void countersAndAnOomKillAreReadFromTheKernelsFiles() throws Exception {
    Isolator isolator = v2(IsolationOptions.defaults());
    Path cgroup = isolator.prepare("t", 1, 32).orElseThrow().get(0).getParent();
    Files.writeString(cgroup.resolve("cpu.stat"), "usage_usec 3500\nuser_usec 2500\nsystem_usec 1000\n");
    Files.writeString(cgroup.resolve("memory.current"), "1048576\n");
    Files.writeString(cgroup.resolve("memory.peak"), "33554432\n");
    Files.writeString(cgroup.resolve("pids.current"), "3\n");
    Files.writeString(cgroup.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\n");
    assertEquals(new CgroupCounters(2_500_000, 1_000_000, 1 << 20, 32 << 20, 32 << 20, 3),
        isolator.counters("t").orElseThrow());
    assertTrue(isolator.memoryLimitation("t", true).isEmpty(), "no process was OOM-killed");

    Files.writeString(cgroup.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
    Limitation l = isolator.memoryLimitation("t", true).orElseThrow();
    assertEquals(Limitation.Resource.MEMORY, l.resource());
    assertEquals("Memory limit exceeded: Requested: 32MB Maximum Used: 32MB (1 process killed by the kernel's OOM"
        + " killer)", l.message());
  }

  @Test
  void strayCgroupsGoAndTheParentsGoWithTheLastTask() throws Exception {
    Isolator isolator = v2(IsolationOptions.defaults());
    Path keep = isolator.prepare("keep", 1, 0).orElseThrow().get(0).getParent();
    Path stray = isolator.prepare("stray", 1, 0).orElseThrow().get(0).getParent();
    // plain directories stand in for cgroups here: the kernel's own control files are not removed by rmdir
    clear(keep);
    clear(stray);
    isolator.removeStrays(Set.of("keep"));
    assertFalse(Files.exists(stray));
    assertTrue(Files.exists(keep));
    isolator.release("keep");
    clearLevel(keep.getParent());
    clearLevel(keep.getParent().getParent());
    isolator.close();
    assertFalse(Files.exists(root.resolve("corral")), "an agent without tasks removes its parents on close");
  }

  private static void clear(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  private static void clearLevel(Path dir) throws Exception {
    Files.deleteIfExists(dir.resolve("cgroup.subtree_control"));
  }

  @Test
  void limitsArithmetic() {
    assertEquals(205, new CgroupLimits(0.2, 0, true, 1).shares());
    assertEquals(2, new CgroupLimits(0, 0, true, 1).shares());
    assertEquals(1000, new CgroupLimits(0.001, 0, true, 1).quotaMicros());
    assertEquals(-1, new CgroupLimits(1, 0, false, 1).quotaMicros());
    assertEquals(100, new CgroupLimits(1, 0, true, 1).weight());
    assertEquals(1, new CgroupLimits(0, 0, true, 1).weight());
    assertEquals(10_000, new CgroupLimits(1024, 0, true, 1).weight());
    assertEquals("Disk usage (51MB) exceeds quota (10MB)", Limitation.disk(51L << 20, 10L << 20).message());
  }
}
