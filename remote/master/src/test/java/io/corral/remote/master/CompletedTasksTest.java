package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.sim.SimulatedAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ended tasks are kept as Mesos keeps them: the newest few per framework, and those of the last
 * few removed frameworks; the rest leave memory and the store, so neither grows with every task
 * ever run.
 */
class CompletedTasksTest {
  @TempDir Path stateDir;

  private MasterConfig config(int tasksPerFramework, int frameworks) {
    return MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(stateDir)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50))
        .withCompletedRetention(tasksPerFramework, frameworks);
  }

  /** Launches {@code count} tasks that finish at once and acknowledges every update; returns their ids. */
  private static List<String> runToTheEnd(TestFramework f, String prefix, int count, boolean acknowledgeEnd)
      throws Exception {
    Protos.Offer offer = f.awaitOffer();
    List<Protos.TaskInfo> tasks = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(prefix + i);
      tasks.add(TestFramework.task(prefix + i, offer, "cpus:0.1;mem:16", "true"));
    }
    f.launch(offer, tasks.toArray(Protos.TaskInfo[]::new));
    for (String id : ids) {
      f.acknowledge(f.awaitUpdate(id, Protos.TaskState.TASK_RUNNING));
      Protos.TaskStatus finished = f.awaitUpdate(id, Protos.TaskState.TASK_FINISHED);
      if (acknowledgeEnd) {
        f.acknowledge(finished);
      }
    }
    return ids;
  }

  private static Set<String> completed(MasterFixture m) throws Exception {
    Response.GetTasks tasks = new OperatorApiTest.Operator(m, false).query(OperatorApiTest.call(Call.Type.GET_TASKS))
        .getGetTasks();
    Set<String> ids = new TreeSet<>();
    tasks.getCompletedTasksList().forEach(t -> ids.add(t.getTaskId().getValue()));
    tasks.getTasksList().forEach(t -> ids.add(t.getTaskId().getValue()));
    return ids;
  }

  private static void awaitCompleted(MasterFixture m, java.util.function.Predicate<Set<String>> holds, String what) {
    OperatorApiTest.eventually(() -> {
      try {
        return holds.test(completed(m));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, what);
  }

  @Test
  void onlyTheNewestCompletedTasksOfAFrameworkAreKeptAndARestartKeepsTheSame() throws Exception {
    Set<String> kept;
    try (MasterFixture m = new MasterFixture(config(3, 50))) {
      m.agent("n1", "cpus:4;mem:1024", Map.of(), SimulatedAgent.Mode.FINISH_AT_ONCE);
      TestFramework f = m.framework("batch", false);
      List<String> ids = runToTheEnd(f, "t", 6, true);
      awaitCompleted(m, found -> found.size() == 3, "three of six ended tasks kept");
      kept = completed(m);
      assertTrue(ids.containsAll(kept), kept.toString());
    }
    try (MasterFixture again = new MasterFixture(config(3, 50))) {
      assertEquals(kept, completed(again), "the store holds the same three, not all six");
    }
  }

  @Test
  void anEndNotYetAcknowledgedIsKeptBeyondTheLimit() throws Exception {
    try (MasterFixture m = new MasterFixture(config(1, 50))) {
      m.agent("n1", "cpus:4;mem:1024", Map.of(), SimulatedAgent.Mode.FINISH_AT_ONCE);
      TestFramework f = m.framework("slow-acker", false);
      List<String> ids = runToTheEnd(f, "u", 3, false);
      // The framework must still be able to acknowledge every end it was sent, as in Mesos.
      assertEquals(new TreeSet<>(ids), completed(m));
    }
  }

  @Test
  void removedFrameworksKeepTheirTasksUntilNewerRemovalsPushThemOut() throws Exception {
    try (MasterFixture m = new MasterFixture(config(10, 1))) {
      m.agent("n1", "cpus:4;mem:1024", Map.of(), SimulatedAgent.Mode.FINISH_AT_ONCE);
      TestFramework first = m.framework("first", false);
      runToTheEnd(first, "a", 2, true);
      first.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build());
      awaitCompleted(m, found -> found.equals(Set.of("a1", "a2")),
          "the first framework's tasks are kept after its removal");
      TestFramework second = m.framework("second", false);
      runToTheEnd(second, "b", 2, false);
      second.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.TEARDOWN).build());
      awaitCompleted(m, found -> found.equals(Set.of("b1", "b2")),
          "only the last removed framework's tasks are kept, unacknowledged ends included");
    }
  }
}
