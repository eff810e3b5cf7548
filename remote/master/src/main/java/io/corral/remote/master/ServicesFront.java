package io.corral.remote.master;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.services.api.ApiReply;
import io.corral.remote.services.api.ApiRequest;
import io.corral.remote.services.api.MarathonApi;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon's REST API on the master's port: {@code /v2/...} requests go to {@link MarathonApi} on
 * the loop and are answered once what they changed is committed; {@code /v2/events} is Marathon's
 * server-sent event stream. With authentication on, any authenticated caller may read; changes
 * need the operator's token, as the operator API's actions do without ACLs.
 */
final class ServicesFront {
  private static final Logger LOG = LoggerFactory.getLogger(ServicesFront.class);
  private final Master master;
  private final ServicesHost host;
  /** Made at the first request (on the loop), when the master knows the port it listens on. */
  private MarathonApi api;

  ServicesFront(Master master, ServicesHost host) {
    this.master = master;
    this.host = host;
  }

  private MarathonApi api() {
    if (api != null) {
      return api;
    }
    Map<String, String> info = new HashMap<>();
    info.put("version", OperatorCalls.VERSION);
    info.put("leader", master.info().getHostname() + ":" + master.info().getPort());
    info.put("master", master.config().scheme() + "://" + master.info().getHostname() + ":" + master.info().getPort());
    info.put("port", Integer.toString(master.info().getPort()));
    api = new MarathonApi(host.scheduler, info);
    return api;
  }

  void handle(Request request, Response response, Callback callback, String path, Authenticator.Caller caller,
      HttpFront.BodyReader reader) {
    if (path.equals("/v2/events")) {
      events(request, response, callback);
      return;
    }
    String method = request.getMethod();
    boolean reading = method.equals("GET") || method.equals("HEAD");
    if (caller != null && !caller.operator() && !reading) {
      reader.read(body -> json(response, callback, 403, message(method + " " + path + " needs the operator's token;"
          + " principal " + caller.principal() + " may only read services")));
      return;
    }
    Map<String, String> query = new HashMap<>();
    Fields fields = Request.extractQueryParameters(request);
    fields.forEach(f -> query.put(f.getName(), f.getValue()));
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    Consumer<byte[]> then = body -> master.loop()
        .call(() -> {
          if (!reading) {
            host.ensureStarted();
          }
          return api().handle(new ApiRequest(method, path, query, body, contentType));
        })
        .whenComplete((reply, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            LOG.error("{} {} failed", method, path, cause);
            json(response, callback, 500, message("internal error: " + cause));
          } else {
            reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            json(response, callback, reply.status(), reply.body().toString().getBytes(StandardCharsets.UTF_8));
          }
        });
    if (reading) {
      then.accept(new byte[0]);
    } else {
      reader.read(then);
    }
  }

  /** Marathon's event bus as server-sent events; each event goes out as {@code event: TYPE} and {@code data: JSON}. */
  private void events(Request request, Response response, Callback callback) {
    master.loop().execute(() -> {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      EventStream stream = new EventStream("events", response, callback, true, master.loop().io()).unframed()
          .watchingClosely(request.getConnectionMetaData().getConnection().getEndPoint());
      // Marathon takes event_type more than once (?event_type=a&event_type=b): any of them passes.
      Set<String> filter = new HashSet<>(Request.extractQueryParameters(request).getValuesOrEmpty("event_type"));
      Consumer<ObjectNode> listener = event -> {
        String type = event.path("eventType").asText();
        if (filter.isEmpty() || filter.contains(type)) {
          stream.send(() -> ("event: " + type + "\ndata: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
      };
      host.scheduler.events().listen(listener);
      // A comment now and then keeps a quiet stream from reaching the connection's idle timeout.
      ScheduledFuture<?> keepAlive = master.loop().every(KEEP_ALIVE_MILLIS,
          () -> stream.send(() -> ":\n\n".getBytes(StandardCharsets.UTF_8)));
      stream.onClose(s -> {
        host.scheduler.events().unlisten(listener);
        keepAlive.cancel(false);
      });
      // The stream starts with Marathon's subscription event, so a client knows it is attached.
      stream.send(() -> ("event: event_stream_attached\ndata: {\"eventType\":\"event_stream_attached\",\"remoteAddress\":\""
          + request.getConnectionMetaData().getRemoteSocketAddress() + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
    });
  }

  private static final long KEEP_ALIVE_MILLIS = 15_000;

  private static byte[] message(String text) {
    return JsonNodeFactory.instance.objectNode().put("message", text).toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private void json(Response response, Callback callback, int status, byte[] body) {
    master.loop().io().execute(() -> {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(body), callback);
    });
  }
}
