package io.corral.remote.master.store;

import static io.corral.remote.master.store.StoredFixtures.T0;
import static io.corral.remote.master.store.StoredFixtures.agent;
import static io.corral.remote.master.store.StoredFixtures.assertSameState;
import static io.corral.remote.master.store.StoredFixtures.credential;
import static io.corral.remote.master.store.StoredFixtures.disconnectedFramework;
import static io.corral.remote.master.store.StoredFixtures.framework;
import static io.corral.remote.master.store.StoredFixtures.launchedTask;
import static io.corral.remote.master.store.StoredFixtures.role;
import static io.corral.remote.master.store.StoredFixtures.task;
import static io.corral.remote.master.store.StoredFixtures.windowsAgent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import io.corral.core.state.InMemoryStateStore;
import io.corral.core.state.StateChange;
import io.corral.core.state.StateChange.PutAgent;
import io.corral.core.state.StateChange.PutCredential;
import io.corral.core.state.StateChange.PutFramework;
import io.corral.core.state.StateChange.PutRole;
import io.corral.core.state.StateChange.PutSetting;
import io.corral.core.state.StateChange.PutTask;
import io.corral.core.state.StateChange.RemoveFramework;
import io.corral.core.state.StateChange.RemoveRole;
import io.corral.core.state.StateChange.RemoveTask;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredState;
import io.corral.core.task.TaskState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store against the in-memory reference: same changes in, same state out. */
class SqliteStateStoreTest {
  @TempDir Path dir;

  private final InMemoryStateStore reference = new InMemoryStateStore();

  private static List<StateChange> everyKindOfPut() {
    return List.of(
        new PutAgent(agent("a1")), new PutAgent(windowsAgent("w1")),
        new PutFramework(framework("f1")), new PutFramework(disconnectedFramework("f2")),
        new PutTask(task("t1", "f1", "a1")), new PutTask(launchedTask("t2", "f2", "w1")),
        new PutTask(task("t3", "f1", "a1", TaskState.FINISHED)),
        new PutRole(role("prod")), new PutRole(Role.of("*")),
        new PutCredential(credential("c1", false)), new PutCredential(credential("c2", true)),
        new PutSetting("master.id", "m-1"), new PutSetting("empty", ""),
        new StateChange.PutToken(StoredFixtures.token("k1", false)),
        new StateChange.PutToken(StoredFixtures.token("k2", true)));
  }

  @Test
  void loadsWhatEveryKindOfChangeStored() {
    applyToBoth(everyKindOfPut());
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      StoredState loaded = store.load();
      assertSameState(reference.load(), loaded);
      assertEquals(3, loaded.tasks().size());
    }
  }

  @Test
  void anEmptyStoreLoadsNothing() {
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      assertSameState(reference.load(), store.load());
    }
  }

  @Test
  void putsReplaceAndRemovesDelete() {
    applyToBoth(everyKindOfPut());
    StoredAgent a1 = agent("a1");
    applyToBoth(List.of(
        new PutAgent(new StoredAgent(a1.info(), AgentState.DRAINING, a1.registeredAt(), T0.plusSeconds(9), null,
            null)),
        new PutTask(task("t1", "f1", "a1", TaskState.KILLED)),
        new PutRole(role("prod").withWeight(0.5)),
        new PutCredential(credential("c1", true)),
        new PutSetting("master.id", "m-2"),
        new RemoveFramework(FrameworkId.of("f2")),
        new RemoveTask(TaskId.of("t2")),
        new RemoveRole("*"),
        new RemoveTask(TaskId.of("never-stored")),
        new RemoveFramework(FrameworkId.of("never-stored")),
        new RemoveRole("never-stored")));
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      StoredState loaded = store.load();
      assertSameState(reference.load(), loaded);
      assertEquals(AgentState.DRAINING, loaded.agents().get(a1.info().id()).state());
      assertEquals(List.of("f1"), loaded.frameworks().keySet().stream().map(FrameworkId::value).toList());
    }
  }

  @Test
  void aFailingChangeLeavesNoneOfItsBatchApplied() {
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      store.apply(everyKindOfPut());
      StoredState before = store.load();
      StoredAgent a9 = agent("a9");
      StoredAgent stateless = new StoredAgent(a9.info(), null, T0, T0, null, null);
      List<StateChange> batch = List.of(
          new PutTask(task("t9", "f1", "a1")),
          new RemoveTask(TaskId.of("t1")),
          new PutAgent(stateless),
          new PutSetting("after", "failure"));

      StateStoreException e = assertThrows(StateStoreException.class, () -> store.apply(batch));

      String message = e.getMessage();
      assertTrue(message.contains(dir.resolve("state.db").toString()), message);
      assertTrue(message.contains("none of 4 changes were applied; change 3 (PutAgent a9) failed"), message);
      assertTrue(message.contains("NOT NULL constraint failed: agents.state"), message);
      assertSameState(before, store.load());
      store.apply(List.of(new PutSetting("after", "recovered")));
      assertEquals("recovered", store.load().settings().get("after"));
    }
    try (SqliteStateStore reopened = SqliteStateStore.open(dir)) {
      StoredState state = reopened.load();
      assertTrue(state.tasks().containsKey(TaskId.of("t1")));
      assertFalse(state.tasks().containsKey(TaskId.of("t9")));
    }
  }

  @Test
  void callsFromManyThreadsAllLand() throws Exception {
    int threads = 4;
    int batches = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int b = 0; b < batches; b++) {
            store.apply(List.of(new PutTask(task("t" + thread + "-" + b, "f1", "a1")),
                new PutSetting("thread" + thread, Integer.toString(b))));
            if (b % 10 == 0) {
              store.load();
            }
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      StoredState state = store.load();
      assertEquals(threads * batches, state.tasks().size());
      for (int t = 0; t < threads; t++) {
        assertEquals(Integer.toString(batches - 1), state.settings().get("thread" + t));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    SqliteStateStore store = SqliteStateStore.open(dir);
    store.close();
    store.close();

    StateStoreException e = assertThrows(StateStoreException.class,
        () -> store.apply(List.of(new PutSetting("k", "v"))));
    assertEquals("state database " + dir.resolve("state.db") + " is closed", e.getMessage());
    assertThrows(StateStoreException.class, store::load);
  }

  private void applyToBoth(List<StateChange> changes) {
    reference.apply(changes);
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      store.apply(changes);
    }
  }
}
