package io.corral.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.WireFormatException;
import io.corral.remote.api.client.ClientTls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * The Mesos v1 operator API ({@code POST /api/v1}, JSON) of one master, and Corral's own operator
 * calls beside it ({@code POST /api/corral/v1}, {@link #corral}). Every failure becomes a
 * {@link CommandException}: an unreachable master exit 4 with the reason in words, a refused call
 * exit 1 (or 3 when the master answers 404) with the master's own message; refused credentials
 * (401, 403) exit 1 with what to give instead. Calls carry the {@link Credentials} given, if any.
 */
public final class MasterClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  /** One HTTP client (and connection pool) per way of verifying TLS; a process has one or two. */
  private static final java.util.Map<ClientTls, HttpClient> BY_TLS = new java.util.concurrent.ConcurrentHashMap<>();

  private final URI master;
  private final HttpClient http;
  private final Credentials credentials;

  /** A plain-HTTP master only, or an https one verified as {@link ClientTls#shared()} says; no credentials. */
  public MasterClient(URI master) {
    this(master, ClientTls.shared(), null);
  }

  /** An https master is verified as {@code tls} says (chain and host name); no credentials. */
  public MasterClient(URI master, ClientTls tls) {
    this(master, tls, null);
  }

  /** As {@link #MasterClient(URI, ClientTls)}; every call carries {@code credentials} (null: none). */
  public MasterClient(URI master, ClientTls tls, Credentials credentials) {
    this.master = master;
    this.http = "https".equals(master.getScheme()) ? http(tls) : HTTP;
    this.credentials = credentials;
  }

  /** The credentials every call carries, or null. */
  public Credentials credentials() {
    return credentials;
  }

  /** The HTTP client that verifies TLS as {@code tls} says. */
  static HttpClient http(ClientTls tls) {
    return BY_TLS.computeIfAbsent(tls, t -> t.httpClient().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build());
  }

  public URI master() {
    return master;
  }

  static HttpClient http() {
    return HTTP;
  }

  public Response query(Call.Type type) {
    return query(Call.newBuilder().setType(type).build());
  }

  /** A query (GET_*, READ_FILE, ...): the master's Response. */
  public Response query(Call call) {
    String body = post(call);
    try {
      return MesosJson.parse(body, Response.newBuilder()).build();
    } catch (WireFormatException e) {
      throw CommandException.failed("the master at " + master + " answered " + call.getType() + " with something that is not a Response: "
          + e.getMessage());
    }
  }

  /** An action (UPDATE_QUOTA, DRAIN_AGENT, TEARDOWN, ...): 200 with no body. */
  public void act(Call call) {
    post(call);
  }

  /**
   * One of Corral's own operator calls ({@code POST /api/corral/v1}, a JSON object with a
   * {@code type}, e.g. {@code GET_TOKENS}): the master's JSON answer. They need the operator token.
   */
  public JsonNode corral(ObjectNode call) {
    String type = call.path("type").asText();
    String body = send("/api/corral/v1", call.toString().getBytes(StandardCharsets.UTF_8), type);
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw CommandException.failed("the master at " + master + " answered " + type
          + " with something that is not JSON");
    }
  }

  private String post(Call call) {
    return send("/api/v1", MesosJson.printUtf8(call), call.getType().toString());
  }

  /** POSTs a JSON body to {@code path}; the answer's body, or the failure as a {@link CommandException}. */
  private String send(String path, byte[] json, String what) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(master.resolve(path)).timeout(CALL_TIMEOUT)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (credentials != null) {
      builder.header("Authorization", credentials.authorization());
    }
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreachable(master, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CommandException.failed("interrupted while waiting for the master");
    } catch (IllegalArgumentException e) {
      throw CommandException.unreachable(master, "not a usable address", e);
    }
    int status = response.statusCode();
    if (status == 200 || status == 202) {
      return response.body();
    }
    String why = response.body() == null || response.body().isBlank() ? "HTTP " + status : response.body().strip();
    if (status == 404) {
      throw CommandException.notFound(why);
    }
    if (status == 401 || status == 403) {
      throw Credentials.refused(master, status, response.body(), credentials, what);
    }
    throw CommandException.failed("the master refused " + what + ": " + why);
  }

  /** Words for why a connection failed: {@code connection refused}, {@code timed out}, ... */
  public static CommandException unreachable(URI master, IOException e) {
    return CommandException.unreachable(master, reason(e), e);
  }

  static String reason(Throwable e) {
    String tls = ClientTls.reason(e);
    if (tls != null) {
      return "TLS failed: " + tls;
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + CALL_TIMEOUT.toSeconds() + " s";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : lower(t.getMessage());
      }
      if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
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
