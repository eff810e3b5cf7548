package io.corral.remote.master.ha;

import io.corral.remote.api.MesosJson;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.mesos.v1.Protos;
import org.apache.zookeeper.KeeperException;

/**
 * Reads who contends under a ZooKeeper path, for clients: the masters' addresses, the leader first.
 * Mesos' MasterInfo has no URL scheme, so masters also write theirs ({@code http} or {@code https})
 * to the znode {@code <path>/scheme}, which Mesos' own clients never read.
 */
public final class ZkMasters {
  static final String SCHEME_NODE = "scheme";

  private ZkMasters() {}

  /** Records under {@code path} how this group of masters is reached; a change of scheme is logged. */
  public static void announceScheme(CuratorFramework zk, String path, String scheme) throws Exception {
    String node = path + "/" + SCHEME_NODE;
    byte[] data = scheme.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      zk.create().creatingParentsIfNeeded().forPath(node, data);
      return;
    } catch (KeeperException.NodeExistsException e) {
      // another master of the group wrote it
    }
    String before = new String(zk.getData().forPath(node), java.nio.charset.StandardCharsets.US_ASCII);
    if (!before.equals(scheme)) {
      org.slf4j.LoggerFactory.getLogger(ZkMasters.class).warn("the masters under {} were reached by {} until now;"
          + " this master serves {}: every master of a group should serve the same", path, before, scheme);
      zk.setData().forPath(node, data);
    }
  }

  /**
   * The masters registered under {@code url}'s path, in election order (the leader first), as
   * {@code http://host:port}, or {@code https://} when the masters announced it. Empty when none
   * is; an {@link IllegalStateException} with a one-line reason when ZooKeeper cannot be reached
   * within {@code timeout}.
   */
  public static List<URI> find(ZkUrl url, Duration timeout) {
    int millis = (int) timeout.toMillis();
    try (CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(url.connectString())
        .sessionTimeoutMs(Math.max(millis, 2000)).connectionTimeoutMs(millis).retryPolicy(new RetryOneTime(100))
        .build()) {
      zk.start();
      if (!zk.blockUntilConnected(millis, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("cannot reach ZooKeeper at " + url.connectString() + " within "
            + timeout.toMillis() + " ms");
      }
      List<String> names;
      try {
        names = zk.getChildren().forPath(url.path());
      } catch (KeeperException.NoNodeException e) {
        return List.of();
      }
      String scheme = "http";
      try {
        scheme = "https".equals(new String(zk.getData().forPath(url.path() + "/" + SCHEME_NODE),
            java.nio.charset.StandardCharsets.US_ASCII).strip()) ? "https" : "http";
      } catch (KeeperException.NoNodeException e) {
        // masters that do not say: plain HTTP, as Mesos
      }
      List<URI> masters = new ArrayList<>();
      for (String name : names.stream().filter(n -> n.startsWith(MasterContender.PREFIX))
          .sorted(Comparator.comparing(ZkMasters::sequence)).toList()) {
        try {
          Protos.MasterInfo info = MesosJson.parse(zk.getData().forPath(url.path() + "/" + name),
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
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the masters under " + url + ": " + e.getMessage(), e);
    }
  }

  static long sequence(String name) {
    try {
      return Long.parseLong(name.substring(name.lastIndexOf('_') + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
