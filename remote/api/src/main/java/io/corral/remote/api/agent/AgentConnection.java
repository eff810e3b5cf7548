package io.corral.remote.api.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.client.HttpEventStream;
import io.corral.remote.api.client.PipelinedHttpConnection;
import io.corral.remote.api.client.RecordStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's side of one registration with the master: the REGISTER call whose response is the
 * event stream, and the calls (UPDATE, PONG) sent on behalf of that registration. The
 * registration ends when the stream does, when the owner closes it, or when the master refuses a
 * call with 403: the master has let this registration go (it marked the agent unreachable, or a
 * newer registration replaced it) even if no end of the stream has arrived here, and every later
 * call would be refused too. The listener hears of the end once, whatever caused it.
 */
public final class AgentConnection implements AutoCloseable {
  private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;
  private static final int MAX_REDIRECTS = 3;

  /** Receives the master's events, and the end of the stream (null cause: closed cleanly). */
  public interface Listener {
    void onEvent(JsonNode event);

    void onDisconnected(Throwable cause);
  }

  private final URI endpoint;
  private final String agentId;
  private final String streamId;
  private final Optional<Duration> pingInterval;
  private final Optional<String> agentCredential;
  private final HttpEventStream stream;
  private final Map<String, String> headers;
  private PipelinedHttpConnection calls;
  private boolean closed;

  private AgentConnection(URI endpoint, String credential, JsonNode registered, String streamId,
      HttpEventStream stream) {
    this.endpoint = endpoint;
    this.agentId = AgentProtocol.text(registered, "agent_id");
    double seconds = registered.path("ping_interval_seconds").asDouble(0);
    this.pingInterval = seconds > 0 ? Optional.of(Duration.ofMillis(Math.round(seconds * 1000))) : Optional.empty();
    this.streamId = streamId;
    this.stream = stream;
    this.agentCredential = Optional.ofNullable(registered.get(AgentProtocol.AGENT_CREDENTIAL))
        .filter(JsonNode::isTextual).map(JsonNode::asText).filter(s -> !s.isEmpty());
    // A credential issued in REGISTERED is the only one the master takes for this agent from now on.
    this.headers = Map.of("Content-Type", "application/json", "Authorization",
        "Bearer " + agentCredential.orElse(credential),
        AgentProtocol.STREAM_HEADER, streamId == null ? "" : streamId);
  }

  /**
   * Registers with the first of {@code masters} that takes the registration: each is tried in
   * turn, following its {@code 307} to the leading master when it is not the leader (as several
   * masters sharing ZooKeeper answer); one that cannot be reached or answers 503 (no leader yet)
   * passes the turn. A refusal (bad credential, unknown agent) ends the attempt at once.
   */
  public static AgentConnection register(List<URI> masters, String credential, ObjectNode register, Listener listener,
      Duration timeout) throws IOException {
    IOException last = null;
    for (URI master : masters) {
      try {
        return register(master, credential, register, listener, timeout);
      } catch (RefusedException e) {
        if (e.status != 503) {
          throw e;
        }
        last = e;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last != null ? last : new IOException("no master to register with");
  }

  /**
   * Sends REGISTER and waits (at most {@code timeout}) for REGISTERED, which the listener also
   * sees; a {@code 307} from a master that does not lead is followed (a few hops at most).
   */
  public static AgentConnection register(URI master, String credential, ObjectNode register, Listener listener,
      Duration timeout) throws IOException {
    URI endpoint = master.resolve(AgentProtocol.PATH);
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Object outcome = attempt(endpoint, credential, register, listener, timeout);
      if (outcome instanceof AgentConnection connection) {
        return connection;
      }
      endpoint = (URI) outcome;
    }
    throw new IOException("more than " + MAX_REDIRECTS + " redirects registering with " + master);
  }

  /** One registration at {@code endpoint}: the connection, or the URI a {@code 307} sent it to. */
  private static Object attempt(URI endpoint, String credential, ObjectNode register, Listener listener,
      Duration timeout) throws IOException {
    URI master = endpoint;
    CompletableFuture<JsonNode> registered = new CompletableFuture<>();
    RecordStream records = new RecordStream(MAX_EVENT_BYTES, bytes -> {
      JsonNode event = AgentProtocol.parse(bytes);
      if ("REGISTERED".equals(event.path("type").asText())) {
        registered.complete(event);
      }
      listener.onEvent(event);
    }, cause -> {
      registered.completeExceptionally(cause == null ? new IOException("the master closed the stream") : cause);
      listener.onDisconnected(cause);
    });
    HttpEventStream stream = HttpEventStream.open(endpoint, Map.of("Content-Type", "application/json",
        "Authorization", "Bearer " + credential), AgentProtocol.bytes(register), timeout, records);
    if (stream.status() == 307 && stream.header("Location").isPresent()) {
      String location = stream.header("Location").get();
      stream.close();
      return endpoint.resolve(location); // Mesos's form: //host:port/path
    }
    if (stream.status() != 200) {
      throw new RefusedException(stream.status(), stream.errorBody());
    }
    try {
      JsonNode event = registered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new AgentConnection(endpoint, credential, event, stream.header(AgentProtocol.STREAM_HEADER).orElse(null),
          stream);
    } catch (ExecutionException e) {
      stream.close();
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      stream.close();
      throw new IOException("no REGISTERED from " + master + " within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      stream.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while registering", e);
    }
  }

  public String agentId() {
    return agentId;
  }

  /**
   * The agent's own credential, when the master issued one in REGISTERED (the agent joined with a
   * join credential): the agent must keep it and register with it from now on. Never log it.
   */
  public Optional<String> agentCredential() {
    return agentCredential;
  }

  /** How often the master said it pings this agent ({@code ping_interval_seconds} of REGISTERED), if it said. */
  public Optional<Duration> pingInterval() {
    return pingInterval;
  }

  /**
   * Sends a call for this registration; completes with 202 or fails with the master's refusal.
   * Calls go in order over one kept-alive, pipelined connection (reopened if it broke), which
   * costs the agent and the master far less per update than a request at a time. A 403 also ends
   * the registration (see the class comment).
   */
  public CompletableFuture<Integer> send(ObjectNode call) {
    call.put("agent_id", agentId);
    byte[] body = AgentProtocol.bytes(call);
    PipelinedHttpConnection connection;
    try {
      connection = calls();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return connection.post(endpoint.getRawPath(), headers, body).thenApply(r -> {
      if (r.status() != 202) {
        RefusedException refused = new RefusedException(r.status(), r.body());
        if (r.status() == 403) {
          close("the master refused a call (" + refused.getMessage() + "): it no longer holds this registration");
        }
        throw new CompletionException(refused);
      }
      return r.status();
    });
  }

  private synchronized PipelinedHttpConnection calls() throws IOException {
    if (closed) {
      throw new IOException("the registration with the master is closed");
    }
    if (calls == null || !calls.isOpen()) {
      calls = new PipelinedHttpConnection(endpoint);
    }
    return calls;
  }

  @Override
  public void close() {
    close("the agent closed its registration");
  }

  /**
   * Ends the registration: the stream and the calls' connection. The listener hears of it once,
   * with {@code reason} as the cause; closing again (say, for each of several refused calls) does nothing more.
   */
  public void close(String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (calls != null) {
        calls.close();
      }
    }
    stream.close(reason);
  }

  /** The master refused a call or the registration (bad credential, unknown agent, ...). */
  public static final class RefusedException extends IOException {
    public final int status;

    public RefusedException(int status, String body) {
      super("master answered HTTP " + status + ": " + body);
      this.status = status;
    }
  }
}
