package io.corral.remote.master.ha;

import io.corral.remote.api.MesosJson;
import io.corral.remote.api.client.ZkMasters;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.mesos.v1.Protos;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among masters, in the ZooKeeper layout Mesos uses: each master creates an
 * ephemeral sequential znode {@code <path>/json.info_<seq>} holding its MasterInfo as JSON; the
 * lowest sequence leads. Mesos-aware tools (and Corral's clients) find the leader by reading
 * that znode.
 *
 * <p>Leadership ends for good (the listener's {@link Listener#deposed}) as soon as the master's
 * own znode disappears or its connection to ZooKeeper is suspended: ZooKeeper may already have
 * expired the session and elected another master, so a leader that cannot tell must stop.
 * A master that was only following re-creates its znode when its session comes back.
 * Leader changes are told on one thread owned by the contender, in order; {@link Listener#deposed}
 * comes on whichever thread noticed the loss, once, and nothing is told after it.
 */
public final class MasterContender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterContender.class);
  public static final String PREFIX = ZkMasters.PREFIX;

  /** What the election tells its master. */
  public interface Listener {
    /** The leader changed: {@code leader} empty while none is known; {@code self} when it is this master. */
    void leaderChanged(Optional<Protos.MasterInfo> leader, boolean self);

    /** This master led and no longer does; it must stop acting as leader now. Called once, last. */
    void deposed(String reason);
  }

  private final CuratorFramework zk;
  private final String path;
  private final Protos.MasterInfo self;
  private final Listener listener;
  private final ExecutorService events;
  private final ConnectionStateListener connectionListener = this::connectionChanged;
  /** Children changed: look again. Connection events reach {@link #connectionChanged} instead. */
  private final CuratorWatcher watcher = event -> {
    if (event.getType() != org.apache.zookeeper.Watcher.Event.EventType.None) {
      submit(this::refresh);
    }
  };
  private final AtomicBoolean deposed = new AtomicBoolean();
  private volatile String ownNode;
  private volatile boolean leading;
  private volatile boolean done;
  private String lastLeader = "";

  public MasterContender(CuratorFramework zk, String path, Protos.MasterInfo self, Listener listener) {
    this.zk = zk;
    this.path = path;
    this.self = self;
    this.listener = listener;
    this.events = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "corral-election");
      t.setDaemon(true);
      return t;
    });
  }

  /** Creates this master's znode and starts watching the election. */
  public void start() throws Exception {
    zk.getConnectionStateListenable().addListener(connectionListener);
    ownNode = join();
    LOG.info("contending for leadership as {}", ownNode);
    events.execute(this::refresh);
  }

  /** This master's election znode (the fence for its writes), or null before {@link #start}. */
  public String ownNode() {
    return ownNode;
  }

  public boolean leading() {
    return leading && !done;
  }

  private String join() throws Exception {
    return zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath(path + "/" + PREFIX, MesosJson.printUtf8(self));
  }

  private void connectionChanged(CuratorFramework client, ConnectionState state) {
    if (done) {
      return;
    }
    if (leading && (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST)) {
      // at once, on this thread: the election thread may be waiting on ZooKeeper itself
      depose("the connection to ZooKeeper was " + (state == ConnectionState.LOST ? "lost (session expired)"
          : "suspended; another master may be elected"));
      return;
    }
    submit(() -> {
      if (done) {
        return;
      }
      switch (state) {
        case SUSPENDED, LOST -> {
          if (leading) {
            depose("the connection to ZooKeeper was " + (state == ConnectionState.LOST ? "lost (session expired)"
                : "suspended; another master may be elected"));
          } else {
            announce(Optional.empty(), false);
          }
        }
        case RECONNECTED -> {
          try {
            if (zk.checkExists().forPath(ownNode) == null) {
              ownNode = join();
              LOG.info("session was renewed; contending again as {}", ownNode);
            }
          } catch (Exception e) {
            LOG.warn("cannot rejoin the election: {}", e.toString());
          }
          refresh();
        }
        default -> { }
      }
    });
  }

  private void refresh() {
    if (done) {
      return;
    }
    try {
      List<String> children = zk.getChildren().usingWatcher(watcher).forPath(path);
      List<String> contenders = children.stream().filter(c -> c.startsWith(PREFIX))
          .sorted(Comparator.comparing(MasterContender::sequence)).toList();
      String own = ownNode.substring(ownNode.lastIndexOf('/') + 1);
      if (!contenders.contains(own)) {
        if (leading) {
          depose("its election znode " + ownNode + " was deleted");
        }
        return; // a follower rejoins once its session is back
      }
      if (contenders.get(0).equals(own)) {
        if (!leading) {
          leading = true;
          LOG.info("elected leader ({})", ownNode);
          announce(Optional.of(self), true);
        }
        return;
      }
      if (leading) {
        depose("a lower znode " + contenders.get(0) + " appeared");
        return;
      }
      byte[] data;
      try {
        data = zk.getData().forPath(path + "/" + contenders.get(0));
      } catch (KeeperException.NoNodeException gone) {
        submit(this::refresh); // the leader just went; the watch fires too
        return;
      }
      announce(Optional.of(MesosJson.parse(data, Protos.MasterInfo.newBuilder()).build()), false);
    } catch (Exception e) {
      LOG.warn("cannot read the election under {}: {}", path, e.toString());
    }
  }

  private void announce(Optional<Protos.MasterInfo> leader, boolean isSelf) {
    String key = leader.map(l -> l.getId() + "@" + l.getHostname() + ":" + l.getPort()).orElse("");
    if (key.equals(lastLeader)) {
      return;
    }
    lastLeader = key;
    if (done) {
      return;
    }
    if (!isSelf) {
      LOG.info(leader.map(l -> "following the leader " + l.getId() + " at " + l.getHostname() + ":" + l.getPort())
          .orElse("no leading master is known"));
    }
    listener.leaderChanged(leader, isSelf);
  }

  /** Ends this master's leadership for good, on the calling thread; idempotent. */
  public void depose(String reason) {
    if (!deposed.compareAndSet(false, true)) {
      return;
    }
    done = true;
    leading = false;
    LOG.error("this master is no longer the leader: {}", reason);
    listener.deposed(reason);
  }

  private void submit(Runnable work) {
    try {
      events.execute(work);
    } catch (RejectedExecutionException closed) {
      // the contender was closed; nothing is left to tell
    }
  }

  private static long sequence(String name) {
    return ZkMasters.sequence(name);
  }

  /** Records under {@code path} how this group of masters is reached (see {@link ZkMasters}); a change of scheme is logged. */
  public static void announceScheme(CuratorFramework zk, String path, String scheme) throws Exception {
    String node = path + "/" + ZkMasters.SCHEME_NODE;
    byte[] data = scheme.getBytes(StandardCharsets.US_ASCII);
    try {
      zk.create().creatingParentsIfNeeded().forPath(node, data);
      return;
    } catch (KeeperException.NodeExistsException e) {
      // another master of the group wrote it
    }
    String before = new String(zk.getData().forPath(node), StandardCharsets.US_ASCII);
    if (!before.equals(scheme)) {
      LOG.warn("the masters under {} were reached by {} until now; this master serves {}: every master of a group"
          + " should serve the same", path, before, scheme);
      zk.setData().forPath(node, data);
    }
  }

  private void deleteOwnNode() {
    String node = ownNode;
    if (node == null || !zk.getZookeeperClient().isConnected()) {
      return; // without a connection the session ends by itself, and the znode with it
    }
    try {
      zk.delete().quietly().forPath(node);
    } catch (Exception e) {
      LOG.debug("could not delete {}: {}", node, e.toString());
    }
  }

  /** Leaves the election (deletes this master's znode if the session still lives). */
  @Override
  public void close() {
    if (events.isShutdown()) {
      return;
    }
    zk.getConnectionStateListenable().removeListener(connectionListener);
    submit(() -> {
      done = true;
      leading = false;
      deleteOwnNode();
    });
    events.shutdown();
    try {
      if (!events.awaitTermination(2, TimeUnit.SECONDS)) {
        events.shutdownNow(); // a look at the election still waiting on ZooKeeper
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
