package io.corral.remote.api.client;

import com.google.protobuf.Message;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.Protobuf;
import io.corral.remote.api.WireFormatException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A Mesos v1 scheduler API client: subscribes, delivers every event to a listener, and sends calls
 * with the stream id. Used by Corral's shell (which is a framework) and by benchmarks and tests.
 */
public final class SchedulerClient implements AutoCloseable {
  private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;

  private final URI endpoint;
  private final boolean protobuf;
  private final String streamId;
  private final Protos.FrameworkID frameworkId;
  private final HttpEventStream stream;
  private final ClientTls tls;
  private final Map<String, String> extraHeaders;
  private static final int ACK_CONNECTIONS = 8;
  private final PipelinedHttpConnection[] calls = new PipelinedHttpConnection[1 + ACK_CONNECTIONS];
  private int nextAckConnection;

  private SchedulerClient(URI endpoint, boolean protobuf, String streamId, Protos.FrameworkID id,
      HttpEventStream stream, ClientTls tls, Map<String, String> extraHeaders) {
    this.endpoint = endpoint;
    this.tls = tls;
    this.extraHeaders = extraHeaders;
    this.protobuf = protobuf;
    this.streamId = streamId;
    this.frameworkId = id;
    this.stream = stream;
  }

  /**
   * Subscribes and waits for SUBSCRIBED (at most {@code timeout}). Every event, SUBSCRIBED
   * included, goes to {@code events}; {@code onEnd} hears when the stream ends (null: cleanly).
   * The subscription has a socket and a reader thread of its own; calls go over pipelined
   * connections. A {@code 307} from a master that does not lead is followed to the leader.
   */
  public static SchedulerClient subscribe(URI master, Protos.FrameworkInfo info, boolean protobuf,
      Consumer<Event> events, Consumer<Throwable> onEnd, Duration timeout) throws IOException {
    return subscribe(master, info, protobuf, events, onEnd, timeout, ClientTls.shared());
  }

  /** As {@link #subscribe(URI, Protos.FrameworkInfo, boolean, Consumer, Consumer, Duration)}, over TLS as {@code tls} says. */
  public static SchedulerClient subscribe(URI master, Protos.FrameworkInfo info, boolean protobuf,
      Consumer<Event> events, Consumer<Throwable> onEnd, Duration timeout, ClientTls tls) throws IOException {
    return subscribe(master, info, protobuf, events, onEnd, timeout, tls, Map.of());
  }

  /**
   * As {@link #subscribe(URI, Protos.FrameworkInfo, boolean, Consumer, Consumer, Duration, ClientTls)},
   * sending {@code headers} (e.g. {@code Authorization}) with the SUBSCRIBE request and with every
   * call after it. They go to the master (and to the leader a 307 leads to) and nowhere else.
   */
  public static SchedulerClient subscribe(URI master, Protos.FrameworkInfo info, boolean protobuf,
      Consumer<Event> events, Consumer<Throwable> onEnd, Duration timeout, ClientTls tls,
      Map<String, String> headers) throws IOException {
    Map<String, String> extra = Map.copyOf(headers);
    URI endpoint = master.resolve("/api/v1/scheduler");
    Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
    if (info.hasId()) {
      call.setFrameworkId(info.getId());
    }
    CompletableFuture<Event> subscribed = new CompletableFuture<>();
    RecordStream records = new RecordStream(MAX_EVENT_BYTES, bytes -> {
      Event event = decode(bytes, protobuf);
      if (event.getType() == Event.Type.SUBSCRIBED) {
        subscribed.complete(event);
      }
      events.accept(event);
    }, cause -> {
      subscribed.completeExceptionally(cause == null ? new IOException("the master closed the stream") : cause);
      onEnd.accept(cause);
    });
    String type = protobuf ? "application/x-protobuf" : "application/json";
    byte[] body = protobuf ? call.build().toByteArray() : MesosJson.printUtf8(call.build());
    Map<String, String> subscribeHeaders = with(extra, Map.of("Content-Type", type, "Accept", type,
        "Corral-Record-Batching", "true"));
    HttpEventStream stream = HttpEventStream.open(endpoint, subscribeHeaders, body, timeout, records, tls);
    // A master that does not lead sends the framework to the leader (307, Location: //host:port/path)
    for (int hop = 0; stream.status() == 307 && stream.header("Location").isPresent() && hop < 3; hop++) {
      endpoint = endpoint.resolve(stream.header("Location").get());
      stream = HttpEventStream.open(endpoint, subscribeHeaders, body, timeout, records, tls);
    }
    if (stream.status() != 200) {
      ApiCallException refused = new ApiCallException(stream.status(), stream.errorBody());
      throw new IOException(refused.getMessage(), refused);
    }
    try {
      Event event = subscribed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new SchedulerClient(endpoint, protobuf, stream.header("Mesos-Stream-Id").orElse(null),
          event.getSubscribed().getFrameworkId(), stream, tls, extra);
    } catch (ExecutionException e) {
      stream.close();
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      stream.close();
      throw new IOException("no SUBSCRIBED from " + master + " within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      stream.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while subscribing", e);
    }
  }

