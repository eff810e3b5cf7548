package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host key decision for one connection: the presented key is checked against known_hosts under the
 * name the operator gave (not the socket address, which is a local tunnel end for jumped hosts). An
 * unknown key is added only when asked for; a changed or revoked key is refused always. The refusal is
 * kept here so the connector can report it instead of MINA's generic "key did not validate".
 */
final class HostKeyCheck {
  static final AttributeKey<HostKeyCheck> ATTRIBUTE = new AttributeKey<>();
  private static final Logger LOG = LoggerFactory.getLogger(HostKeyCheck.class);

  private final String host;
  private final int port;
  private final KnownHosts knownHosts;
  private final boolean acceptNew;
  private final AtomicReference<SshException> refusal = new AtomicReference<>();

  HostKeyCheck(String host, int port, KnownHosts knownHosts, boolean acceptNew) {
    this.host = host;
    this.port = port;
    this.knownHosts = knownHosts;
    this.acceptNew = acceptNew;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  KnownHosts knownHosts() {
    return knownHosts;
  }

  AttributeRepository asContext() {
    return AttributeRepository.ofKeyValuePair(ATTRIBUTE, this);
  }

  /** Why the key was refused, if it was. */
  SshException refusal() {
    return refusal.get();
  }

  /** The verifier the shared client uses: finds the check in the session's connection context. */
  static final ServerKeyVerifier VERIFIER = HostKeyCheck::verify;

  private static boolean verify(ClientSession session, SocketAddress remote, PublicKey key) {
    AttributeRepository context = session.getConnectionContext();
    HostKeyCheck check = context == null ? null : context.getAttribute(ATTRIBUTE);
    if (check == null) {
      LOG.warn("host key of {} refused: no known_hosts check was set up for this connection", remote);
      return false;
    }
    return check.accepts(key);
  }

  boolean accepts(PublicKey key) {
    KnownHosts.HostKey presented = encode(key);
    String name = KnownHosts.hostField(host, port);
    try {
      KnownHosts.Verdict verdict = knownHosts.check(host, port, presented);
      if (verdict instanceof KnownHosts.Verdict.Unknown) {
        if (!acceptNew) {
          return refuse(SshException.Kind.HOST_KEY_UNKNOWN, "host key of " + name + " is not known: "
              + presented.type() + " " + presented.fingerprint() + " is not in " + knownHosts.file()
              + "; check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_"
              + keyFileType(presented.type()) + "_key.pub) and connect again with --accept-new-host-key to add it");
        }
        verdict = knownHosts.addIfUnknown(host, port, presented);
        if (verdict instanceof KnownHosts.Verdict.Known known) {
          LOG.info("added host key of {} ({}) to {} line {}", name, presented, knownHosts.file(), known.entry().line());
        }
      }
      if (verdict instanceof KnownHosts.Verdict.Known) {
        return true;
      }
      if (verdict instanceof KnownHosts.Verdict.Changed changed) {
        KnownHosts.HostKey old = changed.entry().key();
        return refuse(SshException.Kind.HOST_KEY_CHANGED, "HOST KEY CHANGED for " + name + ": it presented "
            + presented.type() + " " + presented.fingerprint() + " but " + knownHosts.file() + " line "
            + changed.entry().line() + " holds " + old.type() + " " + old.fingerprint()
            + "; this may be an attack; if the host was reinstalled, remove that line (ssh-keygen -R '" + name
            + "' -f " + knownHosts.file() + ") and connect again");
      }
      KnownHosts.Verdict.Revoked revoked = (KnownHosts.Verdict.Revoked) verdict;
      return refuse(SshException.Kind.HOST_KEY_CHANGED, "host key of " + name + " (" + presented.type() + " "
          + presented.fingerprint() + ") is marked @revoked in " + knownHosts.file() + " line "
          + revoked.entry().line());
    } catch (IOException e) {
      return refuse(SshException.Kind.OTHER, "cannot use known_hosts file " + knownHosts.file() + ": " + e.getMessage());
    }
  }

  private boolean refuse(SshException.Kind kind, String message) {
    refusal.compareAndSet(null, new SshException(kind, message));
    return false;
  }

  static KnownHosts.HostKey encode(PublicKey key) {
    ByteArrayBuffer buffer = new ByteArrayBuffer();
    buffer.putRawPublicKey(key);
    return new KnownHosts.HostKey(KeyUtils.getKeyType(key), buffer.getCompactData());
  }

  private static String keyFileType(String type) {
    if (type.startsWith("ssh-ed25519")) {
      return "ed25519";
    }
    if (type.startsWith("ecdsa")) {
      return "ecdsa";
    }
    return type.startsWith("ssh-rsa") ? "rsa" : "*";
  }
}
