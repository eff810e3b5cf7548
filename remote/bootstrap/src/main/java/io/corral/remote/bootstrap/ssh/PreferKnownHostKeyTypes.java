package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;

/**
 * Asks a host first for the key types known_hosts already holds for it, as OpenSSH does: a host with
 * ed25519, ecdsa and rsa keys then presents the one on file instead of looking changed.
 */
final class PreferKnownHostKeyTypes implements SessionListener {
  @Override
  public void sessionEstablished(Session session) {
    if (!(session instanceof ClientSession client)) {
      return;
    }
    // Called from the session's constructor, before getConnectionContext() is set: read it where the
    // connector put it for the session to pick up.
    Object attached = client.getIoSession().getAttribute(AttributeRepository.class);
    AttributeRepository context = attached instanceof AttributeRepository repository ? repository : null;
    HostKeyCheck check = context == null ? null : context.getAttribute(HostKeyCheck.ATTRIBUTE);
    if (check == null) {
      return;
    }
    Set<String> known = new LinkedHashSet<>();
    try {
      check.knownHosts().entriesFor(check.host(), check.port()).forEach(e -> known.add(e.key().type()));
    } catch (IOException e) {
      return; // the check itself reports an unreadable file
    }
    if (known.isEmpty()) {
      return;
    }
    List<NamedFactory<Signature>> preferred = new ArrayList<>();
    List<NamedFactory<Signature>> rest = new ArrayList<>();
    for (NamedFactory<Signature> factory : client.getSignatureFactories()) {
      (known.contains(KeyUtils.getCanonicalKeyType(factory.getName())) ? preferred : rest).add(factory);
    }
    preferred.addAll(rest);
    client.setSignatureFactories(preferred);
  }
}
