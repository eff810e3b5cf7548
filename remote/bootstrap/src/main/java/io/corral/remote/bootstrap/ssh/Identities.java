package io.corral.remote.bootstrap.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The private keys a connection offers, read before connecting so that a missing or wrong passphrase is
 * reported as such (and once, not per host hop). Files named explicitly must load; of the default
 * {@code ~/.ssh/id_*} files, encrypted ones without a passphrase are passed over and noted.
 */
final class Identities {
  private static final List<String> DEFAULT_FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  /** Loaded keys with the file each came from, and notes on default files passed over. */
  record Loaded(List<KeyPair> keys, List<Path> files, List<String> skipped) {}

  private Identities() {}

  static Loaded load(List<Path> identities, Optional<char[]> passphrase) throws SshException {
    boolean explicit = !identities.isEmpty();
    List<Path> files = explicit ? identities : defaultFiles();
    List<KeyPair> keys = new ArrayList<>();
    List<Path> used = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        if (explicit) {
          throw new SshException(SshException.Kind.AUTH_FAILED, "identity file " + file + " cannot be read");
        }
        continue;
      }
      AtomicBoolean encrypted = new AtomicBoolean();
      FilePasswordProvider provider = new FilePasswordProvider() {
        @Override
        public String getPassword(SessionContext session, NamedResource resource, int retryIndex) {
          encrypted.set(true);
          return passphrase.map(String::new).orElse(null);
        }

        @Override
        public ResourceDecodeResult handleDecodeAttemptResult(SessionContext session, NamedResource resource,
            int retryIndex, String password, Exception err) {
          return err == null ? null : ResourceDecodeResult.TERMINATE;
        }
      };
      try {
        Iterable<KeyPair> loaded = SecurityUtils.getKeyPairResourceParser().loadKeyPairs(null, file, provider);
        int before = keys.size();
        if (loaded != null) {
          loaded.forEach(keys::add);
        }
        if (keys.size() == before) {
          throw new SshException(SshException.Kind.AUTH_FAILED, "identity file " + file
              + " holds no private key this client can read (OpenSSH or PEM ed25519, ecdsa or rsa keys are supported)");
        }
        used.add(file);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        if (encrypted.get() && passphrase.isEmpty()) {
          if (explicit) {
            throw new SshException(SshException.Kind.AUTH_FAILED, "identity file " + file
                + " is encrypted and no passphrase was given");
          }
          skipped.add(file + " (encrypted, no passphrase given)");
        } else if (encrypted.get()) {
          throw new SshException(SshException.Kind.AUTH_FAILED, "cannot decrypt identity file " + file
              + ": wrong passphrase");
        } else {
          throw new SshException(SshException.Kind.AUTH_FAILED, "cannot read identity file " + file + ": "
              + describe(e));
        }
      }
    }
    return new Loaded(List.copyOf(keys), List.copyOf(used), List.copyOf(skipped));
  }

  private static List<Path> defaultFiles() {
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    return DEFAULT_FILES.stream().map(ssh::resolve).toList();
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
