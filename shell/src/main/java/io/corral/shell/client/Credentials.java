package io.corral.shell.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * What the shell shows a master that asks for credentials: a token ({@code Bearer}: the operator
 * token, or a principal token from {@code corral token create}) or an HTTP Basic principal and
 * secret, and where they came from. The token and the secret appear in
 * the {@code Authorization} header only: never in {@link #toString()}, a message or a log.
 */
public final class Credentials {
  private final String authorization;
  private final String principal;
  private final String source;

  private Credentials(String authorization, String principal, String source) {
    this.authorization = authorization;
    this.principal = principal;
    this.source = source;
  }

  /**
   * A bearer token: the operator token or a principal token; {@code source} says where it came
   * from ({@code --token-file FILE}, ...).
   */
  public static Credentials token(String token, String source) {
    return new Credentials("Bearer " + Objects.requireNonNull(token), null, source);
  }

  /** HTTP Basic {@code principal:secret}. */
  public static Credentials basic(String principal, String secret, String source) {
    String pair = principal + ":" + secret;
    return new Credentials("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)),
        principal, source);
  }

  /** The value of the {@code Authorization} header. */
  public String authorization() {
    return authorization;
  }

  /** The request headers that carry these credentials. */
  public Map<String, String> headers() {
    return Map.of("Authorization", authorization);
  }

  /** The bearer token (a secret: for a request header, never for printing); null for HTTP Basic. */
  public String token() {
    return principal == null ? authorization.substring("Bearer ".length()) : null;
  }

  /** The principal of HTTP Basic credentials; null for the operator token. */
  public String principal() {
    return principal;
  }

  /**
   * In words, without the secret: {@code the operator token from --token-file /x}, {@code a principal
   * token from CORRAL_OPERATOR_TOKEN}, {@code principal fw1 from CORRAL_PRINCIPAL}.
   */
  public String describe() {
    String what = principal != null ? "principal " + principal
        : token().startsWith(PRINCIPAL_TOKEN_PREFIX) ? "a principal token" : "the operator token";
    return what + " from " + source;
  }

  /** What the tokens of {@code corral token create} start with (the operator token never does). */
  public static final String PRINCIPAL_TOKEN_PREFIX = "crl_";

  /** The request headers of {@code credentials}, none for null. */
  public static Map<String, String> headersOf(Credentials credentials) {
    return credentials == null ? Map.of() : credentials.headers();
  }

  /**
   * The failure a {@code 401} or {@code 403} from {@code master} becomes: one line that says what
   * was refused and what to give instead; exit 1 ({@link io.corral.shell.ExitCodes#FAILED}).
   */
  public static CommandException refused(URI master, int status, String body, Credentials credentials,
      String what) {
    String why = body == null || body.isBlank() ? "HTTP " + status : body.strip();
    if (status == 401 && credentials == null) {
      return CommandException.failed("the master at " + master + " needs credentials: give --token-file, "
          + "CORRAL_OPERATOR_TOKEN, or CORRAL_PRINCIPAL/CORRAL_SECRET");
    }
    if (status == 401) {
      return CommandException.failed("the master at " + master + " refused the credentials (" + credentials.describe()
          + "): " + why);
    }
    return CommandException.failed("the master at " + master + " refused " + what
        + (credentials == null ? "" : " to " + credentials.describe()) + ": " + (why.startsWith("403") ? why : "403: " + why));
  }

  @Override
  public String toString() {
    return describe();
  }
}
