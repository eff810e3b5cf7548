package io.corral.remote.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection on stand-in cgroup roots of plain files, laid out as the kernel lays out each kind of host. */
class CgroupHierarchyTest {
  @TempDir Path root;
  @TempDir Path work;

  private void v1(String controller, String file) throws Exception {
    Path dir = Files.createDirectories(root.resolve(controller));
    Files.writeString(dir.resolve("cgroup.procs"), "");
    if (file != null) {
      Files.writeString(dir.resolve(file), "0");
    }
  }

  private void v1Host() throws Exception {
    v1("memory", "memory.limit_in_bytes");
    v1("cpu", "cpu.shares");
    v1("cpuacct", "cpuacct.usage");
    v1("pids", null);
  }

  @Test
  void aUnifiedRootWithCpuAndMemoryIsV2() throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    CgroupHierarchy h = CgroupHierarchy.detect(root);
    assertEquals("v2", h.version());
    assertNull(h.missing());
    assertTrue(h.describe().startsWith("cgroup v2, unified hierarchy at " + root), h.describe());
  }

  @Test
  void aUnifiedRootWhoseControllersAreBoundElsewhereIsNeither() throws Exception {
    // what a cgroup2 mount looks like on this machine kind: only hugetlb is free
    Files.writeString(root.resolve("cgroup.controllers"), "hugetlb\n");
    CgroupHierarchy h = CgroupHierarchy.detect(root);
    assertFalse(h.usable());
    assertTrue(h.missing().contains("not cpu and memory"), h.missing());
  }

  @Test
  void oneHierarchyPerControllerIsV1() throws Exception {
    v1Host();
    CgroupHierarchy h = CgroupHierarchy.detect(root);
    assertEquals("v1", h.version());
    assertFalse(h.hybrid());
    assertEquals(Map.of("memory", root.resolve("memory"), "cpu", root.resolve("cpu"), "cpuacct", root.resolve("cpuacct"),
        "pids", root.resolve("pids")), h.v1());
    assertNull(h.missing());
  }

  @Test
  void v1ControllersAndAControllerlessUnifiedTreeIsHybridThroughV1() throws Exception {
    v1Host();
    Files.createDirectories(root.resolve("unified"));
    Files.writeString(root.resolve("unified/cgroup.controllers"), "");
    CgroupHierarchy h = CgroupHierarchy.detect(root);
    assertEquals("v1", h.version());
    assertTrue(h.hybrid());
    assertTrue(h.describe().contains("hybrid"), h.describe());
  }

  @Test
  void v1WithoutPidsSaysWhatIsNotEnforced() throws Exception {
    v1("memory", "memory.limit_in_bytes");
    v1("cpu", "cpu.shares");
    v1("cpuacct", "cpuacct.usage");
    CgroupHierarchy h = CgroupHierarchy.detect(root);
    assertEquals("v1", h.version());
    assertTrue(h.missing().contains("--task-max-pids"), h.missing());
  }

  @Test
  void anEmptyRootRefusesToStartUnlessIsolationIsNone() throws Exception {
    IsolationUnavailable refused = assertThrows(IsolationUnavailable.class,
        () -> Isolator.start(IsolationOptions.defaults(), work, root));
    assertTrue(refused.getMessage().contains("--isolation none"), refused.getMessage());

    Isolator none = Isolator.start(IsolationOptions.none(), work, root);
    assertFalse(none.enforces());
    assertEquals(Map.of("isolation", "none"), none.attributes());
    assertTrue(none.counters("any").isEmpty());
    assertTrue(none.prepare("any", 1, 64).isEmpty());
  }

  @Test
  void aV1HierarchyTheAgentCannotWriteRefusesToStart() throws Exception {
    v1Host();
    assertTrue(root.resolve("memory").toFile().setWritable(false));
    Files.writeString(root.resolve("memory/corral"), "a file where the agent's directory should go");
    IsolationUnavailable refused = assertThrows(IsolationUnavailable.class,
        () -> Isolator.start(IsolationOptions.defaults(), work, root));
    assertTrue(refused.getMessage().contains("not writable"), refused.getMessage());
  }

  @Test
  void twoWorkDirectoriesGetTwoParentsAndOddTaskIdsOneElementEach() {
    assertFalse(CgroupNames.agent(Path.of("/var/lib/a")).equals(CgroupNames.agent(Path.of("/var/lib/b"))));
    assertEquals(CgroupNames.agent(Path.of("/var/lib/a")), CgroupNames.agent(Path.of("/var/lib/./a")));
    assertEquals("web.1", CgroupNames.task("web.1"));
    assertFalse(CgroupNames.task("a/b").equals(CgroupNames.task("a_b")));
    assertFalse(CgroupNames.task("..").contains("/"));
    assertTrue(CgroupNames.task("..").startsWith("_"));
  }
}
