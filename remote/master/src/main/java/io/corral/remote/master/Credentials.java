package io.corral.remote.master;

import io.corral.core.state.StateChange;
import io.corral.core.state.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Agent credentials: {@code <id>.<secret>} tokens the master issues. Only a SHA-256 of the secret
 * is kept, and comparison is constant-time; a token is shown once, to whoever asked for it.
 */
final class Credentials {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, StoredCredential> byId = new LinkedHashMap<>();
  private final Consumer<StateChange> persist;

  Credentials(Map<String, StoredCredential> stored, Consumer<StateChange> persist) {
    this.byId.putAll(stored);
    this.persist = persist;
  }

  /** Issues a new credential for {@code issuedFor} (a host, "bootstrap", ...); returns the token. */
  String issue(String issuedFor, Instant now) {
    byte[] idBytes = new byte[6];
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secretBytes);
    String id = HexFormat.of().formatHex(idBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    StoredCredential c = new StoredCredential(id, hash(secret), issuedFor, now, false);
    byId.put(id, c);
    persist.accept(new StateChange.PutCredential(c));
    return id + "." + secret;
  }

  /** The credential a token proves, if it is known and not revoked. */
  Optional<StoredCredential> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    StoredCredential c = byId.get(token.substring(0, dot));
    if (c == null || c.revoked()) {
      return Optional.empty();
    }
    byte[] expected = c.secretHash().getBytes(StandardCharsets.US_ASCII);
    byte[] actual = hash(token.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual) ? Optional.of(c) : Optional.empty();
  }

  /** The credential with this id, revoked or not. */
  Optional<StoredCredential> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  boolean revoke(String id) {
    StoredCredential c = byId.get(id);
    if (c == null || c.revoked()) {
      return false;
    }
    StoredCredential revoked = new StoredCredential(c.id(), c.secretHash(), c.issuedFor(), c.issuedAt(), true);
    byId.put(id, revoked);
    persist.accept(new StateChange.PutCredential(revoked));
    return true;
  }

  private static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
