package io.corral.remote.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.WireFormatException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * One master's operator side over HTTP, for every client in Corral (the shell's commands, node
 * provisioning): the Mesos v1 operator API ({@code POST /api/v1}, JSON) and Corral's own calls
 * beside it ({@code POST /api/corral/v1}). An {@code https} master is verified as the
 * {@link ClientTls} given says; a non-leading master's 307 is followed to the leader; each call
 * carries the {@code Authorization} header given, if any. Every failure is a
 * {@link OperatorClient.Failure} that says, in words, what went wrong, and of which kind, so
 * that callers can turn it into their own exit codes.
 */
public final class OperatorClient {
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonPoster PLAIN = new PlainHttpPoster();
  /** One HTTP client (and connection pool) per way of verifying TLS; a process has one or two. */
  private static final Map<ClientTls, JsonPoster> BY_TLS = new ConcurrentHashMap<>();

  /** What went wrong with a call. */
  public enum Kind {
    /** No answer: refused or reset connection, timeout, TLS failure, unknown host. */
    UNREACHABLE,
    /** 401 or 403: the credentials were missing, wrong, or not enough. */
    CREDENTIALS,
    /** 404: the call named something the master does not know. */
    NOT_FOUND,
    /** Any other refusal (400, 409, 500, 503...), or an answer that could not be read. */
    REFUSED
  }

  /** A failed call: its {@link Kind}, the HTTP status (0 without an answer) and the master's own words. */
  public static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;
    private final Kind kind;
    private final int status;
    private final String body;

    Failure(Kind kind, int status, String body, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
      this.status = status;
      this.body = body;
    }

    public Kind kind() {
      return kind;
    }

    public int status() {
      return status;
    }

    /** The master's answer, as it sent it ("" without one). */
    public String body() {
      return body;
    }
  }

  private final URI master;
  private final JsonPoster http;
  private final String authorization;
  private final Duration callTimeout;

  /**
   * {@code authorization} is the {@code Authorization} header every call carries (null: none);
   * {@code callTimeout} how long a call may wait for its answer.
   */
  public OperatorClient(URI master, ClientTls tls, String authorization, Duration callTimeout) {
    this.master = master;
    this.http = "https".equals(master.getScheme())
        ? BY_TLS.computeIfAbsent(tls, TlsHttpPoster::new)
        : PLAIN;
    this.authorization = authorization;
    this.callTimeout = callTimeout;
  }

  public URI master() {
    return master;
  }

  /** A Mesos operator call (GET_*, READ_FILE, DRAIN_AGENT...): the master's Response (empty for an action). */
  public Response call(Call call) throws Failure {
    String body = send("/api/v1", MesosJson.printUtf8(call), call.getType().toString());
    if (body.isEmpty()) {
      return Response.getDefaultInstance();
    }
    try {
      return MesosJson.parse(body, Response.newBuilder()).build();
    } catch (WireFormatException e) {
      throw new Failure(Kind.REFUSED, 200, body, "the master at " + master + " answered " + call.getType()
          + " with something that is not a Response: " + e.getMessage(), e);
    }
  }

  /** A Mesos operator call given as JSON ({@code {"type": ...}}): the master's JSON answer. */
  public JsonNode mesos(ObjectNode call) throws Failure {
    return json(send("/api/v1", call.toString().getBytes(StandardCharsets.UTF_8), call.path("type").asText()),
        call.path("type").asText());
  }

  /** One of Corral's own calls ({@code /api/corral/v1}, e.g. {@code GET_TOKENS}): the master's JSON answer. */
  public JsonNode corral(ObjectNode call) throws Failure {
    return json(send("/api/corral/v1", call.toString().getBytes(StandardCharsets.UTF_8), call.path("type").asText()),
        call.path("type").asText());
  }

  /**
   * A call of the Mesos v1 agent API that the master answers for all its agents
   * ({@code /api/corral/agents/v1}; {@code GET_CONTAINERS}): the master's JSON answer.
   */
  public JsonNode agents(ObjectNode call) throws Failure {
    return json(send("/api/corral/agents/v1", call.toString().getBytes(StandardCharsets.UTF_8),
        call.path("type").asText()), call.path("type").asText());
  }

  private JsonNode json(String body, String type) throws Failure {
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new Failure(Kind.REFUSED, 200, body, "the master at " + master + " answered " + type
          + " with something that is not JSON", e);
    }
  }

  /** A REST answer: its status, body and headers, whatever the status. */
  public record RestAnswer(int status, String body, Map<String, List<String>> headers) {
    /** A header's first value (its name in any case), or null. */
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
  }

  /**
   * A REST call to this master (Marathon's {@code /v2}): {@code method} on {@code path} with a JSON
   * body (null: none), with this client's TLS and credentials. Every answer is returned, refusals
   * included, for the caller to read Marathon's error bodies; only no answer at all is a
   * {@link Failure} (of kind {@link Kind#UNREACHABLE}).
   */
  public RestAnswer rest(String method, String path, String json) throws Failure {
    try {
      JsonPoster.Answer a = http.send(method, master.resolve(path),
          json == null ? null : json.getBytes(StandardCharsets.UTF_8), authorization, callTimeout);
      return new RestAnswer(a.status(), a.body(), a.headers());
    } catch (IOException e) {
      throw new Failure(Kind.UNREACHABLE, 0, "", reason(e, callTimeout), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(Kind.UNREACHABLE, 0, "", "interrupted while waiting for the master", e);
    } catch (IllegalArgumentException e) {
      throw new Failure(Kind.UNREACHABLE, 0, "", "not a usable address", e);
    }
  }

  /** POSTs a JSON body to {@code path}: the answer's body, or a {@link Failure}. */
  private String send(String path, byte[] json, String what) throws Failure {
    JsonPoster.Answer response;
    try {
      response = http.post(master.resolve(path), json, authorization, callTimeout);
    } catch (IOException e) {
      throw new Failure(Kind.UNREACHABLE, 0, "", reason(e, callTimeout), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(Kind.UNREACHABLE, 0, "", "interrupted while waiting for the master", e);
    } catch (IllegalArgumentException e) {
      throw new Failure(Kind.UNREACHABLE, 0, "", "not a usable address", e);
    }
    int status = response.status();
    String body = response.body();
    if (status == 200 || status == 202) {
      return body;
    }
    String why = body.isBlank() ? "HTTP " + status : body.strip();
    Kind kind = status == 404 ? Kind.NOT_FOUND : status == 401 || status == 403 ? Kind.CREDENTIALS : Kind.REFUSED;
    throw new Failure(kind, status, body, kind == Kind.NOT_FOUND ? why : "the master refused " + what + ": " + why,
        null);
  }

  /** Words for why a connection failed: {@code connection refused}, {@code timed out}, ... */
  public static String reason(Throwable e, Duration callTimeout) {
    String tls = ClientTls.reason(e);
    if (tls != null) {
      return "TLS failed: " + tls;
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + callTimeout.toSeconds() + " s";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : lower(t.getMessage());
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
    }
    String message = e.getMessage();
    if (message == null || message.isBlank() || message.contains("EOF") || message.contains("closed")
        || message.contains("chunked") || message.contains("reset") || message.contains("Broken pipe")) {
      return "the master closed the connection";
    }
    return lower(message);
  }

  private static String lower(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
