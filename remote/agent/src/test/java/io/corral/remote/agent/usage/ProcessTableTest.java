package io.corral.remote.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTableTest {
  /** A stat line with the fields the table reads; the command holds spaces and a parenthesis. */
  private static String stat(long pid, long parent, long utime, long stime, long cutime, long cstime, long start,
      long rss) {
    return pid + " (a (b) c) S " + parent + " " + pid + " " + pid + " 0 -1 4194304 10 0 0 0 " + utime + " " + stime
        + " " + cutime + " " + cstime + " 20 0 1 0 " + start + " 1000000 " + rss + " 18446744073709551615";
  }

  @Test
  void aTreeSumsItsProcessesAndWhatTheirWaitedChildrenUsed() {
    ProcessTable table = new ProcessTable(List.of(
        ProcessTable.parse(10, stat(10, 1, 5, 1, 100, 20, 1000, 100)),
        ProcessTable.parse(11, stat(11, 10, 50, 5, 0, 0, 1001, 1000)),
        ProcessTable.parse(12, stat(12, 11, 7, 3, 0, 0, 1002, 10)),
        ProcessTable.parse(13, stat(13, 10, 1, 1, 0, 0, 900, 5)), // a pid reused: older than its "parent"
        ProcessTable.parse(20, stat(20, 1, 999, 999, 0, 0, 1000, 999))), 100, 4096);
    UsageCounters c = table.tree(10).orElseThrow();
    assertEquals((5 + 100 + 50 + 7) * 10_000_000L, c.cpuUserNanos());
    assertEquals((1 + 20 + 5 + 3) * 10_000_000L, c.cpuSystemNanos());
    assertEquals((100 + 1000 + 10) * 4096L, c.memoryBytes());
    assertEquals(3, c.pids());
    assertTrue(table.tree(99).isEmpty(), "a tree whose root is gone");
  }

  @Test
  void readsThisHostsProc() throws Exception {
    ProcessTable table = ProcessTable.read(Path.of("/proc"), 100, 4096);
    long self = ProcessHandle.current().pid();
    UsageCounters c = table.tree(self).orElseThrow();
    assertTrue(c.memoryBytes() > 10_000_000, "this JVM is resident: " + c);
    assertTrue(c.cpuNanos() > 0, c.toString());
  }
}
