package io.corral.remote.bootstrap;

import io.corral.remote.bootstrap.MasterAdmin.IssuedCredential;
import io.corral.remote.bootstrap.MasterAdmin.MasterException;
import io.corral.remote.bootstrap.MasterAdmin.NodeView;
import io.corral.remote.bootstrap.MasterAdmin.RegisteredAgent;
import io.corral.remote.bootstrap.ssh.ExecResult;
import io.corral.remote.bootstrap.ssh.RemoteSession;
import io.corral.remote.bootstrap.ssh.SshConnector;
import io.corral.remote.bootstrap.ssh.SshException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, upgrades and removes Corral agents on hosts over SSH, many hosts at once with bounded
 * parallelism.
 *
 * <p>Adding a host: connect (host key checked by the SSH layer), detect the OS, check Java, inspect
 * what is installed, reuse the host's credential if the master still honours it (or issue a new
 * one), upload only the files whose SHA-256 differs, install the service, (re)start the agent only
 * if something changed or it is not running, wait until it registers, and record the node on the
 * master. A second run on a provisioned host changes nothing ("unchanged"). When a run that created
 * the install fails, the install is removed and the new credential revoked, so the host is as it
 * was; a run that fails on an existing install leaves what the next run repairs.
 */
public final class NodeProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(NodeProvisioner.class);
  private static final Duration QUICK = Duration.ofSeconds(30);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final SshConnector connector;
  private final MasterAdmin master;
  private final AgentBundle bundle;
  private final ProvisionSettings settings;

  public NodeProvisioner(SshConnector connector, MasterAdmin master, AgentBundle bundle, ProvisionSettings settings) {
    this.connector = connector;
    this.master = master;
    this.bundle = bundle;
    this.settings = settings;
  }

  // ------------------------------------------------------------------ many hosts

  /** Adds every host; one report per host, in the order given. */
  public List<NodeReport> add(List<NodeSpec> specs, ProgressSink sink) throws MasterException {
    Map<String, NodeView> known = known();
    return forEach(specs, NodeSpec::name, spec -> addOne(spec, known.get(spec.name()), false, sink), sink);
  }

  /** Replaces the agent files of provisioned hosts in place and restarts their agents. */
  public List<NodeReport> upgrade(List<NodeSpec> specs, ProgressSink sink) throws MasterException {
    Map<String, NodeView> known = known();
    return forEach(specs, NodeSpec::name, spec -> {
      NodeView view = known.get(spec.name());
      if (view == null) {
        throw new ProvisionException(ProvisionStep.INSPECT, "no such node: " + spec.name()
            + " (corral node list shows the provisioned ones)");
      }
      return addOne(spec, view, true, sink);
    }, sink);
  }

  /** Drains, stops and uninstalls the agents of the named hosts and forgets them. */
  public List<NodeReport> remove(List<NodeSpec> specs, ProgressSink sink) throws MasterException {
    Map<String, NodeView> known = known();
    return forEach(specs, NodeSpec::name, spec -> removeOne(spec, known.get(spec.name()), sink), sink);
  }

  /** The master's node records by name. */
  public Map<String, NodeView> known() throws MasterException {
    Map<String, NodeView> byName = new LinkedHashMap<>();
    for (NodeView v : master.nodes()) {
      byName.put(v.record().name(), v);
    }
    return byName;
  }

  @FunctionalInterface
  private interface HostJob {
    NodeReport run(NodeSpec spec) throws ProvisionException, MasterException;
  }

  private List<NodeReport> forEach(List<NodeSpec> specs, Function<NodeSpec, String> name, HostJob job,
      ProgressSink sink) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallel(), Math.max(1, specs.size())), r -> {
      Thread t = new Thread(r, "corral-node");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<NodeReport>> futures = new ArrayList<>();
      for (NodeSpec spec : specs) {
        futures.add(pool.submit(() -> {
          Instant start = Instant.now();
          NodeReport report;
          try {
            report = job.run(spec);
          } catch (ProvisionException e) {
            report = NodeReport.failed(spec.name(), e, null, Duration.between(start, Instant.now()));
          } catch (MasterException e) {
            report = new NodeReport(spec.name(), NodeReport.Outcome.FAILED, null, "master: " + e.getMessage(), null,
                null, Duration.between(start, Instant.now()));
          } catch (RuntimeException e) {
            LOG.warn("provisioning {} failed", spec.name(), e);
            report = new NodeReport(spec.name(), NodeReport.Outcome.FAILED, null, "internal error: " + e, null, null,
                Duration.between(start, Instant.now()));
          }
          sink.done(report);
          return report;
        }));
      }
      List<NodeReport> reports = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          reports.add(futures.get(i).get());
        } catch (ExecutionException e) {
          reports.add(new NodeReport(name.apply(specs.get(i)), NodeReport.Outcome.FAILED, null, String.valueOf(e.getCause()),
              null, null, Duration.ZERO));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return reports;
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ one host

  private RemoteSession connect(NodeSpec spec) throws ProvisionException {
    try {
      return connector.connect(spec.target(), spec.ssh());
    } catch (SshException e) {
      throw sshFailure(ProvisionStep.CONNECT, e, spec.target().host() + ":" + spec.target().port());
    }
  }

  private NodeReport addOne(NodeSpec spec, NodeView view, boolean upgrade, ProgressSink sink)
      throws ProvisionException, MasterException {
    Instant start = Instant.now();
    sink.step(spec.name(), ProvisionStep.CONNECT);
    try (RemoteSession session = connect(spec)) {
      sink.step(spec.name(), ProvisionStep.DETECT_OS);
      HostPlatform platform = detect(session, spec,
          view != null && upgrade ? view.record().installDir() : spec.installDirFor(HostOs.LINUX), sudo(view));
      try {
        return install(session, platform, spec, view, upgrade, sink, start);
      } catch (ProvisionException e) {
        return NodeReport.failed(spec.name(), e, platform.os().label(), Duration.between(start, Instant.now()));
      } finally {
        platform.release(true);
      }
    }
  }

  private NodeReport install(RemoteSession session, HostPlatform platform, NodeSpec spec, NodeView view,
      boolean upgrade, ProgressSink sink, Instant start) throws ProvisionException, MasterException {
    String name = spec.name();
    String dir = view != null && upgrade ? view.record().installDir() : platform.installDir(spec);
    sink.step(name, ProvisionStep.CHECK_JAVA);
    String java = platform.checkJava(session, spec, settings.installJava(), dir);
    sink.step(name, ProvisionStep.INSPECT);
    HostState state = platform.inspect(session, dir);
    InstallPlan plan = InstallPlan.of(bundle.filesFor(platform.os()), wantedFiles(platform, dir, java, spec), state,
        platform, upgrade);
    plan.checkRoom(state, spec.target().host(), dir);

    sink.step(name, ProvisionStep.CREDENTIAL);
    Credential credential = credential(name, view, state);
    boolean fresh = !state.installed();
    try {
      Applied applied = apply(session, platform, dir, spec, state, plan, credential, sink);
      platform.release(false);
      sink.step(name, ProvisionStep.REGISTER);
      RegisteredAgent agent = awaitRegistration(session, platform, dir, spec, credential.id(),
          applied.previousStream());

      sink.step(name, ProvisionStep.RECORD);
      recordNode(platform, spec, view, dir, state, credential, agent);
      NodeReport.Outcome outcome = !applied.changed() && !applied.started() ? NodeReport.Outcome.UNCHANGED
          : upgrade ? NodeReport.Outcome.UPGRADED : fresh ? NodeReport.Outcome.ADDED : NodeReport.Outcome.UPDATED;
      return new NodeReport(name, outcome, null, describe(outcome, plan, platform, state, credential, applied),
          agent.agentId(), platform.os().label(), Duration.between(start, Instant.now()));
    } catch (ProvisionException | MasterException | RuntimeException e) {
      platform.release(true);
      undo(session, platform, dir, fresh, credential.issued(), spec);
      throw e;
    }
  }

  /** The generated files the install should have: the platform's launcher and the like, and the CA if any. */
  private Map<String, byte[]> wantedFiles(HostPlatform platform, String dir, String java, NodeSpec spec) {
    Map<String, byte[]> wanted = new LinkedHashMap<>(
        platform.generatedFiles(dir, java, settings.agentMaster(), spec, settings.caCertificate() != null));
    if (settings.caCertificate() != null) {
      wanted.put(platform.caFile(), settings.caCertificate().getBytes(StandardCharsets.UTF_8));
    }
    return wanted;
  }

  /** The credential the agent registers with: {@code issued} is null when the host's is still honoured. */
  private record Credential(String id, IssuedCredential issued) {
    /** The credential file's content when this run issued one, else null. */
    byte[] newFile() {
      return issued == null ? null : (issued.token() + "\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The host's credential when the master still honours it, else a new one. */
  private Credential credential(String name, NodeView view, HostState state) throws MasterException {
    String previous = view != null && view.credentialValid() ? view.record().credentialId() : null;
    if (state.credentialId() != null && state.credentialId().equals(previous)) {
      return new Credential(previous, null);
    }
    IssuedCredential issued = master.issueCredential(name);
    return new Credential(issued.id(), issued);
  }

  /**
   * What the upload, service and start steps did.
   *
   * @param previousStream the event stream of the agent that ran before the restart, for the registration
   *     step to tell the new agent from it; null when none ran
   */
  private record Applied(boolean changed, boolean started, String previousStream) {}

  /** Uploads what changed, installs the service and (re)starts the agent when anything changed or it is down. */
  private Applied apply(RemoteSession session, HostPlatform platform, String dir, NodeSpec spec, HostState state,
      InstallPlan plan, Credential credential, ProgressSink sink) throws ProvisionException, MasterException {
    String name = spec.name();
    sink.step(name, ProvisionStep.UPLOAD);
    boolean filesChanged = plan.changesFiles(credential.newFile());
    // Changed files mean a (re)start; where the service cannot change, the same round trip does it.
    boolean started = filesChanged && platform.startsWithUpload(state);
    String previousStream = started && state.running() ? connectedStream(state.credentialId()) : null;
    if (filesChanged) {
      platform.upload(session, dir, plan.uploads(platform, credential.newFile()), plan.stale(), started ? state : null);
    }
    sink.step(name, ProvisionStep.SERVICE);
    boolean changed = platform.installService(session, dir, spec, state) || filesChanged;

    sink.step(name, ProvisionStep.START);
    if (!started && (changed || !state.running())) {
      if (state.running()) {
        previousStream = connectedStream(state.credentialId());
      }
      platform.start(session, dir, state, state.running());
      started = true;
    }
    return new Applied(changed, started, previousStream);
  }

  /** Records the node with the master, and revokes the credential this run replaced. */
  private void recordNode(HostPlatform platform, NodeSpec spec, NodeView view, String dir, HostState state,
      Credential credential, RegisteredAgent agent) throws MasterException {
    String addedAt = view != null ? view.record().addedAt() : Instant.now().toString();
    master.putNode(new NodeRecord(spec.name(), spec.target().host(), spec.target().port(), spec.target().user(),
        platform.os().label(), platform.arch(), dir, bundle.version(), credential.id(), agent.agentId(),
        platform.serviceKind(state), addedAt, sudo(view)));
    if (credential.issued() != null && view != null && view.credentialValid()
        && !view.record().credentialId().equals(credential.id())) {
      master.revokeCredential(view.record().credentialId());
    }
  }

  private String describe(NodeReport.Outcome outcome, InstallPlan plan, HostPlatform platform, HostState state,
      Credential credential, Applied applied) {
    int bundleFiles = plan.bundleChanges().size();
    return switch (outcome) {
      case UNCHANGED -> "unchanged";
      case ADDED -> "added (" + bundleFiles + " files, " + platform.serviceKind(state) + ")";
      case UPGRADED -> "upgraded to " + bundle.version() + " (" + bundleFiles + " files)";
      default -> "updated (" + (bundleFiles + plan.generated().size()) + " files"
          + (credential.issued() != null ? ", new credential" : "") + (applied.started() ? ", agent restarted" : "")
          + ")";
    };
  }

  /**
   * After a failure: a fresh install is removed and a credential issued by this run revoked. When
   * the connection itself broke, a new one is made for the removal.
   */
  private void undo(RemoteSession session, HostPlatform platform, String dir, boolean fresh, IssuedCredential issued,
      NodeSpec spec) {
    boolean removed = false;
    if (fresh) {
      try {
        platform.uninstall(session, dir);
        removed = true;
      } catch (ProvisionException | RuntimeException e) {
        try (RemoteSession again = connector.connect(spec.target(), spec.ssh())) {
          platform.uninstall(again, dir);
          removed = true;
        } catch (SshException | ProvisionException | RuntimeException e2) {
          LOG.warn("{}: removing the partial install at {} failed: {}", spec.name(), dir, e2.getMessage());
        }
      }
    }
    if (issued != null && (removed || !fresh)) {
      try {
        master.revokeCredential(issued.id());
      } catch (MasterException | RuntimeException e) {
        LOG.warn("{}: revoking credential {} failed: {}", spec.name(), issued.id(), e.getMessage());
      }
    }
  }

  private String connectedStream(String credentialId) throws MasterException {
    if (credentialId == null) {
      return null;
    }
    for (RegisteredAgent a : master.agentsByCredential(credentialId)) {
      if (a.connected()) {
        return a.stream();
      }
    }
    return null;
  }

  /** Polls the master until an agent holding the credential is connected on a new stream (if it was restarted). */
  private RegisteredAgent awaitRegistration(RemoteSession session, HostPlatform platform, String dir, NodeSpec spec,
      String credentialId, String previousStream) throws ProvisionException, MasterException {
    Instant deadline = Instant.now().plus(settings.registerTimeout());
    while (true) {
      for (RegisteredAgent a : master.agentsByCredential(credentialId)) {
        if (a.connected() && !a.stream().equals(previousStream) && !"GONE".equals(a.state())) {
          return a;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ProvisionException(ProvisionStep.REGISTER, "the agent on " + spec.target().host()
            + " did not register with " + settings.agentMaster() + " within " + settings.registerTimeout().toSeconds()
            + " s" + agentLogTail(session, platform, dir));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProvisionException(ProvisionStep.REGISTER, "interrupted");
      }
    }
  }

  private static String agentLogTail(RemoteSession session, HostPlatform platform, String dir) {
    if (platform.os() != HostOs.LINUX) {
      return "";
    }
    try {
      ExecResult r = session.exec("tail -n 3 " + Sh.quote(dir + "/log/agent.out") + " 2>/dev/null", QUICK);
      String tail = r.stdout().strip().replace('\n', ' ');
      return tail.isEmpty() ? "" : "; its log ends: " + tail;
    } catch (SshException e) {
      return "";
    }
  }

  private NodeReport removeOne(NodeSpec spec, NodeView view, ProgressSink sink)
      throws ProvisionException, MasterException {
    Instant start = Instant.now();
    String name = spec.name();
    if (view == null) {
      throw new ProvisionException(ProvisionStep.INSPECT, "no such node: " + name
          + " (corral node list shows the provisioned ones)");
    }
    NodeRecord record = view.record();
    Optional<RegisteredAgent> agent = view.agent();
    if (agent.isPresent() && !"GONE".equals(agent.get().state())) {
      sink.step(name, ProvisionStep.DRAIN);
      master.drainAgent(agent.get().agentId());
      Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
      while (master.liveTasks(agent.get().agentId()) > 0 && Instant.now().isBefore(deadline)) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProvisionException(ProvisionStep.DRAIN, "interrupted");
        }
      }
    }
    sink.step(name, ProvisionStep.CONNECT);
    try (RemoteSession session = connect(spec)) {
      HostPlatform platform = platformFor(HostOs.parse(record.os()), spec, record.arch(), sudo(view));
      // Gone first: the master sends the agent SHUTDOWN while it still listens, and refuses it from now on.
      if (agent.isPresent()) {
        master.markAgentGone(agent.get().agentId());
      }
      sink.step(name, ProvisionStep.UNINSTALL);
      platform.uninstall(session, record.installDir());
    }
    sink.step(name, ProvisionStep.REVOKE);
    master.revokeCredential(record.credentialId());
    master.removeNode(name);
    return new NodeReport(name, NodeReport.Outcome.REMOVED, null, "removed " + record.installDir(),
        agent.map(RegisteredAgent::agentId).orElse(null), record.os(), Duration.between(start, Instant.now()));
  }

  // ------------------------------------------------------------------ OS detection

  /**
   * Tells the OS. On a host that may be Linux, the same round trip also looks for Java and at what is
   * installed in {@code linuxDir} (see {@link LinuxPlatform#probe}), which the next steps then use;
   * without sudo its command then stays, waiting for what to change ({@link LinuxPlatform#hold}).
   */
  private HostPlatform detect(RemoteSession session, NodeSpec spec, String linuxDir, boolean sudo)
      throws ProvisionException {
    if (spec.os() != HostOs.WINDOWS) {
      String probe = LinuxScripts.command(LinuxPlatform.probe(spec, linuxDir, sudo), false);
      RemoteSession.Dialogue waiting = null;
      ExecResult uname;
      if (sudo) {
        uname = exec(session, probe, ProvisionStep.DETECT_OS, QUICK);
      } else {
        try {
          waiting = session.open(probe, LinuxScripts.DECIDE_MARK, QUICK);
        } catch (SshException e) {
          throw sshFailure(ProvisionStep.DETECT_OS, e, session.target().host());
        }
        uname = waiting.opening();
      }
      String out = uname.stdout().lines().findFirst().orElse("").strip();
      if (out.startsWith("Linux")) {
        String[] parts = out.split("\\s+");
        LinuxPlatform linux = (LinuxPlatform) platformFor(HostOs.LINUX, spec, parts.length > 1 ? parts[1] : "unknown", sudo);
        linux.prefetch(linuxDir, uname);
        if (waiting != null && waiting.waiting()) {
          linux.hold(linuxDir, waiting);
        }
        return linux;
      }
      if (waiting != null) {
        waiting.close();
      }
      if (spec.os() == HostOs.LINUX) {
        throw new ProvisionException(ProvisionStep.DETECT_OS, spec.target().host() + " is not Linux: 'uname -sm' said '"
            + (out.isEmpty() ? LinuxPlatform.firstLine(uname) : out) + "'");
      }
    }
    ExecResult ver = exec(session, "ver", ProvisionStep.DETECT_OS, QUICK);
    if (ver.ok() && ver.stdout().contains("Windows")) {
      ExecResult arch = exec(session, "echo %PROCESSOR_ARCHITECTURE%", ProvisionStep.DETECT_OS, QUICK);
      return platformFor(HostOs.WINDOWS, spec, arch.stdout().strip().isEmpty() ? "unknown" : arch.stdout().strip(), false);
    }
    throw new ProvisionException(ProvisionStep.DETECT_OS, "cannot tell the OS of " + spec.target().host()
        + ": neither 'uname -sm' nor 'ver' answered as Linux or Windows do");
  }

  private HostPlatform platformFor(HostOs os, NodeSpec spec, String arch, boolean sudo) {
    return os == HostOs.WINDOWS ? new WindowsPlatform(spec.target().host(), arch)
        : new LinuxPlatform(spec.target().host(), arch, sudo);
  }

  /**
   * Whether privileged steps go through sudo: when asked, or when the node was installed that way
   * (the record remembers it, so remove, upgrade and a repeated add need no --sudo).
   */
  private boolean sudo(NodeView view) {
    return settings.sudo() || (view != null && view.record().sudo());
  }

  // ------------------------------------------------------------------ helpers shared by the platforms

  static ExecResult exec(RemoteSession session, String command, ProvisionStep step, Duration timeout)
      throws ProvisionException {
    try {
      return session.exec(command, timeout);
    } catch (SshException e) {
      throw sshFailure(step, e, session.target().host());
    }
  }

  /** A classified SSH failure as a one-line provisioning failure. */
  static ProvisionException sshFailure(ProvisionStep step, SshException e, String where) {
    String why = switch (e.kind()) {
      case UNREACHABLE -> "unreachable";
      case HOST_KEY_UNKNOWN -> "host key unknown";
      case HOST_KEY_CHANGED -> "host key changed";
      case AUTH_FAILED -> "authentication failed";
      case CONNECTION_LOST -> "connection lost";
      case TIMEOUT -> "timed out";
      case TRANSFER_FAILED -> "transfer failed";
      case OTHER -> "ssh failed";
    };
    String detail = e.getMessage() == null ? "" : e.getMessage();
    return new ProvisionException(step, why + " (" + where + ")" + (detail.isEmpty() ? "" : ": " + detail), e);
  }
}
