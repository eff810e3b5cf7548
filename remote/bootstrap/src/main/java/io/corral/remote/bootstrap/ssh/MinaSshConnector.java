package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH connector on Apache MINA sshd: one started {@link SshClient} serves every session, so many hosts
 * can be reached at once. Per connection, the host key check, the agent socket and the credentials travel
 * in the session's connection context and identities, never in the shared client. A jump host is reached
 * first and the target's SSH runs through a direct-tcpip tunnel bound to a loopback port of this machine
 * (as OpenSSH's ProxyJump and MINA's own jump support do).
 */
final class MinaSshConnector implements SshConnector {
  private static final Logger LOG = LoggerFactory.getLogger(MinaSshConnector.class);
  private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
  private static final int HEARTBEAT_MISSES = 4;

  /**
   * AES-GCM first: the JDK runs it on the CPU's AES instructions, while chacha20-poly1305 (MINA's
   * first choice) is computed in Java, at about twice the CPU per byte of an agent bundle.
   */
  static final List<String> PREFERRED_CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com");
  /**
   * ML-KEM hybrid (post-quantum, OpenSSH 9.9+) first, then X25519, before sntrup761x25519 (MINA's
   * first choice, post-quantum too): MINA's sntrup761 costs about 0.3 CPU seconds a connection, which
   * twenty hosts at once feel. Servers offering sntrup761 but not ML-KEM (OpenSSH 9.0 to 9.8) so get
   * X25519, as OpenSSH clients before 9.0 did.
   */
  static final List<String> PREFERRED_KEX = List.of("mlkem768x25519-sha256", "curve25519-sha256",
      "curve25519-sha256@libssh.org");

  private final SshClient client;
  private final Optional<Path> agentSocket;

