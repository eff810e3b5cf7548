package io.corral.remote.master;

import io.corral.core.port.Clock;
import io.corral.core.state.StateChange;
import io.corral.core.state.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Principal tokens ({@code corral token create}): random bearer tokens, each authenticating as one
 * principal. Only the SHA-256 of a token is kept; a presented token is looked up by its hash, and
 * the stored hash compared with it in constant time. The token is returned once, by {@link #create}.
 *
 * <p>Created and revoked on the master loop (the change goes through the loop's persistence);
 * checked on any thread (HTTP threads authenticate before anything reaches the loop), hence the
 * concurrent maps. When each token was last used is kept in memory only: writing it per request
 * would cost a state write per call.
 */
final class PrincipalTokens {
  /** What every principal token starts with, so that one found in a file or a log is recognised. */
  static final String PREFIX = "crl_";
  private static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A token just created: the record, and the token itself (shown once, never stored or logged). */
  record Created(StoredToken record, String token) {
    @Override
    public String toString() {
      return "Created[" + record.id() + ", token=***]";
    }
  }

  /** Why a bearer token did not authenticate, or as whom it did. */
  sealed interface Check permits Valid, Invalid {}

  record Valid(StoredToken token) implements Check {}

  record Invalid(String reason) implements Check {}

  private final Map<String, StoredToken> byId = new ConcurrentHashMap<>();
  private final Map<String, StoredToken> byHash = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
  private final Consumer<StateChange> persist;
  private final Clock clock;

  PrincipalTokens(Map<String, StoredToken> stored, Consumer<StateChange> persist, Clock clock) {
    stored.values().forEach(this::remember);
    this.persist = persist;
    this.clock = clock;
  }

  private void remember(StoredToken token) {
    byId.put(token.id(), token);
    byHash.put(token.secretHash(), token);
  }

  /** Creates a token for {@code principal} (loop only); {@code expiresAt} null: it never expires. */
  Created create(String principal, String description, Instant expiresAt) {
    byte[] idBytes = new byte[6];
    byte[] secret = new byte[SECRET_BYTES];
    String id;
    do {
      RANDOM.nextBytes(idBytes);
      id = HexFormat.of().formatHex(idBytes);
    } while (byId.containsKey(id));
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    StoredToken record = new StoredToken(id, hash(token), principal, description, clock.now(), expiresAt, false);
    // Known at once, but nobody can present it before the answer, which waits for the commit.
    remember(record);
    persist.accept(new StateChange.PutToken(record));
    return new Created(record, token);
  }

  /** A revocation: the token's record now, and whether this call revoked it (false: it was revoked before). */
  record Revocation(StoredToken token, boolean justNow) {}

  /**
   * Revokes the token {@code id} (loop only): refused from now on, though the answer waits for the
   * commit (refusing early is the safe side). Empty for an unknown id; a token revoked before
   * stays as it is, without a new change.
   */
  Optional<Revocation> revoke(String id) {
    StoredToken token = byId.get(id);
    if (token == null || token.revoked()) {
      return Optional.ofNullable(token).map(t -> new Revocation(t, false));
    }
    StoredToken revoked = token.revokedCopy();
    remember(revoked);
    persist.accept(new StateChange.PutToken(revoked));
    return Optional.of(new Revocation(revoked, true));
  }

  /** Every token, valid or not, oldest first. */
  List<StoredToken> all() {
    return byId.values().stream().sorted(Comparator.comparing(StoredToken::createdAt).thenComparing(StoredToken::id))
        .toList();
  }

  /** When the token was last presented and valid since this master started; null if not. */
  Instant lastUsed(String id) {
    return lastUsed.get(id);
  }

  Instant now() {
    return clock.now();
  }

  /**
   * The principal token an {@code Authorization} value presents ({@code Bearer crl_...}), or null
   * when it presents none (another scheme, or a bearer token of another kind: the operator token).
   */
  static String presentedIn(String authorization) {
    if (authorization == null) {
      return null;
    }
    String header = authorization.trim();
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.startsWith(PREFIX) ? token : null;
  }

  /** The token {@code bearer} (the text after {@code Bearer }) is, if it is valid now; any thread. */
  Check check(String bearer) {
    String given = hash(bearer);
    StoredToken token = byHash.get(given);
    // The map found it by its hash; the comparison that decides is the constant-time one.
    if (token == null || !MessageDigest.isEqual(token.secretHash().getBytes(StandardCharsets.US_ASCII),
        given.getBytes(StandardCharsets.US_ASCII))) {
      return new Invalid("unknown or revoked token");
    }
    if (token.revoked()) {
      return new Invalid("unknown or revoked token");
    }
    Instant now = clock.now();
    if (token.expiredAt(now)) {
      return new Invalid("token " + token.id() + " expired at " + token.expiresAt());
    }
    lastUsed.put(token.id(), now);
    return new Valid(token);
  }

  static String hash(String token) {
    return HexFormat.of().formatHex(OperatorToken.sha256(token));
  }
}
