package io.corral.remote.api.client;

import io.corral.remote.api.MesosJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Who contends under a ZooKeeper path, for clients (the shell, agents): the masters' addresses,
 * the leader first. Masters write their MasterInfo as JSON to ephemeral sequential znodes named
 * {@value #PREFIX}{@code <seq>} (Mesos' layout), and, because Mesos' MasterInfo has no URL scheme,
 * their scheme ({@code http} or {@code https}) to {@code <path>/}{@value #SCHEME_NODE}, which
 * Mesos' own clients never read. Reads with ZooKeeper's plain client only (no Curator), which
 * every installed agent carries.
 */
public final class ZkMasters {
  /** The name prefix of the masters' election znodes. */
  public static final String PREFIX = "json.info_";
  /** The znode under the masters' path that holds how they are reached. */
  public static final String SCHEME_NODE = "scheme";

  private ZkMasters() {}

  /**
   * The masters registered under {@code url}'s path, in election order (the leader first), as
   * {@code http://host:port}, or {@code https://} when the masters announced it. Empty when none
   * is; an {@link IllegalStateException} with a one-line reason when ZooKeeper cannot be reached
   * within {@code timeout}.
   */
  public static List<URI> find(ZkUrl url, Duration timeout) {
    int millis = (int) Math.max(1000, timeout.toMillis());
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = null;
    try {
      zk = new ZooKeeper(url.connectString(), Math.max(millis, 4000), event -> {
        if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
          connected.countDown();
        }
      });
      if (!connected.await(millis, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("cannot reach ZooKeeper at " + url.connectString() + " within "
            + timeout.toMillis() + " ms");
      }
      List<String> names;
      try {
        names = zk.getChildren(url.path(), false);
      } catch (KeeperException.NoNodeException e) {
        return List.of();
      }
      String scheme = "http";
      try {
        scheme = "https".equals(new String(zk.getData(url.path() + "/" + SCHEME_NODE, false, null),
            StandardCharsets.US_ASCII).strip()) ? "https" : "http";
      } catch (KeeperException.NoNodeException e) {
        // masters that do not say: plain HTTP, as Mesos
      }
      List<URI> masters = new ArrayList<>();
      for (String name : names.stream().filter(n -> n.startsWith(PREFIX))
          .sorted(Comparator.comparing(ZkMasters::sequence)).toList()) {
        try {
          Protos.MasterInfo info = MesosJson.parse(zk.getData(url.path() + "/" + name, false, null),
              Protos.MasterInfo.newBuilder()).build();
          String host = info.hasAddress() && info.getAddress().hasHostname() ? info.getAddress().getHostname()
              : info.getHostname();
          masters.add(URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + info.getPort()));
        } catch (KeeperException.NoNodeException gone) {
          // that master just left
        }
      }
      return masters;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + url, e);
    } catch (KeeperException | IOException | RuntimeException e) {
      if (e instanceof IllegalStateException known) {
        throw known;
      }
      throw new IllegalStateException("cannot read the masters under " + url + ": " + e.getMessage(), e);
    } finally {
      if (zk != null) {
        try {
          zk.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** The sequence number ZooKeeper appended to an election znode's name. */
  public static long sequence(String name) {
    try {
      return Long.parseLong(name.substring(name.lastIndexOf('_') + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
