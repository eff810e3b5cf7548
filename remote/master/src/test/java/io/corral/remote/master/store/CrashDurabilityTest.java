package io.corral.remote.master.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.corral.core.model.TaskId;
import io.corral.core.state.StoredState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master killed with SIGKILL keeps every batch it reported committed, and no part of the batch
 * it was writing. The writer runs in a real child JVM because only a dead process shows what
 * reached the file: closing a store in-process would flush what a crash would not.
 */
class CrashDurabilityTest {
  private static final int KILL_AFTER = 40;
  private static final int TASKS_PER_BATCH = 25;

  @TempDir Path tmp;

  @Test
  @Timeout(120)
  void everyReportedBatchSurvivesAKillAndNoneIsHalfThere() throws Exception {
    Path stateDir = tmp.resolve("state");
    Path childLog = tmp.resolve("writer.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), stateDir.toString(),
        "1000000", Integer.toString(TASKS_PER_BATCH))
        .redirectError(childLog.toFile())
        .start();
    int reported;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      reported = readReports(out, KILL_AFTER);
      if (reported < KILL_AFTER) {
        child.waitFor(30, TimeUnit.SECONDS);
        fail("the writer stopped after reporting " + reported + " batches:\n" + Files.readString(childLog));
      }
      // through the handle: Process.destroyForcibly() would also close the pipe we still read
      assertTrue(child.toHandle().destroyForcibly(), "SIGKILL not sent");
      reported = Math.max(reported, readReports(out, Integer.MAX_VALUE)); // reports already in the pipe
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
    } finally {
      child.toHandle().destroyForcibly(); // a no-op unless an assertion failed first
    }
    if (!System.getProperty("os.name").startsWith("Windows")) {
      assertEquals(128 + 9, child.exitValue(), "killed by SIGKILL");
    }

    try (SqliteStateStore store = SqliteStateStore.open(stateDir)) {
      StoredState state = store.load();
      String lastBatch = state.settings().get(CrashingWriter.LAST_BATCH);
      assertNotNull(lastBatch, "no batch survived");
      int last = Integer.parseInt(lastBatch);
      assertTrue(last >= reported, "batch " + reported + " was reported committed, but the store ends at " + last);
      for (int batch = 1; batch <= last; batch++) {
        for (int task = 0; task < TASKS_PER_BATCH; task++) {
          TaskId id = TaskId.of(CrashingWriter.taskId(batch, task));
          assertTrue(state.tasks().containsKey(id), "task " + id + " of committed batch " + batch + " is missing");
        }
      }
      assertEquals(last * TASKS_PER_BATCH, state.tasks().size(), "tasks beyond batch " + last + " are stored");
    }
  }

  /** Reads {@code committed <n>} lines until {@code n} reaches {@code stopAt} or the output ends. */
  private static int readReports(BufferedReader out, int stopAt) throws IOException {
    int reported = 0;
    String line;
    while (reported < stopAt && (line = out.readLine()) != null) {
      if (line.matches("committed \\d+")) {
        reported = Math.max(reported, Integer.parseInt(line.substring("committed ".length())));
      }
    }
    return reported;
  }
}
