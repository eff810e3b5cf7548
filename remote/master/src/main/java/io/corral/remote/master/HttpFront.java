package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.core.state.StoredCredential;
import io.corral.remote.api.ContentNegotiation;
import io.corral.remote.api.JsonTrees;
import io.corral.remote.api.MediaType;
import io.corral.remote.api.NegotiationException;
import io.corral.remote.api.agent.AgentProtocol;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.mesos.v1.master.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP to the master's APIs without holding a thread per request: bodies are read
 * asynchronously, work is handed to the master loop, and answers (or event streams) are written
 * when the loop has committed. Nothing here blocks, so Jetty may run it on the thread that read
 * the request instead of handing it to another.
 */
final class HttpFront extends Handler.Abstract.NonBlocking {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  static final String STREAM_ID = "Mesos-Stream-Id";

  private final Master master;
  private final SchedulerCalls scheduler;
  private final OperatorCalls operator;
  private final AgentCalls agent;
  private final NodeCalls nodes;
  private final ContainerCalls containers;
  private final ServicesHost services;
  private final ServicesFront servicesFront;

  HttpFront(Master master, NodeCalls nodes, Map<String, String> settings) {
    this.master = master;
    this.nodes = nodes;
    this.scheduler = new SchedulerCalls(master);
    this.services = new ServicesHost(master, scheduler, settings);
    this.servicesFront = new ServicesFront(master, services);
    this.operator = new OperatorCalls(master);
    this.agent = new AgentCalls(master);
    this.containers = new ContainerCalls(master);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    Authenticator.Outcome who = needsCredentials(path)
        ? master.authenticator().authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION)) : null;
    if (who instanceof Authenticator.Refused refused) {
      unauthorized(request, response, callback, refused.reason());
      return true;
    }
    Authenticator.Caller caller = (Authenticator.Caller) who; // null: this master authenticates no one
    switch (path) {
      case "/api/v1/scheduler" -> post(request, response, callback, (body, in) -> scheduler(request, body, in, response, callback, caller));
      case "/api/v1" -> post(request, response, callback, (body, in) -> operator(request, body, in, response, callback, caller));
      case AgentProtocol.PATH -> agentCall(request, response, callback);
      case NodeCalls.PATH -> nodeCall(request, response, callback);
      case ContainerCalls.PATH -> containerCall(request, response, callback, caller);
      case "/master/state", "/master/state.json", "/state", "/state.json" ->
          get(request, response, callback, () -> StateJson.render(master, Authorization.viewer(master, caller)),
              "application/json");
      case "/metrics/snapshot" -> get(request, response, callback, () -> StateJson.metrics(master), "application/json");
      case "/health", "/master/health" -> get(request, response, callback, () -> new byte[0], "text/plain");
      case "/version" -> get(request, response, callback, StateJson::version, "application/json");
      case "/files/read", "/files/read.json" -> filesRead(request, response, callback, caller);
      default -> {
        if (path.startsWith("/v2/")) {
          servicesFront.handle(request, response, callback, path, caller,
              then -> readBody(request, response, callback, then));
        } else {
          text(response, callback, 404, "no such endpoint: " + path);
        }
      }
    }
    return true;
  }

  /** Reads a request's body, then hands it on (413 for one over the limit). */
  @FunctionalInterface
  interface BodyReader {
    void read(Consumer<byte[]> then);
  }

  /** Starts the service scheduler once the loop runs (the master leads). */
  void startServices() {
    services.start();
  }

  @FunctionalInterface
  private interface BodyHandler {
    void accept(byte[] body, MediaType media);
  }

  private void post(Request request, Response response, Callback callback, BodyHandler handler) {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      text(response, callback, 405, "Expecting 'POST', received '" + request.getMethod() + "'");
      return;
    }
    // The body is read before any refusal (as libprocess does): a response sent while the body is
    // unread ends the connection without 'Connection: close', and the client's next request fails.
    readBody(request, response, callback, body -> {
      MediaType media;
      try {
        media = ContentNegotiation.masterApi().request(headers(request)).mediaType();
      } catch (NegotiationException e) {
        text(response, callback, e.status(), e.getMessage());
        return;
      }
      handler.accept(body, media);
    });
  }

  private void readBody(Request request, Response response, Callback callback, Consumer<byte[]> then) {
    long length = request.getLength();
    int max = master.config().maxBodyBytes();
    if (length > max) {
      String tooLarge = "Request body of " + length + " bytes is over the limit of " + max + " bytes";
      if (length > (long) max * DISCARDED_BODY_FACTOR) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the unread body ends the connection
        text(response, callback, 413, tooLarge);
      } else {
        // Read and dropped first: answering with the body unread and closing would have the kernel
        // reset the connection, and a client still sending may then never see the 413.
        discard(request, () -> text(response, callback, 413, tooLarge));
      }
      return;
    }
    new BoundedBody(request, max, (long) max * DISCARDED_BODY_FACTOR, then, (problem, drained) -> {
      if (!drained) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the unread rest ends the connection
      }
      text(response, callback, 413, problem);
    }).read();
  }

  /**
   * Reads a body of unknown length (chunked) without blocking, keeping at most {@code max} bytes.
   * A longer one is read on to its end and dropped, up to {@code drainLimit} bytes, before the 413:
   * answering with the body unread would have the kernel reset the connection, and a client still
   * sending may then never see the answer.
   */
  private static final class BoundedBody {
    private final Request request;
    private final int max;
    private final long drainLimit;
    private final Consumer<byte[]> then;
    private final BiConsumer<String, Boolean> refuse;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long seen;

    BoundedBody(Request request, int max, long drainLimit, Consumer<byte[]> then,
        BiConsumer<String, Boolean> refuse) {
      this.request = request;
      this.max = max;
      this.drainLimit = drainLimit;
      this.then = then;
      this.refuse = refuse;
    }

    void read() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this::read);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          chunk.release();
          refuse.accept("Request body was cut short", false);
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        seen += bytes.remaining();
        if (seen <= max) {
          byte[] copy = new byte[bytes.remaining()];
          bytes.get(copy);
          kept.write(copy, 0, copy.length);
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (seen > drainLimit) {
          refuse.accept("Request body is over the limit of " + max + " bytes", false);
          return;
        }
        if (last) {
          if (seen > max) {
            refuse.accept("Request body of " + seen + " bytes is over the limit of " + max + " bytes", true);
          } else {
            then.accept(kept.toByteArray());
          }
          return;
        }
      }
    }
  }

  /** Bodies over the limit but at most this many times it are read and dropped before the 413. */
  private static final int DISCARDED_BODY_FACTOR = 16;

  /** Reads the request's body to its end, keeping nothing, then runs {@code then}; never blocks. */
  private static void discard(Request request, Runnable then) {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(() -> discard(request, then));
        return;
      }
      boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
      chunk.release();
      if (end) {
        then.run();
        return;
      }
    }
  }

  private static Function<String, String> headers(Request request) {
    return name -> request.getHeaders().get(name);
  }

  // ------------------------------------------------------------------ scheduler API

  private void scheduler(Request request, byte[] body, MediaType in, Response response, Callback callback,
      Authenticator.Caller caller) {
    Call call;
    try {
      call = Wire.decode(body, in, Call.newBuilder()).build();
      if (!call.hasType()) {
        throw ApiException.badRequest(Wire.missingType(body, in, call, "scheduler::Call"));
      }
      Wire.requireArguments(call, "scheduler::Call", "revive", "suppress");
    } catch (ApiException e) {
      text(response, callback, e.status, e.getMessage());
      return;
    }
    String streamId = request.getHeaders().get(STREAM_ID);
    if (call.getType() != Call.Type.SUBSCRIBE) {
      // A 202 says the call was accepted for processing, as in Mesos: what it causes (launches,
      // acknowledgements to agents, events) still goes out only once durable. A teardown is
      // answered once durable, so that a framework that saw 202 is never brought back by a restart.
      Supplier<Object> work = () -> {
        scheduler.handle(call, streamId, caller);
        return null;
      };
      (call.getType() == Call.Type.TEARDOWN ? master.loop().call(work) : master.loop().callAccepted(work))
          .whenComplete((ok, failure) -> answer(response, callback, failure, 202, null, null));
      return;
    }
    if (streamId != null) {
      text(response, callback, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      return;
    }
    MediaType out;
    try {
      out = ContentNegotiation.masterApi().response(headers(request)).mediaType();
    } catch (NegotiationException e) {
      text(response, callback, e.status(), e.getMessage());
      return;
    }
    master.loop().execute(() -> {
      try {
        SchedulerCalls.Subscribed s = scheduler.subscribe(call, out, caller);
        master.loop().afterCommit(() -> {
          startStream(response, out, s.streamId());
          scheduler.attach(s.framework(), s.added(), new EventStream(s.streamId(), response, callback, batching(request), master.loop().io())
              .watching(request.getConnectionMetaData().getConnection().getEndPoint()));
        });
      } catch (ApiException e) {
        text(response, callback, e.status, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("SUBSCRIBE failed", e);
        text(response, callback, 500, "internal error: " + e);
      }
    });
  }

  private static boolean batching(Request request) {
    return "true".equalsIgnoreCase(request.getHeaders().get(EventStream.BATCHING_HEADER));
  }

  private static void startStream(Response response, MediaType media, String streamId) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, media.value());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    if (streamId != null) {
      response.getHeaders().put(STREAM_ID, streamId);
    }
  }

  // ------------------------------------------------------------------ operator API

  private void operator(Request request, byte[] body, MediaType in, Response response, Callback callback,
      Authenticator.Caller caller) {
    Protos.Call call;
    MediaType out;
    try {
      call = Wire.decode(body, in, Protos.Call.newBuilder()).build();
      if (!call.hasType()) {
        throw ApiException.badRequest(Wire.missingType(body, in, call, "master::Call"));
      }
      Wire.requireArguments(call, "master::Call");
      out = ContentNegotiation.masterApi().response(headers(request)).mediaType();
    } catch (ApiException e) {
      text(response, callback, e.status, e.getMessage());
      return;
    } catch (NegotiationException e) {
      text(response, callback, e.status(), e.getMessage());
      return;
    }
    if (caller != null && !caller.operator() && !readOnly(call.getType())
        && (master.acls() == null || !Authorization.governed(call.getType()))) {
      text(response, callback, 403, call.getType() + " needs the operator's token: principal " + caller.principal()
          + (master.acls() == null ? " may only read (GET_*, SUBSCRIBE, READ_FILE, LIST_FILES) while the master has no --acls"
              : " may not make it; ACLs govern TEARDOWN, DRAIN_AGENT, MARK_AGENT_GONE, DEACTIVATE_AGENT,"
                  + " REACTIVATE_AGENT, UPDATE_WEIGHTS and UPDATE_QUOTA"));
      return;
    }
    if (call.getType() == Protos.Call.Type.SUBSCRIBE) {
      master.loop().execute(() -> {
        startStream(response, out, null);
        EventStream stream = new EventStream("operator", response, callback, batching(request), master.loop().io())
            .watching(request.getConnectionMetaData().getConnection().getEndPoint());
        Viewer viewer = Authorization.viewer(master, caller);
        OperatorStream subscriber = new OperatorStream(stream, out, viewer);
        subscriber.send(operator.subscribed(viewer));
        master.addOperatorStream(subscriber);
        stream.onClose(s -> master.removeOperatorStream(subscriber));
      });
      return;
    }
    if (call.getType() == Protos.Call.Type.READ_FILE || call.getType() == Protos.Call.Type.LIST_FILES) {
      // Parked until the agent answers: the future completes on the loop, no thread waits for it.
      master.loop().execute(() -> master.files().operator(call, caller).whenComplete((result, failure) ->
          answer(response, callback, failure, 200, out.value(), result == null ? null : Wire.encode(result, out))));
      return;
    }
    master.loop().call(() -> operator.handle(call, caller)).whenComplete((result, failure) -> {
      if (result == null) {
        // Mesos answers the operator API's actions (UPDATE_WEIGHTS, DRAIN_AGENT, TEARDOWN, ...) with 200 OK.
        answer(response, callback, failure, 200, null, null);
      } else {
        answer(response, callback, null, 200, out.value(), Wire.encode(result, out));
      }
    });
  }

  /** Calls of the operator API that change nothing. */
  static boolean readOnly(Protos.Call.Type type) {
    return type.name().startsWith("GET_") || type == Protos.Call.Type.SUBSCRIBE || type == Protos.Call.Type.READ_FILE
        || type == Protos.Call.Type.LIST_FILES;
  }

  // ------------------------------------------------------------------ authentication

  /**
   * With authentication on, the Mesos APIs, the state, metrics and files need credentials;
   * {@code /health} and {@code /version} stay open, and the agent and node endpoints check their
   * own (agent credentials, the operator token).
   */
  private boolean needsCredentials(String path) {
    if (master.authenticator() == null) {
      return false;
    }
    if (path.startsWith("/v2/")) {
      return true;
    }
    return switch (path) {
      case "/api/v1/scheduler", "/api/v1", ContainerCalls.PATH, "/master/state", "/master/state.json", "/state", "/state.json",
          "/metrics/snapshot", "/files/read", "/files/read.json" -> true;
      default -> false;
    };
  }

  /** 401 with the challenge, once the body is read (an unread body would end the connection). */
  private void unauthorized(Request request, Response response, Callback callback, String reason) {
    Runnable refuse = () -> {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, Authenticator.CHALLENGE);
      text(response, callback, 401, "401: " + reason);
    };
    if ("POST".equals(request.getMethod())) {
      readBody(request, response, callback, body -> refuse.run());
    } else {
      refuse.run();
    }
  }

  // ------------------------------------------------------------------ agent protocol

  private void agentCall(Request request, Response response, Callback callback) {
    if (!"POST".equals(request.getMethod())) {
      text(response, callback, 405, "Expecting 'POST'");
      return;
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String streamId = request.getHeaders().get(AgentProtocol.STREAM_HEADER);
    String remoteIp = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        && a.getAddress() != null ? a.getAddress().getHostAddress() : null;
    org.eclipse.jetty.io.EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    readBody(request, response, callback, body -> {
      JsonNode call;
      try {
        call = AgentProtocol.parse(body);
      } catch (AgentProtocol.ProtocolException e) {
        text(response, callback, 400, e.getMessage());
        return;
      }
      master.loop().execute(() -> agentCall(call, authorization, streamId, remoteIp, endPoint, response, callback));
    });
  }

  private void agentCall(JsonNode call, String authorization, String streamId, String remoteIp,
      org.eclipse.jetty.io.EndPoint endPoint, Response response, Callback callback) {
    try {
      StoredCredential credential = agent.authenticate(authorization);
      if ("REGISTER".equals(call.path("type").asText())) {
        AgentCalls.Registered r = agent.register(call, credential);
        r.agent().ip = remoteIp;
        master.loop().afterCommit(() -> {
          startStream(response, MediaType.JSON, null);
          response.getHeaders().put(AgentProtocol.STREAM_HEADER, r.streamId());
          agent.attach(r.agent(), new EventStream(r.streamId(), response, callback, true, master.loop().io())
              .watchingClosely(endPoint), r.agentCredential());
        });
      } else {
        agent.handle(call, credential, streamId);
        master.loop().afterCommit(() -> answer(response, callback, null, 202, null, null));
      }
    } catch (RuntimeException e) {
      answer(response, callback, e, 0, null, null);
    }
  }

  // ------------------------------------------------------------------ Corral's operator calls

  /** GET_CONTAINERS of the agent API, for every agent: read like the operator API's GET_* calls, filtered by view ACLs. */
  private void containerCall(Request request, Response response, Callback callback, Authenticator.Caller caller) {
    post(request, response, callback, (body, in) -> {
      if (in != MediaType.JSON) {
        text(response, callback, 415, "GET_CONTAINERS is answered for JSON calls only (Content-Type: application/json)");
        return;
      }
      JsonNode call;
      try {
        call = ContainerCalls.parse(body);
      } catch (ApiException e) {
        text(response, callback, e.status, e.getMessage());
        return;
      }
      master.loop().call(() -> JsonTrees.write(containers.handle(call, Authorization.viewer(master, caller))))
          .whenComplete((bytes, failure) -> answer(response, callback, failure, 200, "application/json", bytes));
    });
  }

  private void nodeCall(Request request, Response response, Callback callback) {
    if (!"POST".equals(request.getMethod())) {
      text(response, callback, 405, "Expecting 'POST'");
      return;
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    boolean authorized = nodes.authorized(authorization);
    String principal = authorized ? null : principalOf(authorization);
    readBody(request, response, callback, body -> {
      if (principal != null) {
        text(response, callback, 403, "Corral's operator calls (tokens, nodes, agent credentials) need the"
            + " operator token; principal " + principal + " may not make them");
        return;
      }
      if (!authorized) {
        text(response, callback, 401, "Corral operator calls need 'Authorization: Bearer <operator token>'"
            + " (the master writes it to <state-dir>/operator-token)");
        return;
      }
      JsonNode call;
      try {
        call = NodeCalls.parse(body);
      } catch (ApiException e) {
        text(response, callback, e.status, e.getMessage());
        return;
      }
      master.loop().call(() -> NodeCalls.bytes(nodes.handle(call)))
          .whenComplete((bytes, failure) -> answer(response, callback, failure, 200, "application/json", bytes));
    });
  }

  /**
   * The principal {@code authorization} proves (HTTP Basic, or a principal token), for a 403 that
   * says who was refused rather than a 401 that would ask for other credentials; null if none.
   * Without {@code --authenticate} there is no credentials file, but principal tokens still count.
   */
  private String principalOf(String authorization) {
    if (authorization == null) {
      return null;
    }
    if (master.authenticator() != null) {
      return master.authenticator().authenticate(authorization) instanceof Authenticator.Caller c ? c.principal() : null;
    }
    String token = PrincipalTokens.presentedIn(authorization);
    return token != null && master.tokens().check(token) instanceof PrincipalTokens.Valid v ? v.token().principal() : null;
  }

  // ------------------------------------------------------------------ plain endpoints

  /** Mesos' classic {@code GET /files/read?path=&offset=&length=}, parked until the agent answers. */
  private void filesRead(Request request, Response response, Callback callback, Authenticator.Caller caller) {
    if (!"GET".equals(request.getMethod())) {
      text(response, callback, 405, "Expecting 'GET'");
      return;
    }
    org.eclipse.jetty.util.Fields query = Request.extractQueryParameters(request);
    String path = query.getValue("path");
    String offset = query.getValue("offset");
    String length = query.getValue("length");
    master.loop().execute(() -> master.files().v0Read(path, offset, length, caller).whenComplete((body, failure) ->
        answer(response, callback, failure, 200, "application/json", body)));
  }

  private void get(Request request, Response response, Callback callback, Supplier<byte[]> body,
      String contentType) {
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      text(response, callback, 405, "Expecting 'GET'");
      return;
    }
    master.loop().call(body::get).whenComplete((bytes, failure) -> answer(response, callback, failure, 200, contentType, bytes));
  }

  /** Writes an answer; on the loop, the I/O thread writes it. */
  private void answer(Response response, Callback callback, Throwable failure, int status, String contentType,
      byte[] body) {
    if (master.loop().inLoop()) {
      try {
        master.loop().io().execute(() -> answerNow(response, callback, failure, status, contentType, body));
        return;
      } catch (RejectedExecutionException e) {
        // shutting down: answer here
      }
    }
    answerNow(response, callback, failure, status, contentType, body);
  }

  private void answerNow(Response response, Callback callback, Throwable failure, int status, String contentType,
      byte[] body) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof ApiException e) {
      text(response, callback, e.status, e.getMessage());
    } else if (cause instanceof AgentProtocol.ProtocolException e) {
      text(response, callback, 400, e.getMessage());
    } else if (cause instanceof IllegalArgumentException e) {
      text(response, callback, 400, e.getMessage());
    } else if (cause != null) {
      LOG.error("request failed", cause);
      text(response, callback, 500, "internal error: " + cause);
    } else {
      response.setStatus(status);
      if (contentType != null) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      }
      response.write(true, body == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
    }
  }

  static void text(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