  /** {@code extra} and then {@code fixed} (which wins on a clash, compared without case). */
  private static Map<String, String> with(Map<String, String> extra, Map<String, String> fixed) {
    if (extra.isEmpty()) {
      return fixed;
    }
    Map<String, String> all = new LinkedHashMap<>();
    extra.forEach((k, v) -> {
      if (fixed.keySet().stream().noneMatch(k::equalsIgnoreCase)) {
        all.put(k, v);
      }
    });
    all.putAll(fixed);
    return all;
  }

  static Event decode(byte[] bytes, boolean protobuf) {
    try {
      return protobuf ? Protobuf.parse(bytes, Event.newBuilder()).build() : MesosJson.parse(bytes, Event.newBuilder()).build();
    } catch (WireFormatException e) {
      throw new IllegalStateException("undecodable event from the master: " + e.getMessage(), e);
    }
  }

  public Protos.FrameworkID frameworkId() {
    return frameworkId;
  }

  public String streamId() {
    return streamId;
  }

  /** Sends a call (framework id filled in); completes with the HTTP status, failing unless it is 202. */
  public CompletableFuture<Integer> send(Call call) {
    Call withId = call.hasFrameworkId() ? call : call.toBuilder().setFrameworkId(frameworkId).build();
    String type = protobuf ? "application/x-protobuf" : "application/json";
    byte[] body = protobuf ? withId.toByteArray() : MesosJson.printUtf8(withId);
    PipelinedHttpConnection connection;
    try {
      connection = connection(withId.getType() == Call.Type.ACKNOWLEDGE);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return connection.post(endpoint.getRawPath(), with(extraHeaders, Map.of("Content-Type", type, "Accept", type,
        "Mesos-Stream-Id", streamId)), body).thenApply(r -> {
          if (r.status() != 202) {
            throw new ApiCallException(r.status(), r.body());
          }
          return r.status();
        });
  }

  /**
   * Calls go in order over one pipelined connection, reopened if it broke. Acknowledgements,
   * which need no order among themselves or with other calls, spread over a few more: the master
   * answers a connection's requests one after another, so one connection would cap their rate.
   */
  private synchronized PipelinedHttpConnection connection(boolean acknowledgement) throws IOException {
    int i = 0;
    if (acknowledgement) {
      i = 1 + nextAckConnection;
      nextAckConnection = (nextAckConnection + 1) % ACK_CONNECTIONS;
    }
    if (calls[i] == null || !calls[i].isOpen()) {
      calls[i] = new PipelinedHttpConnection(endpoint, tls);
    }
    return calls[i];
  }

  /** Sends a call and waits for the answer. */
  public void call(Call call) throws IOException {
    try {
      send(call).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiCallException a) {
        throw a;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("no answer to " + call.getType() + " within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    stream.close();
    synchronized (this) {
      for (PipelinedHttpConnection c : calls) {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  /** The master answered a call with something other than success. */
  public static final class ApiCallException extends RuntimeException {
    public final int status;

    public ApiCallException(int status, String body) {
      super("HTTP " + status + ": " + body);
      this.status = status;
    }
  }
}
