package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.state.StoredToken;
import io.corral.remote.api.convert.InputRules;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The principal token calls of {@code POST /api/corral/v1} ({@code corral token}), on the master
 * loop; like every call there, they need the operator token.
 *
 * <ul>
 *   <li>{@code CREATE_TOKEN}: {@code principal}, optional {@code description} and
 *       {@code expires_in_seconds}; answers the token (the only time it is shown) and its record.
 *   <li>{@code GET_TOKENS}: every token's record, never the token.
 *   <li>{@code REVOKE_TOKEN}: {@code id}; 404 for an unknown id.
 * </ul>
 *
 * <p>Answers go out once the change is durable ({@link MasterLoop#call}); the log names the token
 * by id and principal only.
 */
final class TokenCalls {
  private static final Logger LOG = LoggerFactory.getLogger(TokenCalls.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The longest lifetime a token may be given: ten years. */
  static final long MAX_EXPIRES_IN_SECONDS = Duration.ofDays(3650).toSeconds();

  private final Master master;

  TokenCalls(Master master) {
    this.master = master;
  }

  static boolean handles(String type) {
    return switch (type) {
      case "CREATE_TOKEN", "GET_TOKENS", "REVOKE_TOKEN" -> true;
      default -> false;
    };
  }

  ObjectNode handle(String type, JsonNode call) {
    return switch (type) {
      case "CREATE_TOKEN" -> create(call);
      case "GET_TOKENS" -> list();
      case "REVOKE_TOKEN" -> revoke(call);
      default -> throw new IllegalArgumentException(type);
    };
  }

  private ObjectNode create(JsonNode call) {
    String principal = requiredText(call, "principal");
    if (principal.indexOf(':') >= 0) {
      throw ApiException.badRequest("principal: must not contain ':' (HTTP Basic could not name it)");
    }
    refuseIf(InputRules.textProblem("principal", principal, InputRules.MAX_NAME_BYTES));
    String description = optionalText(call, "description");
    refuseIf(InputRules.textProblem("description", description, InputRules.MAX_NAME_BYTES));
    Instant expiresAt = null;
    JsonNode expiresIn = call.get("expires_in_seconds");
    if (expiresIn != null && !expiresIn.isNull()) {
      if (!expiresIn.canConvertToExactIntegral() || expiresIn.asLong() < 1
          || expiresIn.asLong() > MAX_EXPIRES_IN_SECONDS) {
        throw ApiException.badRequest("expires_in_seconds: expected a whole number from 1 to "
            + MAX_EXPIRES_IN_SECONDS + " (ten years), got " + expiresIn);
      }
      expiresAt = master.tokens().now().plusSeconds(expiresIn.asLong());
    }
    PrincipalTokens.Created created = master.tokens().create(principal, description, expiresAt);
    StoredToken record = created.record();
    master.loop().afterCommit(() -> LOG.info("token {} for principal {} created{}", record.id(), record.principal(),
        record.expiresAt() == null ? "" : ", expires " + record.expiresAt()));
    return view(record).put("token", created.token());
  }

  private ObjectNode list() {
    ObjectNode out = JSON.createObjectNode();
    var array = out.putArray("tokens");
    master.tokens().all().forEach(t -> array.add(view(t)));
    return out;
  }

  private ObjectNode revoke(JsonNode call) {
    String id = requiredText(call, "id");
    PrincipalTokens.Revocation r = master.tokens().revoke(id)
        .orElseThrow(() -> ApiException.notFound("no token with id '" + id + "' ('corral token list' shows them)"));
    if (r.justNow()) {
      master.loop().afterCommit(() -> LOG.info("token {} for principal {} revoked", r.token().id(), r.token().principal()));
    }
    return view(r.token()).put("revoked_now", r.justNow());
  }

  /** A token's record as the API shows it: never the token, nor its hash. */
  private ObjectNode view(StoredToken t) {
    Instant now = master.tokens().now();
    ObjectNode n = JSON.createObjectNode().put("id", t.id()).put("principal", t.principal());
    if (t.description() != null) {
      n.put("description", t.description());
    }
    n.put("created_at", t.createdAt().toString());
    if (t.expiresAt() != null) {
      n.put("expires_at", t.expiresAt().toString());
    }
    Instant lastUsed = master.tokens().lastUsed(t.id());
    if (lastUsed != null) {
      n.put("last_used_at", lastUsed.toString());
    }
    n.put("state", t.revoked() ? "revoked" : t.expiredAt(now) ? "expired" : "active");
    return n;
  }

  private static String requiredText(JsonNode call, String field) {
    JsonNode v = call.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest("missing or empty '" + field + "'");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode call, String field) {
    JsonNode v = call.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest(field + ": expected a string");
    }
    return v.asText().isEmpty() ? null : v.asText();
  }

  private static void refuseIf(String problem) {
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
  }
}
