package io.corral.remote.master;

import com.google.protobuf.InvalidProtocolBufferException;
import io.corral.core.model.FrameworkId;
import io.corral.core.port.Clock;
import io.corral.core.port.SequentialIds;
import io.corral.core.state.InMemoryStateStore;
import io.corral.core.state.StateChange;
import io.corral.core.state.StateStore;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredFramework;
import io.corral.core.state.StoredState;
import io.corral.core.state.StoredTask;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.master.store.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running single master, the process's entry point: it opens the store, rebuilds the
 * {@link Master}'s books from it, starts the {@link MasterLoop}, serves HTTP ({@link HttpFront}
 * on Jetty's non-blocking connector), and drives allocation, heartbeats and agent pings from
 * timers into the loop. It wires and starts things; it holds no cluster state and decides
 * nothing about frameworks, agents or tasks. With several masters, {@link HaMasterServer} starts
 * one of these, without a listener of its own, once elected.
 */
public final class MasterServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterServer.class);
  public static final String CREDENTIAL_FILE = "agent-credential";
  /** The token that Corral's operator calls ({@code /api/corral/v1}) need; mode 0600. */
  public static final String OPERATOR_TOKEN_FILE = "operator-token";

  private final MasterConfig config;
  private final StateStore store;
  private final MasterLoop loop;
  private final Master master;
  private final Server server;
  private String bootstrapCredential;
  private final String operatorToken;

  private final HttpFront front;

  /**
   * With {@code electedId} set, the master is the elected one of several (see {@link HaMasterServer}):
   * it has that id instead of the stored one, and serves through the elector's HTTP server.
   */
  private MasterServer(MasterConfig config, StateStore store, String electedId, Clock clock) {
    this.config = config;
    this.store = store;
    StoredState state = store.load();
    this.loop = new MasterLoop(store);
    String masterId = electedId != null ? electedId : state.settings().get("master-id");
    if (masterId == null) {
      masterId = UUID.randomUUID().toString();
      loop.persist(new StateChange.PutSetting("master-id", masterId));
    }
    String epoch = Long.toString(System.currentTimeMillis() / 1000, 36);
    Credentials credentials = new Credentials(state.credentials(), loop::persist);
    PrincipalTokens tokens = new PrincipalTokens(state.tokens(), loop::persist, clock);
    this.master = new Master(config, loop, clock, new SequentialIds(epoch), masterInfo(masterId, config), credentials,
        tokens);
    state.settings().keySet().stream().filter(k -> k.startsWith("removed-framework/"))
        .forEach(k -> master.recoverRemovedFramework(FrameworkId.of(k.substring(18))));
    recover(state);
    this.operatorToken = operatorToken(config.stateDir());
    if (config.authentication() != null) {
      Path aclsFile = config.authentication().aclsFile();
      master.protectWith(new Authenticator(config.authentication().credentialsFile(), operatorToken, tokens),
          aclsFile == null ? null : Acls.parse(aclsFile));
    }
    this.front = new HttpFront(master, new NodeCalls(master, operatorToken, state.settings()), state.settings());
    if (electedId != null) {
      this.server = null;
      return;
    }
    this.server = jetty(config);
    server.setHandler(front);
  }

  /** Jetty on the non-blocking connector (HTTPS only with TLS), listening on the configured address once started. */
  static Server jetty(MasterConfig config) {
    Server server = new Server(threadPool());
    ServerConnector connector = config.tls() == null
        ? new ServerConnector(server, 1, 1, new HttpConnectionFactory(httpConfiguration()))
        : TlsConnector.create(server, config);
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(Math.max(60_000, config.heartbeatInterval().toMillis() * 4));
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    return server;
  }

  /**
   * HTTP as the master speaks it. Marathon clients put an app's absolute id after {@code /v2/apps/},
   * so their paths have an empty segment ({@code /v2/apps//prod/db}); Marathon takes them, and so
   * does this master (Jetty refuses them by default as ambiguous).
   */
  static HttpConfiguration httpConfiguration() {
    HttpConfiguration http = new HttpConfiguration();
    http.setUriCompliance(UriCompliance.DEFAULT.with("marathon-paths", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    return http;
  }

  /** Starts the elected master over {@code store}; its HTTP is served by the caller through {@link #front()}. */
  static MasterServer lead(MasterConfig advertised, StateStore store, String masterId) {
    MasterServer s = new MasterServer(advertised, store, masterId, Instant::now);
    s.ensureBootstrapCredential();
    s.loop.start();
    s.startTimers();
    s.front.startServices();
    return s;
  }

  org.eclipse.jetty.server.Handler front() {
    return front;
  }

  private void startTimers() {
    loop.every(config.allocationInterval().toMillis(), master::allocate);
    loop.every(config.heartbeatInterval().toMillis(), master::heartbeat);
    loop.every(STREAM_PROBE_MILLIS, master::probeStreams);
    loop.every(config.agentPingInterval().toMillis(), master::pingAgents);
  }

  /** Starts a master; the returned server is listening. */
  public static MasterServer start(MasterConfig config) {
    return start(config, Instant::now);
  }

  /** Starts a master whose time is {@code clock}'s (tests move it past a token's expiry). */
  static MasterServer start(MasterConfig config, Clock clock) {
    StateStore store = config.stateDir() == null ? new InMemoryStateStore() : SqliteStateStore.open(config.stateDir());
    MasterServer s = new MasterServer(config, store, null, clock);
    s.ensureBootstrapCredential();
    s.loop.start();
    try {
      s.server.start();
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    if (config.port() == 0) {
      s.master.listeningAs(masterInfo(s.master.info().getId(), config.withListen(config.host(), s.port())));
    }
    s.startTimers();
    s.front.startServices();
    LOG.info("master {} listening on {}:{}", s.master.info().getId(), config.host(), s.port());
    return s;
  }

  /** How often the master looks for subscribers that closed their connections. */
  static final long STREAM_PROBE_MILLIS = 1000;

  private static QueuedThreadPool threadPool() {
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setName("corral-http");
    pool.setDaemon(true);
    return pool;
  }

  static Protos.MasterInfo masterInfo(String id, MasterConfig config) {
    String host = config.host();
    int ip = 0;
    try {
      byte[] a = InetAddress.getByName(host).getAddress();
      if (a.length == 4) {
        ip = (a[3] & 0xff) << 24 | (a[2] & 0xff) << 16 | (a[1] & 0xff) << 8 | (a[0] & 0xff);
      }
    } catch (IOException e) {
      LOG.debug("cannot resolve {}", host);
    }
    return Protos.MasterInfo.newBuilder().setId(id).setIp(ip).setPort(config.port()).setHostname(host)
        .setVersion(OperatorCalls.VERSION)
        .setAddress(Protos.Address.newBuilder().setHostname(host).setIp(host).setPort(config.port())).build();
  }

  /** Rebuilds the master from the store: agents wait to re-register, frameworks to re-subscribe. */
  private void recover(StoredState state) {
    Instant now = master.now();
    state.roles().values().forEach(master::recoverRole);
    for (StoredTask st : state.tasks().values()) {
      try {
        Protos.TaskInfo info = Protos.TaskInfo.parseFrom(st.wire());
        master.recoverTask(new TaskEntry(st.task(), info, st.role(),
            ModelConversion.status(st.task().lastStatus(), st.task().agentId())));
      } catch (InvalidProtocolBufferException e) {
        LOG.error("stored task {} is unreadable; skipped", st.task().id(), e);
      }
    }
    for (StoredFramework sf : state.frameworks().values()) {
      FrameworkEntry f = new FrameworkEntry(sf.info().id());
      try {
        f.wire = Protos.FrameworkInfo.parseFrom(sf.wire());
      } catch (InvalidProtocolBufferException e) {
        f.wire = Protos.FrameworkInfo.newBuilder().setName(sf.info().name()).setUser("")
            .setId(Protos.FrameworkID.newBuilder().setValue(sf.info().id().value())).build();
      }
      f.info = sf.info();
      f.registeredAt = sf.registeredAt();
      f.disconnectedAt = sf.disconnectedAt() == null ? now : sf.disconnectedAt();
      master.recoverFramework(f);
    }
    for (StoredAgent sa : state.agents().values()) {
      AgentEntry a = new AgentEntry(sa.info().id());
      try {
        a.wire = Protos.AgentInfo.parseFrom(sa.wire());
      } catch (InvalidProtocolBufferException e) {
        a.wire = Protos.AgentInfo.newBuilder().setHostname(sa.info().hostname())
            .setId(Protos.AgentID.newBuilder().setValue(sa.info().id().value())).build();
      }
      a.info = sa.info();
      a.state = sa.state();
      a.registeredAt = sa.registeredAt();
      a.stateChangedAt = sa.stateChangedAt();
      a.credentialId = sa.credentialId();
      a.lastSeen = now;
      a.recovered = true;
      master.recoverAgent(a);
    }
    master.retireRecovered();
    LOG.info("recovered {} agents, {} frameworks, {} tasks ({} kept), {} roles", state.agents().size(),
        state.frameworks().size(), state.tasks().size(), master.taskCount(), state.roles().size());
  }

  /** Writes {@code <state-dir>/agent-credential} (0600) on first start, or after it was deleted. */
  private void ensureBootstrapCredential() {
    Path file = config.stateDir() == null ? null : config.stateDir().resolve(CREDENTIAL_FILE);
    try {
      if (file != null && Files.exists(file)) {
        String token = Files.readString(file).trim();
        if (master.credentials().verify(token).isPresent()) {
          bootstrapCredential = token;
          return;
        }
      }
      bootstrapCredential = master.credentials().issue("bootstrap", master.now());
      if (file != null) {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, bootstrapCredential + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        LOG.info("wrote the bootstrap agent credential to {}", file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the agent credential file " + file, e);
    }
  }

  /** Reads {@code <state-dir>/operator-token}, or makes one (0600); in memory when there is no state dir. */
  private static String operatorToken(Path stateDir) {
    Path file = stateDir == null ? null : stateDir.resolve(OPERATOR_TOKEN_FILE);
    try {
      if (file != null && Files.exists(file)) {
        String token = Files.readString(file).trim();
        if (!token.isEmpty()) {
          return token;
        }
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      if (file != null) {
        Files.createDirectories(stateDir);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        LOG.info("wrote the operator token to {}", file);
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the operator token file " + file, e);
    }
  }

  /** The token Corral's operator calls need (also in {@code <state-dir>/operator-token}). */
  public String operatorToken() {
    return operatorToken;
  }

  /** The credential agents can register with (also in {@code <state-dir>/agent-credential}). */
  public String bootstrapCredential() {
    return bootstrapCredential;
  }

  /** Issues a new agent credential (e.g. for one host being provisioned). */
  public CompletableFuture<String> issueCredential(String issuedFor) {
    return loop.call(() -> master.credentials().issue(issuedFor, master.now()));
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public String url() {
    return config.scheme() + "://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":"
        + port();
  }

  public String masterId() {
    return master.info().getId();
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.stop();
      }
    } catch (Exception e) {
      LOG.warn("stopping HTTP failed", e);
    }
    loop.close();
    if (store instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing the state store failed", e);
      }
    }
  }
}
