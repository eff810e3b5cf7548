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

/** Reads who contends under a ZooKeeper path, for clients: the masters' addresses, the leader first. */
public final class ZkMasters {
  private ZkMasters() {}

  /**
   * The masters registered under {@code url}'s path, in election order (the leader first), as
   * {@code http://host:port}. Empty when none is; an {@link IllegalStateException} with a
   * one-line reason when ZooKeeper cannot be reached within {@code timeout}.
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
      List<URI> masters = new ArrayList<>();
      for (String name : names.stream().filter(n -> n.startsWith(MasterContender.PREFIX))
          .sorted(Comparator.comparing(ZkMasters::sequence)).toList()) {
        try {
          Protos.MasterInfo info = MesosJson.parse(zk.getData().forPath(url.path() + "/" + name),
              Protos.MasterInfo.newBuilder()).build();
          String host = info.hasAddress() && info.getAddress().hasHostname() ? info.getAddress().getHostname()
              : info.getHostname();
          masters.add(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + info.getPort()));
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
