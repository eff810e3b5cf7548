package io.corral.remote.master.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.core.model.FrameworkId;
import io.corral.core.model.TaskId;
import io.corral.core.state.InMemoryStateStore;
import io.corral.core.state.StateChange;
import io.corral.core.state.StoredTask;
import io.corral.core.task.TaskState;
import io.corral.remote.master.store.StateStoreException;
import io.corral.remote.master.store.StoredFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ZooKeeper store against a real ZooKeeper server: round trips, updates, removes, fencing, large batches. */
class ZkStateStoreTest {
  private static ZkTesting zk;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = ZkTesting.start();
  }

  @AfterAll
  static void stopZooKeeper() {
    zk.close();
  }

  private static String fence(CuratorFramework client, String path) throws Exception {
    return client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath(path + "/" + MasterContender.PREFIX, new byte[0]);
  }

  @Test
  void everyKindOfRecordRoundTripsAndAgreesWithTheInMemoryStore() throws Exception {
    String path = "/roundtrip";
    CuratorFramework client = zk.client();
    ZkStateStore store = new ZkStateStore(client, path, fence(client, path), () -> { });
    InMemoryStateStore expected = new InMemoryStateStore();
    store.load();
    List<StateChange> first = List.of(
        new StateChange.PutAgent(StoredFixtures.agent("a1")),
        new StateChange.PutAgent(StoredFixtures.windowsAgent("a2/with-slash")),
        new StateChange.PutFramework(StoredFixtures.framework("f1")),
        new StateChange.PutFramework(StoredFixtures.disconnectedFramework("..")),
        new StateChange.PutTask(StoredFixtures.task("t1", "f1", "a1")),
        new StateChange.PutTask(StoredFixtures.launchedTask("t2", "f1", "a1")),
        new StateChange.PutRole(StoredFixtures.role("prod")),
        new StateChange.PutCredential(StoredFixtures.credential("c1", false)),
        new StateChange.PutCredential(StoredFixtures.credential("c2", true)),
        new StateChange.PutSetting("master-id", "m-1"),
        new StateChange.PutSetting("removed-framework/f0", ""),
        new StateChange.PutToken(StoredFixtures.token("k1", false)),
        new StateChange.PutToken(StoredFixtures.token("k2", true)));
    List<StateChange> second = List.of(
        new StateChange.PutTask(StoredFixtures.task("t1", "f1", "a1", TaskState.FINISHED)),
        new StateChange.RemoveTask(TaskId.of("t2")),
        new StateChange.RemoveTask(TaskId.of("never-there")),
        new StateChange.RemoveFramework(FrameworkId.of("..")),
        new StateChange.RemoveRole("prod"),
        new StateChange.PutTask(StoredFixtures.task("t3", "f1", "a1")),
        new StateChange.RemoveTask(TaskId.of("t3")),
        new StateChange.PutSetting("master-id", "m-2"),
        new StateChange.PutToken(StoredFixtures.token("k1", false).revokedCopy()));
    for (List<StateChange> batch : List.of(first, second)) {
      store.apply(batch);
      expected.apply(batch);
    }
    StoredFixtures.assertSameState(expected.load(), store.load());
    ZkStateStore fresh = new ZkStateStore(client, path, fence(client, path), () -> { });
    StoredFixtures.assertSameState(expected.load(), fresh.load());
    assertEquals(TaskState.FINISHED, fresh.load().tasks().get(TaskId.of("t1")).task().state());
  }

  @Test
  void aStoreWhoseElectionZnodeIsGoneWritesNothing() throws Exception {
    String path = "/fenced";
    CuratorFramework client = zk.client();
    String fence = fence(client, path);
    AtomicInteger fenced = new AtomicInteger();
    ZkStateStore store = new ZkStateStore(client, path, fence, fenced::incrementAndGet);
    store.load();
    store.apply(List.of(new StateChange.PutAgent(StoredFixtures.agent("a1"))));
    client.delete().forPath(fence);

    StateStoreException e = assertThrows(StateStoreException.class, () -> store.apply(List.of(
        new StateChange.PutAgent(StoredFixtures.agent("a2")),
        new StateChange.PutSetting("master-id", "deposed"))));
    assertTrue(e.getMessage().contains("no longer leads"), e.getMessage());
    assertEquals(1, fenced.get());
    var state = new ZkStateStore(client, path, fence(client, path), () -> { }).load();
    assertEquals(1, state.agents().size(), "only the write made while leading is there");
    assertTrue(state.settings().isEmpty());
  }

  @Test
  void aBatchOverTheRequestLimitIsWrittenInSeveralTransactions() throws Exception {
    String path = "/large";
    CuratorFramework client = zk.client();
    ZkStateStore store = new ZkStateStore(client, path, fence(client, path), () -> { });
    store.load();
    List<StateChange> batch = new ArrayList<>();
    byte[] wire = new byte[8 * 1024];
    for (int i = 0; i < 300; i++) { // about 3 MB: over ZooKeeper's 1 MB per request
      StoredTask t = StoredFixtures.task("t" + i, "f1", "a1");
      batch.add(new StateChange.PutTask(new StoredTask(t.task(), t.role(), wire)));
    }
    store.apply(batch);
    var loaded = new ZkStateStore(client, path, fence(client, path), () -> { }).load().tasks();
    assertEquals(300, loaded.size());
    assertEquals(wire.length, loaded.get(TaskId.of("t299")).wire().length);
  }

  @Test
  void aStaleMemoryOfExistingRecordsIsRepairedByOneRetry() throws Exception {
    String path = "/stale";
    CuratorFramework client = zk.client();
    String fence = fence(client, path);
    ZkStateStore store = new ZkStateStore(client, path, fence, () -> { });
    store.load();
    // written behind the store's back (as a reply lost after the write was applied would leave it)
    ZkStateStore other = new ZkStateStore(client, path, fence, () -> { });
    other.load();
    other.apply(List.of(new StateChange.PutAgent(StoredFixtures.agent("a1"))));
    store.apply(List.of(new StateChange.PutAgent(StoredFixtures.agent("a1")),
        new StateChange.PutAgent(StoredFixtures.agent("a2"))));
    assertEquals(2, store.load().agents().size());
  }

  @Test
  void keysBecomeSafeZnodeNames() {
    assertEquals("a%2Fb", ZkStateStore.name("a/b"));
    assertEquals("%2E%2E", ZkStateStore.name(".."));
    assertEquals("removed-framework%2Ff0", ZkStateStore.name("removed-framework/f0"));
  }
}
