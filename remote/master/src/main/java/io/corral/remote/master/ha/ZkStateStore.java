package io.corral.remote.master.ha;

import io.corral.core.model.AgentId;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import io.corral.core.state.StateChange;
import io.corral.core.state.StateStore;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredCredential;
import io.corral.core.state.StoredFramework;
import io.corral.core.state.StoredState;
import io.corral.core.state.StoredTask;
import io.corral.core.state.StoredToken;
import io.corral.remote.master.store.StateStoreException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master state in ZooKeeper, for several masters: one znode per record under
 * {@code <path>/state/<kind>/<url-encoded key>} holding the record as JSON ({@link ZkRecords}).
 *
 * <p>{@link #apply} writes a batch as ZooKeeper {@code multi} transactions, each led by a check
 * that this master's election znode still exists. The znode is ephemeral, so once the master's
 * session ends or another master leads (the znode is gone), every write fails as a whole: a
 * deposed leader can never write. A batch larger than {@link #MAX_CHUNK_BYTES} is split into
 * several transactions, each atomic and fenced on its own; if the master is deposed between two
 * of them, the first ones stay and the rest are refused (the new leader then recovers a prefix of
 * the batch, which is also what a crash between two group commits would leave).
 *
 * <p>The store remembers which records exist (read at {@link #load}) to choose create or update;
 * only the leader writes, so the memory stays right. A transaction refused for another reason
 * than fencing (say a retry after a lost reply had already applied it) re-reads that memory and
 * is tried once more.
 */
public final class ZkStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(ZkStateStore.class);
  /** Well under ZooKeeper's default 1 MB request limit ({@code jute.maxbuffer}). */
  static final int MAX_CHUNK_BYTES = 512 * 1024;
  private static final int OP_OVERHEAD = 64;
  private static final int READ_TIMEOUT_SECONDS = 60;

  enum Kind { AGENTS, FRAMEWORKS, TASKS, ROLES, CREDENTIALS, SETTINGS, TOKENS }

  private final CuratorFramework zk;
  private final String root;
  private final String fence;
  private final Runnable onFenced;
  private final Map<Kind, Set<String>> existing = new TreeMap<>();

  /**
   * @param path the masters' ZooKeeper path; state lives under {@code path/state}
   * @param fence this master's election znode; writes succeed only while it exists
   * @param onFenced called (once per refused write) when a write was refused because the znode is gone
   */
  public ZkStateStore(CuratorFramework zk, String path, String fence, Runnable onFenced) {
    this.zk = zk;
    this.root = path + "/state";
    this.fence = fence;
    this.onFenced = onFenced;
    for (Kind kind : Kind.values()) {
      existing.put(kind, new HashSet<>());
    }
  }

  @Override
  public synchronized StoredState load() {
    Map<AgentId, StoredAgent> agents = new TreeMap<>();
    Map<FrameworkId, StoredFramework> frameworks = new TreeMap<>();
    Map<TaskId, StoredTask> tasks = new TreeMap<>();
    Map<String, Role> roles = new TreeMap<>();
    Map<String, StoredCredential> credentials = new TreeMap<>();
    Map<String, String> settings = new TreeMap<>();
    Map<String, StoredToken> tokens = new TreeMap<>();
    try {
      for (Kind kind : Kind.values()) {
        ensure(dir(kind));
      }
      read(Kind.AGENTS, ZkRecords::agent, (k, a) -> agents.put(a.info().id(), a));
      read(Kind.FRAMEWORKS, ZkRecords::framework, (k, f) -> frameworks.put(f.info().id(), f));
      read(Kind.TASKS, ZkRecords::task, (k, t) -> tasks.put(t.task().id(), t));
      read(Kind.ROLES, ZkRecords::role, (k, r) -> roles.put(r.name(), r));
      read(Kind.CREDENTIALS, ZkRecords::credential, (k, c) -> credentials.put(c.id(), c));
      read(Kind.SETTINGS, ZkRecords::setting, (k, e) -> settings.put(e.getKey(), e.getValue()));
      read(Kind.TOKENS, ZkRecords::token, (k, t) -> tokens.put(t.id(), t));
    } catch (StateStoreException e) {
      throw e;
    } catch (Exception e) {
      throw new StateStoreException("cannot read the master state from ZooKeeper under " + root + ": " + e, e);
    }
    return new StoredState(agents, frameworks, tasks, roles, credentials, settings, tokens);
  }

  /** A persistent (not container) znode: ZooKeeper would delete an emptied container under the next create. */
  private void ensure(String path) throws Exception {
    if (zk.checkExists().forPath(path) == null) {
      try {
        zk.create().creatingParentsIfNeeded().forPath(path);
      } catch (KeeperException.NodeExistsException raced) {
        // another master made it first
      }
    }
  }

  /**
   * Reads every record of a kind. The reads are pipelined (asynchronous, answered in order on one
   * connection): a new leader with tens of thousands of tasks to recover waits for one round trip
   * per kind, not one per record.
   */
  private <T> void read(Kind kind, Function<byte[], T> decode, BiConsumer<String, T> into) throws Exception {
    Set<String> names = existing.get(kind);
    names.clear();
    List<String> children = zk.getChildren().forPath(dir(kind));
    Map<String, byte[]> data = new ConcurrentHashMap<>();
    CountDownLatch answered = new CountDownLatch(children.size());
    AtomicReference<KeeperException> failure = new AtomicReference<>();
    org.apache.zookeeper.ZooKeeper client = zk.getZookeeperClient().getZooKeeper();
    for (String name : children) {
      client.getData(dir(kind) + "/" + name, false, (rc, path, ctx, bytes, stat) -> {
        KeeperException.Code code = KeeperException.Code.get(rc);
        if (code == KeeperException.Code.OK) {
          data.put(name, bytes);
        } else if (code != KeeperException.Code.NONODE) { // a record removed meanwhile is simply gone
          failure.compareAndSet(null, KeeperException.create(code, path));
        }
        answered.countDown();
      }, null);
    }
    if (!answered.await(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new StateStoreException("ZooKeeper did not answer the reads of " + dir(kind) + " within "
          + READ_TIMEOUT_SECONDS + " s");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    for (String name : new TreeSet<>(data.keySet())) {
      try {
        into.accept(URLDecoder.decode(name, StandardCharsets.UTF_8), decode.apply(data.get(name)));
      } catch (RuntimeException e) {
        throw new StateStoreException("ZooKeeper state " + dir(kind) + "/" + name + " is unreadable: "
            + e.getMessage(), e);
      }
      names.add(name);
    }
  }

  @Override
  public synchronized void apply(List<StateChange> changes) {
    List<StateChange> chunk = new ArrayList<>();
    int bytes = 0;
    for (StateChange change : changes) {
      int size = estimate(change);
      if (!chunk.isEmpty() && bytes + size > MAX_CHUNK_BYTES) {
        commit(chunk);
        chunk.clear();
        bytes = 0;
      }
      chunk.add(change);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      commit(chunk);
    }
  }

  private void commit(List<StateChange> chunk) {
    try {
      commitOnce(chunk);
    } catch (Exception first) {
      if (fenced()) {
        onFenced.run();
        throw new StateStoreException("refused to write " + chunk.size() + " state changes: this master's election"
            + " znode " + fence + " is gone (it no longer leads)", first);
      }
      LOG.info("ZooKeeper refused a state transaction ({}); re-reading which records exist and retrying once",
          first.toString());
      try {
        refreshExisting();
        commitOnce(chunk);
      } catch (Exception second) {
        if (fenced()) {
          onFenced.run();
        }
        throw new StateStoreException("cannot write " + chunk.size() + " state changes to ZooKeeper: " + second, second);
      }
    }
  }

  private void commitOnce(List<StateChange> chunk) throws Exception {
    Map<Kind, Set<String>> after = new TreeMap<>();
    existing.forEach((k, v) -> after.put(k, new HashSet<>(v)));
    List<CuratorOp> ops = new ArrayList<>(chunk.size() + 1);
    ops.add(zk.transactionOp().check().forPath(fence));
    for (StateChange change : chunk) {
      op(change, after, ops);
    }
    if (ops.size() > 1) {
      zk.transaction().forOperations(ops);
    }
    existing.clear();
    existing.putAll(after);
  }

  private void op(StateChange change, Map<Kind, Set<String>> after, List<CuratorOp> ops) throws Exception {
    if (change instanceof StateChange.PutAgent c) {
      put(Kind.AGENTS, c.agent().info().id().value(), ZkRecords.agent(c.agent()), after, ops);
    } else if (change instanceof StateChange.PutFramework c) {
      put(Kind.FRAMEWORKS, c.framework().info().id().value(), ZkRecords.framework(c.framework()), after, ops);
    } else if (change instanceof StateChange.RemoveFramework c) {
      remove(Kind.FRAMEWORKS, c.id().value(), after, ops);
    } else if (change instanceof StateChange.PutTask c) {
      put(Kind.TASKS, c.task().task().id().value(), ZkRecords.task(c.task()), after, ops);
    } else if (change instanceof StateChange.RemoveTask c) {
      remove(Kind.TASKS, c.id().value(), after, ops);
    } else if (change instanceof StateChange.PutRole c) {
      put(Kind.ROLES, c.role().name(), ZkRecords.role(c.role()), after, ops);
    } else if (change instanceof StateChange.RemoveRole c) {
      remove(Kind.ROLES, c.name(), after, ops);
    } else if (change instanceof StateChange.PutCredential c) {
      put(Kind.CREDENTIALS, c.credential().id(), ZkRecords.credential(c.credential()), after, ops);
    } else if (change instanceof StateChange.PutSetting c) {
      put(Kind.SETTINGS, c.key(), ZkRecords.setting(c.key(), c.value()), after, ops);
    } else if (change instanceof StateChange.PutToken c) {
      put(Kind.TOKENS, c.token().id(), ZkRecords.token(c.token()), after, ops);
    } else {
      throw new IllegalArgumentException("unknown state change " + change);
    }
  }

  private void put(Kind kind, String key, byte[] data, Map<Kind, Set<String>> after, List<CuratorOp> ops)
      throws Exception {
    String name = name(key);
    String path = dir(kind) + "/" + name;
    if (after.get(kind).add(name)) {
      ops.add(zk.transactionOp().create().forPath(path, data));
    } else {
      ops.add(zk.transactionOp().setData().forPath(path, data));
    }
  }

  private void remove(Kind kind, String key, Map<Kind, Set<String>> after, List<CuratorOp> ops) throws Exception {
    String name = name(key);
    if (after.get(kind).remove(name)) {
      ops.add(zk.transactionOp().delete().forPath(dir(kind) + "/" + name));
    }
  }

  private boolean fenced() {
    try {
      return zk.checkExists().forPath(fence) == null;
    } catch (Exception e) {
      return false; // unknown: the election notices a lost session on its own
    }
  }

  private void refreshExisting() throws Exception {
    for (Kind kind : Kind.values()) {
      Set<String> names = existing.get(kind);
      names.clear();
      names.addAll(zk.getChildren().forPath(dir(kind)));
    }
  }

  private String dir(Kind kind) {
    return root + "/" + kind.name().toLowerCase(Locale.ROOT);
  }

  /** A key as one znode name: '/' and every other reserved character escaped; "." and ".." too. */
  static String name(String key) {
    String name = URLEncoder.encode(key, StandardCharsets.UTF_8);
    return name.replace(".", "%2E");
  }

  private static int estimate(StateChange change) {
    int wire = 0;
    if (change instanceof StateChange.PutAgent c && c.agent().wire() != null) {
      wire = c.agent().wire().length;
    } else if (change instanceof StateChange.PutFramework c && c.framework().wire() != null) {
      wire = c.framework().wire().length;
    } else if (change instanceof StateChange.PutTask c && c.task().wire() != null) {
      wire = c.task().wire().length;
    }
    return OP_OVERHEAD + 1024 + wire * 4 / 3;
  }
}
