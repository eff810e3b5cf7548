package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.corral.remote.api.agent.AgentProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the master's agent endpoint that can do what the real one does only in a race:
 * refuse calls with 403 while the agent's stream stays open (as when the master closed the stream
 * but the FIN never reached the agent). It takes every REGISTER (stream ids {@code s1}, {@code s2},
 * ...) and accepts calls only with the latest stream id; it records what it was sent.
 */
final class StandInMaster implements AutoCloseable {
  static final String AGENT_ID = "stand-in-S0";

  /** A call it received, with the stream id the call carried and the status it answered. */
  record Call(JsonNode body, String streamId, int status) {}

  final List<JsonNode> registers = new CopyOnWriteArrayList<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final HttpServer server;
  /** Answer USAGE as a master from before the call existed: 400, unknown call type. */
  volatile boolean refusesUsage;

  StandInMaster() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(AgentProtocol.PATH, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    JsonNode body = AgentProtocol.parse(exchange.getRequestBody().readAllBytes());
    if ("REGISTER".equals(body.path("type").asText())) {
      registers.add(body);
      exchange.getResponseHeaders().add(AgentProtocol.STREAM_HEADER, "s" + registers.size());
      exchange.sendResponseHeaders(200, 0); // chunked, kept open
      OutputStream stream = exchange.getResponseBody();
      streams.add(stream);
      ObjectNode registered = AgentProtocol.message(AgentProtocol.EventType.REGISTERED);
      registered.put("agent_id", AGENT_ID);
      registered.put("ping_interval_seconds", 15.0);
      write(stream, registered);
      return;
    }
    String streamId = exchange.getRequestHeaders().getFirst(AgentProtocol.STREAM_HEADER);
    boolean current = ("s" + registers.size()).equals(streamId);
    boolean unknown = refusesUsage && current && "USAGE".equals(body.path("type").asText());
    int status = unknown ? 400 : current ? 202 : 403;
    calls.add(new Call(body, streamId, status));
    byte[] answer = unknown ? "unknown call type 'USAGE'".getBytes(StandardCharsets.UTF_8)
        : current ? new byte[0] : "stale or missing Corral-Stream-Id; register again".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  /** Takes a registration from someone else, which makes the agent's stream id stale (its stream stays open). */
  void registerAnother() throws IOException {
    io.corral.remote.api.agent.AgentConnection.register(java.net.URI.create(url()), "credential",
        AgentProtocol.message(AgentProtocol.CallType.REGISTER), new io.corral.remote.api.agent.AgentConnection.Listener() {
          @Override
          public void onEvent(JsonNode event) { }

          @Override
          public void onDisconnected(Throwable cause) { }
        }, java.time.Duration.ofSeconds(5)).close();
  }

  /** Sends {@code event} down the stream of registration {@code n} (1 for the first). */
  synchronized void send(int n, JsonNode event) throws IOException {
    write(streams.get(n - 1), event);
  }

  private static void write(OutputStream stream, JsonNode event) throws IOException {
    byte[] json = AgentProtocol.bytes(event);
    stream.write((json.length + "\n").getBytes(StandardCharsets.US_ASCII));
    stream.write(json);
    stream.flush();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
