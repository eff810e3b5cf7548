package io.corral.remote.master.store;

import io.corral.core.state.StateChange;
import io.corral.core.state.StateChange.PutSetting;
import io.corral.core.state.StateChange.PutTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashDurabilityTest}: applies batches as fast as it can and prints
 * {@code committed <n>} after {@code apply} returns for batch {@code n}, until it is killed.
 * Batch {@code n} puts tasks {@code b<n>-t0..} and sets {@code last.batch} to {@code n}, so a
 * partly applied batch would show as tasks without their setting, or the reverse.
 *
 * <p>Arguments: state directory, number of batches, tasks per batch.
 */
public final class CrashingWriter {
  static final String LAST_BATCH = "last.batch";

  private CrashingWriter() {}

  public static void main(String[] args) {
    Path stateDir = Path.of(args[0]);
    int batches = Integer.parseInt(args[1]);
    int tasksPerBatch = Integer.parseInt(args[2]);
    try (SqliteStateStore store = SqliteStateStore.open(stateDir)) {
      for (int batch = 1; batch <= batches; batch++) {
        store.apply(batch(batch, tasksPerBatch));
        System.out.println("committed " + batch);
        System.out.flush();
      }
    }
    System.out.println("done");
  }

  static List<StateChange> batch(int batch, int tasksPerBatch) {
    List<StateChange> changes = new ArrayList<>(tasksPerBatch + 1);
    for (int t = 0; t < tasksPerBatch; t++) {
      changes.add(new PutTask(StoredFixtures.task(taskId(batch, t), "f1", "a1")));
    }
    changes.add(new PutSetting(LAST_BATCH, Integer.toString(batch)));
    return changes;
  }

  static String taskId(int batch, int task) {
    return "b" + batch + "-t" + task;
  }
}
