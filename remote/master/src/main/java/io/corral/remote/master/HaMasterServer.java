package io.corral.remote.master;

import io.corral.remote.api.client.ZkUrl;
import io.corral.remote.master.ha.MasterContender;
import io.corral.remote.master.ha.ZkStateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.mesos.v1.Protos;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of several masters sharing a ZooKeeper ensemble: the election and the gate around a
 * {@link MasterServer}, not a master of its own. It serves HTTP from the start (health,
 * redirects to the leader, see {@link LeaderGate}), contends for leadership
 * ({@link MasterContender}), and once elected starts a {@link MasterServer} over the state in
 * ZooKeeper ({@link ZkStateStore}), which it serves through the gate. A master that loses its leadership stops
 * acting as leader at once and never leads again: {@code onDeposed} is called so that the
 * process can exit (the daemon does) and be restarted as a new contender, as Mesos masters do.
 */
public final class HaMasterServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HaMasterServer.class);

  /** Where the masters meet, how long a silent master keeps its session, and the address others are sent to. */
  public record Options(ZkUrl zk, Duration sessionTimeout, String advertiseHost, int advertisePort) {}

  private final MasterConfig config;
  private final Options options;
  private final Consumer<String> onDeposed;
  private final Server server;
  private final LeaderGate gate = new LeaderGate();
  private final String masterId = UUID.randomUUID().toString();
  private final ExecutorService elector = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "corral-elected");
    t.setDaemon(true);
    return t;
  });
  private CuratorFramework zk;
  private MasterContender contender;
  private Protos.MasterInfo self;
  private volatile MasterServer leading;
  private volatile boolean closed;
  private final AtomicBoolean steppedDown = new AtomicBoolean();

  private HaMasterServer(MasterConfig config, Options options, Consumer<String> onDeposed) {
    this.config = config;
    this.options = options;
    this.onDeposed = onDeposed;
    this.server = MasterServer.jetty(config);
    server.setHandler(gate);
  }

  /**
   * Starts serving and joins the election; returns once this master is contending (not
   * necessarily leading). Fails with a one-line message when the port is taken or ZooKeeper
   * cannot be reached within the session timeout.
   */
  public static HaMasterServer start(MasterConfig config, Options options, Consumer<String> onDeposed) {
    HaMasterServer s = new HaMasterServer(config, options, onDeposed);
    try {
      s.server.start();
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    try {
      s.join();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void join() {
    int timeout = (int) options.sessionTimeout().toMillis();
    zk = CuratorFrameworkFactory.builder().connectString(options.zk().connectString()).sessionTimeoutMs(timeout)
        .connectionTimeoutMs(Math.min(timeout, 15_000)).retryPolicy(new ExponentialBackoffRetry(100, 3)).build();
    zk.start();
    try {
      if (!zk.blockUntilConnected(timeout, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("cannot reach ZooKeeper at " + options.zk().connectString() + " within "
            + options.sessionTimeout().toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to ZooKeeper", e);
    }
    String host = options.advertiseHost() != null ? options.advertiseHost() : config.host();
    int port = options.advertisePort() > 0 ? options.advertisePort() : port();
    Protos.MasterInfo info = MasterServer.masterInfo(masterId, config.withListen(host, port));
    // libprocess's address, which older Mesos tools read from the znode
    self = info.toBuilder().setPid("master@" + info.getAddress().getIp() + ":" + port).build();
    contender = new MasterContender(zk, options.zk().path(), self, new MasterContender.Listener() {
      @Override
      public void leaderChanged(Optional<Protos.MasterInfo> leader, boolean isSelf) {
        if (isSelf) {
          gate.recovering();
          elect(HaMasterServer.this::takeOver);
        } else {
          gate.follow(leader);
        }
      }

      @Override
      public void deposed(String reason) {
        gate.deposed(reason);
        elect(() -> stepDown(reason));
      }
    });
    try {
      MasterContender.announceScheme(zk, options.zk().path(), config.scheme());
      contender.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot join the election under " + options.zk() + ": " + e.getMessage(), e);
    }
  }

  private void elect(Runnable work) {
    try {
      elector.execute(work);
    } catch (RejectedExecutionException closing) {
      // close() has begun; it stops the master itself
    }
  }

  /** Elected: reads the state from ZooKeeper and starts serving as the master. */
  private void takeOver() {
    if (closed || !contender.leading()) {
      return;
    }
    MasterConfig advertised = config.withListen(self.getHostname(), self.getPort());
    try {
      ZkStateStore store = new ZkStateStore(zk, options.zk().path(), contender.ownNode(),
          () -> contender.depose("a state write was refused because this master's election znode is gone"));
      MasterServer master = MasterServer.lead(advertised, store, masterId);
      leading = master;
      if (!contender.leading()) {
        return; // deposed meanwhile: the step-down queued behind this closes the master
      }
      gate.lead(master.front(), self);
      LOG.info("master {} leads at {}", masterId, LeaderGate.hostPort(self));
    } catch (RuntimeException e) {
      LOG.error("cannot take over as the leading master: {}", e.getMessage(), e);
      contender.depose("recovery failed: " + e.getMessage());
    }
  }

  private void stepDown(String reason) {
    if (!steppedDown.compareAndSet(false, true)) {
      return;
    }
    MasterServer master = leading;
    leading = null;
    if (master != null) {
      master.close();
    }
    // Open event streams end, so that frameworks and agents look for the new leader now rather
    // than after their heartbeat timeouts.
    for (org.eclipse.jetty.server.Connector connector : server.getConnectors()) {
      connector.getConnectedEndPoints().forEach(org.eclipse.jetty.io.EndPoint::close);
    }
    // The session ends too: a client that reconnected would otherwise keep this master's
    // election znode alive, and no other master could be elected.
    contender.close();
    zk.close();
    if (!closed) {
      onDeposed.accept(reason);
    }
  }

  /** True once this master was elected and has recovered its state. */
  public boolean leading() {
    return gate.leading();
  }

  /** The leading master's {@code host:port} as this master knows it; empty while no leader is known. */
  public Optional<String> leader() {
    return gate.leader();
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public String url() {
    return config.scheme() + "://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":"
        + port();
  }

  /** This master's id (also in its election znode). */
  public String masterId() {
    return masterId;
  }

  /** This master's election znode, or null before it joined. */
  public String electionNode() {
    return contender == null ? null : contender.ownNode();
  }

  /** The agent credential of the leading master's term; empty when this master does not lead. */
  public Optional<String> bootstrapCredential() {
    MasterServer master = leading;
    return master == null ? Optional.empty() : Optional.ofNullable(master.bootstrapCredential());
  }

  /** The operator token of the leading master; empty when this master does not lead. */
  public Optional<String> operatorToken() {
    MasterServer master = leading;
    return master == null ? Optional.empty() : Optional.of(master.operatorToken());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping HTTP failed", e);
    }
    elector.shutdown();
    try {
      elector.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    MasterServer master = leading;
    leading = null;
    if (master != null) {
      master.close(); // its last writes go out while it still holds the election znode
    }
    if (contender != null) {
      contender.close();
    }
    if (zk != null) {
      zk.close();
    }
  }
}
