package io.corral.remote.master;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator token ({@code <state-dir>/operator-token}) as the master checks it: only its SHA-256
 * is kept, and a presented token is compared in constant time. Safe on any thread.
 */
final class OperatorToken {
  private final byte[] hash;

  OperatorToken(String token) {
    this.hash = sha256(token);
  }

  /** Whether {@code authorization} is {@code Bearer <this token>}. */
  boolean presentedIn(String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(hash, sha256(authorization.substring(7).trim()));
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