  MinaSshConnector(Optional<Path> agentSocket) {
    this.agentSocket = agentSocket;
    client = SshClient.setUpDefaultClient();
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setServerKeyVerifier(HostKeyCheck.VERIFIER);
    client.setAgentFactory(new AgentChoice());
    // keyboard-interactive answers a lone password prompt with the password (hosts that take passwords
    // only through PAM's conversation); there is no one to ask anything else.
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE,
        UserAuthKeyboardInteractiveFactory.INSTANCE));
    client.addSessionListener(new PreferKnownHostKeyTypes());
    client.setCipherFactories(preferring(client.getCipherFactories(), PREFERRED_CIPHERS));
    client.setKeyExchangeFactories(preferring(client.getKeyExchangeFactories(), PREFERRED_KEX));
    // A peer that stops answering (cable pulled, host frozen) ends the session after about a minute,
    // so a hung upload or command reports CONNECTION_LOST instead of waiting for its own deadline.
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, HEARTBEAT_INTERVAL);
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, HEARTBEAT_MISSES);
    client.start();
  }

  @Override
  public RemoteSession connect(SshTarget target, SshOptions options) throws SshException {
    Deadline deadline = new Deadline(options.connectTimeout());
    Identities.Loaded identities = Identities.load(options.identities(), options.passphrase());
    Optional<Path> agent = agentSocket(options);
    KnownHosts knownHosts = new KnownHosts(options.knownHosts());
    if (options.jump().isEmpty()) {
      ClientSession session = open(target, target.host(), target.port(), "", options, identities, agent, knownHosts,
          deadline);
      return new MinaRemoteSession(target, session, null);
    }
    SshTarget jump = options.jump().get();
    String jumpHop = "jump host " + jump + ": ";
    ClientSession bastion = open(jump, jump.host(), jump.port(), jumpHop, options, identities, agent, knownHosts,
        deadline);
    try {
      ExplicitPortForwardingTracker tunnel;
      try {
        tunnel = bastion.createLocalPortForwardingTracker(new SshdSocketAddress("127.0.0.1", 0),
            new SshdSocketAddress(target.host(), target.port()));
      } catch (IOException | RuntimeException e) {
        throw new SshException(SshException.Kind.OTHER, jumpHop + "cannot open a tunnel to " + target.host() + ":"
            + target.port() + ": " + message(e), e);
      }
      SshdSocketAddress end = tunnel.getBoundAddress();
      ClientSession session = open(target, end.getHostName(), end.getPort(), "target " + target + " via jump host " + jump
          + ": ", options, identities, agent, knownHosts, deadline);
      return new MinaRemoteSession(target, session, bastion);
    } catch (SshException | RuntimeException e) {
      bastion.close(true);
      throw e;
    }
  }

  private ClientSession open(SshTarget target, String connectHost, int connectPort, String hop, SshOptions options,
      Identities.Loaded identities, Optional<Path> agent, KnownHosts knownHosts, Deadline deadline)
      throws SshException {
    HostKeyCheck check = new HostKeyCheck(target.host(), target.port(), knownHosts, options.acceptNewHostKey());
    Map<AttributeKey<?>, Object> context = new HashMap<>();
    context.put(HostKeyCheck.ATTRIBUTE, check);
    agent.ifPresent(socket -> context.put(AgentChoice.SOCKET, socket));
    String address = target.host() + ":" + target.port();
    ConnectFuture connecting;
    try {
      connecting = client.connect(target.user(), connectHost, connectPort, AttributeRepository.ofAttributesMap(context),
          null);
    } catch (IOException | RuntimeException e) {
      throw unreachable(hop, address, e);
    }
    try {
      if (!connecting.await(deadline.remainingMillis())) {
        connecting.cancel();
        throw new SshException(SshException.Kind.UNREACHABLE, hop + "no connection to " + address + " within "
            + deadline.total().toSeconds() + " s");
      }
    } catch (IOException e) {
      throw unreachable(hop, address, e);
    }
    if (connecting.getException() != null) {
      throw unreachable(hop, address, connecting.getException());
    }
    ClientSession session = connecting.getClientSession();
    try {
      for (KeyPair key : identities.keys()) {
        session.addPublicKeyIdentity(key);
      }
      options.password().ifPresent(password -> session.addPasswordIdentity(new String(password)));
      AuthFuture auth = session.auth();
      boolean done = auth.await(deadline.remainingMillis());
      if (check.refusal() != null) {
        throw withHop(hop, check.refusal());
      }
      if (!done) {
        throw new SshException(SshException.Kind.TIMEOUT, hop + "no login at " + address + " within "
            + deadline.total().toSeconds() + " s (key exchange and authentication did not finish)");
      }
      if (!auth.isSuccess()) {
        Throwable cause = auth.getException();
        if (cause == null || isAuthRejection(cause)) {
          throw authFailed(hop, target.user(), address, options, identities, agent);
        }
        throw brokeBeforeLogin(hop, address, session, cause);
      }
      LOG.debug("connected to {}{}", hop, target);
      return session;
    } catch (SshException | RuntimeException e) {
      session.close(true);
      throw e;
    } catch (IOException e) {
      session.close(true);
      if (check.refusal() != null) {
        throw withHop(hop, check.refusal());
      }
      if (isAuthRejection(e)) {
        throw authFailed(hop, target.user(), address, options, identities, agent);
      }
      throw brokeBeforeLogin(hop, address, session, e);
    }
  }

  /** {@code factories} with those named in {@code first} moved to the front, in that order; the rest keep theirs. */
  static <T extends org.apache.sshd.common.NamedResource> List<T> preferring(List<T> factories, List<String> first) {
    List<T> ordered = new ArrayList<>();
    for (String name : first) {
      factories.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(ordered::add);
    }
    factories.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
    return ordered;
  }

  /** A connection closed before the server said who it is never reached an SSH server (or a tunnel's end). */
  private static SshException brokeBeforeLogin(String hop, String address, ClientSession session, Throwable cause) {
    if (session.getServerVersion() == null) {
      return new SshException(SshException.Kind.UNREACHABLE, hop + "no SSH server answered at " + address
          + (hop.contains("via jump host") ? " (the jump host could not connect there)" : "") + ": "
          + message(cause), cause);
    }
    return new SshException(SshException.Kind.CONNECTION_LOST, hop + "connection to " + address
        + " broke before login: " + message(cause), cause);
  }

  private static boolean isAuthRejection(Throwable e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return text.contains("no more authentication methods") || text.contains("authentication")
        || text.contains("no authentication");
  }

  private static SshException authFailed(String hop, String user, String address, SshOptions options, Identities.Loaded identities,
      Optional<Path> agent) {
    List<String> tried = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    identities.files().forEach(file -> keys.add(file.toString()));
    agent.ifPresent(socket -> keys.add("ssh-agent keys"));
    if (!keys.isEmpty()) {
      tried.add("publickey (" + String.join(", ", keys) + ")");
    }
    if (options.password().isPresent()) {
      tried.add("password (also as keyboard-interactive)");
    }
    String methods = tried.isEmpty() ? "no method: no identity file, agent or password was available"
        : String.join(", ", tried);
    String skipped = identities.skipped().isEmpty() ? "" : "; passed over: " + String.join(", ", identities.skipped());
    if (options.useAgent() && agent.isEmpty()) {
      skipped += "; no ssh-agent to ask (SSH_AUTH_SOCK is not set)";
    }
    return new SshException(SshException.Kind.AUTH_FAILED, hop + "authentication failed for " + user + "@" + address
        + "; tried " + methods + skipped);
  }

  private Optional<Path> agentSocket(SshOptions options) {
    return options.useAgent() ? agentSocket : Optional.empty();
  }

  private static SshException unreachable(String hop, String address, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof ConnectException || root instanceof NoRouteToHostException
          || root instanceof SocketTimeoutException || root instanceof UnknownHostException) {
        break;
      }
      root = root.getCause();
    }
    String why;
    if (root instanceof ConnectException) {
      why = "connection refused";
    } else if (root instanceof NoRouteToHostException) {
      why = "no route to host";
    } else if (root instanceof SocketTimeoutException) {
      why = "connect timed out";
    } else if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
      why = "unknown host";
    } else {
      why = message(root);
    }
    return new SshException(SshException.Kind.UNREACHABLE, hop + "cannot reach " + address + ": " + why, e);
  }

  private static SshException withHop(String hop, SshException e) {
    return hop.isEmpty() ? e : new SshException(e.kind(), hop + e.getMessage(), e);
  }

  static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    try {
      client.stop();
    } finally {
      try {
        client.close();
      } catch (IOException e) {
        LOG.debug("closing the SSH client: {}", e.toString());
      }
    }
  }

  /** What is left of the connect timeout, shared by the hops of one connection. */
  private static final class Deadline {
    private final Duration total;
    private final long end;

    Deadline(Duration total) {
      this.total = total;
      this.end = System.nanoTime() + total.toNanos();
    }

    Duration total() {
      return total;
    }

    long remainingMillis() {
      return Math.max(1, (end - System.nanoTime()) / 1_000_000);
    }
  }
}
