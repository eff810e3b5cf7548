package io.corral.remote.api.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.client.RecordStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's side of one registration with the master: the REGISTER call whose response is the
 * event stream, and the calls (UPDATE, PONG) sent on behalf of that registration.
 */
public final class AgentConnection implements AutoCloseable {
  private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

  /** Receives the master's events, and the end of the stream (null cause: closed cleanly). */
  public interface Listener {
    void onEvent(JsonNode event);

    void onDisconnected(Throwable cause);
  }

  private final HttpClient http;
  private final URI endpoint;
  private final String credential;
  private final String agentId;
  private final String streamId;
  private final CompletableFuture<?> stream;
  private final RecordStream records;
  private final io.corral.remote.api.client.CallWindow window = new io.corral.remote.api.client.CallWindow(4);

  private AgentConnection(HttpClient http, URI endpoint, String credential, String agentId, String streamId,
      CompletableFuture<?> stream, RecordStream records) {
    this.records = records;
    this.http = http;
    this.endpoint = endpoint;
    this.credential = credential;
    this.agentId = agentId;
    this.streamId = streamId;
    this.stream = stream;
  }

  /** Sends REGISTER and waits (at most {@code timeout}) for REGISTERED, which the listener also sees. */
  public static AgentConnection register(HttpClient http, URI master, String credential, ObjectNode register,
      Listener listener, Duration timeout) throws IOException {
    URI endpoint = master.resolve(AgentProtocol.PATH);
    CompletableFuture<JsonNode> registered = new CompletableFuture<>();
    AtomicReference<String> streamId = new AtomicReference<>();
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
    HttpRequest request = post(endpoint, credential, null, register);
    CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, info -> {
      streamId.set(info.headers().firstValue(AgentProtocol.STREAM_HEADER).orElse(null));
      if (info.statusCode() != 200) {
        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
            body -> {
              registered.completeExceptionally(new RefusedException(info.statusCode(), body));
              return null;
            });
      }
      return records.handler().apply(info);
    });
    response.whenComplete((r, failure) -> {
      if (failure != null) {
        records.end(failure);
      }
    });
    try {
      JsonNode event = registered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new AgentConnection(http, endpoint, credential, AgentProtocol.text(event, "agent_id"), streamId.get(),
          response, records);
    } catch (ExecutionException e) {
      response.cancel(true);
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new IOException("no REGISTERED from " + master + " within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while registering", e);
    }
  }

  private static HttpRequest post(URI endpoint, String credential, String streamId, ObjectNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + credential)
        .POST(HttpRequest.BodyPublishers.ofByteArray(AgentProtocol.bytes(body)));
    if (streamId != null) {
      b.header(AgentProtocol.STREAM_HEADER, streamId);
    }
    return b.build();
  }

  public String agentId() {
    return agentId;
  }

  /** Sends a call for this registration; completes with 202 or fails with the master's refusal. */
  public CompletableFuture<Integer> send(ObjectNode call) {
    call.put("agent_id", agentId);
    HttpRequest request = post(endpoint, credential, streamId, call);
    return window.submit(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
        .thenApply(r -> {
          if (r.statusCode() != 202) {
            throw new java.util.concurrent.CompletionException(new RefusedException(r.statusCode(), r.body()));
          }
          return r.statusCode();
        });
  }

  @Override
  public void close() {
    records.cancel();
    stream.cancel(true);
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
