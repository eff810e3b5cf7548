package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling the master's HTTP APIs, from the {@code Authorization} header: HTTP Basic
 * {@code principal:secret} checked against a credentials file in Mesos' JSON format
 * ({@code {"credentials":[{"principal":"fw1","secret":"..."}]}}, read again when it changes),
 * {@code Bearer <operator token>}, which speaks for the operator with every right, or
 * {@code Bearer <principal token>} ({@link PrincipalTokens}), which speaks for its principal exactly
 * as that principal's secret would. Secrets are kept only as SHA-256 hashes and compared in
 * constant time; none is ever logged.
 */
final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  /** The principal an operator token authenticates as. */
  static final String OPERATOR = "operator";
  static final String CHALLENGE = "Basic realm=\"corral\"";
  private static final byte[] NO_SECRET = new byte[32];

  /** A caller the master recognised, or why it did not. */
  sealed interface Outcome permits Caller, Refused {}

  /** {@code operator}: the operator token, which may do anything. */
  record Caller(String principal, boolean operator) implements Outcome {}

  record Refused(String reason) implements Outcome {}

  private final Path credentialsFile;
  private final OperatorToken operatorToken;
  private final PrincipalTokens tokens;
  private final LongSupplier nanoTime;
  private Map<String, byte[]> secrets = Map.of();
  private FileTime readAt;
  private long checkedAtNanos;

  /** {@code credentialsFile} may be null: then only the operator token authenticates. */
  Authenticator(Path credentialsFile, String operatorToken) {
    this(credentialsFile, operatorToken, null, System::nanoTime);
  }

  /** As {@link #Authenticator(Path, String)}, and principal tokens ({@code tokens} null: none). */
  Authenticator(Path credentialsFile, String operatorToken, PrincipalTokens tokens) {
    this(credentialsFile, operatorToken, tokens, System::nanoTime);
  }

  /** With the clock that paces re-reading the file (tests move it by hand). */
  Authenticator(Path credentialsFile, String operatorToken, LongSupplier nanoTime) {
    this(credentialsFile, operatorToken, null, nanoTime);
  }

  private Authenticator(Path credentialsFile, String operatorToken, PrincipalTokens tokens,
      LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.credentialsFile = credentialsFile;
    this.operatorToken = new OperatorToken(operatorToken);
    this.tokens = tokens;
    if (credentialsFile != null) {
      reload(true);
    }
  }

  Outcome authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return new Refused("this master needs credentials: HTTP Basic 'principal:secret' or 'Bearer <token>'");
    }
    String header = authorization.trim();
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return bearer(header);
    }
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return new Refused("unsupported authentication scheme; use HTTP Basic or Bearer");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Refused("malformed HTTP Basic credentials (not base64)");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return new Refused("malformed HTTP Basic credentials (expected 'principal:secret')");
    }
    String principal = decoded.substring(0, colon);
    byte[] expected = secrets().get(principal);
    byte[] given = OperatorToken.sha256(decoded.substring(colon + 1));
    if (expected == null) {
      // Compared anyway, so that an unknown principal takes as long as a wrong secret.
      MessageDigest.isEqual(NO_SECRET, given);
      return new Refused("principal " + principal + ": unknown principal");
    }
    return MessageDigest.isEqual(expected, given) ? new Caller(principal, false)
        : new Refused("principal " + principal + ": wrong secret");
  }

  /** The operator token, or a principal token that is valid now. */
  private Outcome bearer(String header) {
    if (operatorToken.presentedIn(header)) {
      return new Caller(OPERATOR, true);
    }
    String token = PrincipalTokens.presentedIn(header);
    if (tokens == null || token == null) {
      return new Refused("unknown or revoked token");
    }
    PrincipalTokens.Check check = tokens.check(token);
    return check instanceof PrincipalTokens.Valid valid ? new Caller(valid.token().principal(), false)
        : new Refused(((PrincipalTokens.Invalid) check).reason());
  }

  /** The principals and their secret hashes, read again (at most once a second) when the file changed. */
  private synchronized Map<String, byte[]> secrets() {
    if (credentialsFile != null && nanoTime.getAsLong() - checkedAtNanos > 1_000_000_000L) {
      reload(false);
    }
    return secrets;
  }

  private synchronized void reload(boolean first) {
    checkedAtNanos = nanoTime.getAsLong();
    try {
      FileTime modified = Files.getLastModifiedTime(credentialsFile);
      if (!first && modified.equals(readAt)) {
        return;
      }
      secrets = parse(Files.readAllBytes(credentialsFile));
      readAt = modified;
      LOG.info("read {} principals from {}", secrets.size(), credentialsFile);
    } catch (IOException | IllegalArgumentException e) {
      if (first) {
        throw new IllegalArgumentException("cannot read the credentials file " + credentialsFile + ": "
            + e.getMessage(), e);
      }
      // Keep the principals read last: a file caught half written, or removed by mistake, must
      // not lock every framework out. Said once per change.
      LOG.warn("cannot read the credentials file {} again ({}); keeping the {} principals read before",
          credentialsFile, e.getMessage(), secrets.size());
      readAt = null;
    }
  }

  /** Mesos' credentials JSON: {@code {"credentials": [{"principal": "...", "secret": "..."}, ...]}}. */
  static Map<String, byte[]> parse(byte[] json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      // Only where: the parser's own message quotes the text it choked on, which may be a secret.
      com.fasterxml.jackson.core.JsonLocation at = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          ? j.getLocation() : null;
      throw new IllegalArgumentException(at == null ? "not JSON"
          : "not JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }
    JsonNode list = root == null ? null : root.get("credentials");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("expected {\"credentials\": [{\"principal\": ..., \"secret\": ...}]}");
    }
    Map<String, byte[]> out = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String principal = c.path("principal").asText("");
      if (principal.isEmpty() || principal.indexOf(':') >= 0 || !c.path("secret").isTextual()) {
        throw new IllegalArgumentException("credentials[" + i + "]: needs a 'principal' without ':' and a 'secret'");
      }
      if (out.put(principal, OperatorToken.sha256(c.get("secret").asText())) != null) {
        throw new IllegalArgumentException("credentials[" + i + "]: principal " + principal + " given twice");
      }
    }
    return Map.copyOf(out);
  }
}
