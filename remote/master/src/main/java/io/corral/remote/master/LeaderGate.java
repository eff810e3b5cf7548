package io.corral.remote.master;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP front of one of several masters. The elected, recovered master serves everything
 * through its {@link HttpFront}; any other answers {@code /health}, {@code /version} and
 * {@code /metrics/snapshot} ({@code master/elected} 0) itself and sends every other request to
 * the leader with {@code 307 Temporary Redirect} and {@code Location: //host:port<path>}, as
 * Mesos does, or {@code 503} while no leader is known. {@code /master/redirect} redirects to the
 * leader on every master, the leader included.
 */
final class LeaderGate extends Handler.Abstract.NonBlocking {
  static final String NO_LEADER = "No master is currently leading";

  private volatile Handler front;
  private volatile Protos.MasterInfo leader;
  private volatile String unavailable = NO_LEADER + "; the election has not finished";
  private volatile boolean over;

  /** This master leads and has recovered: {@code front} serves from now on. */
  synchronized void lead(Handler front, Protos.MasterInfo self) {
    if (over) {
      return;
    }
    this.leader = self;
    this.front = front;
  }

  /** This master was elected and reads its state; it answers 503 until {@link #lead}. */
  synchronized void recovering() {
    if (over) {
      return;
    }
    this.front = null;
    this.leader = null;
    this.unavailable = "This master was elected and is recovering its state; try again shortly";
  }

  /** Another master leads (or none is known, when empty). */
  synchronized void follow(Optional<Protos.MasterInfo> current) {
    if (over) {
      return;
    }
    this.front = null;
    this.leader = current.orElse(null);
    this.unavailable = NO_LEADER;
  }

  /** This master lost its leadership: for good, it answers only health, version, metrics and 503s. */
  synchronized void deposed(String reason) {
    this.over = true;
    this.front = null;
    this.leader = null;
    this.unavailable = "This master lost its leadership (" + reason + ") and no longer serves";
  }

  boolean leading() {
    return front != null;
  }

  /** The leader's {@code host:port} as this master knows it (itself once leading); empty while none is known. */
  Optional<String> leader() {
    Protos.MasterInfo current = leader;
    return current == null ? Optional.empty() : Optional.of(hostPort(current));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    Handler serving = front;
    if (serving != null && !path.equals("/master/redirect")) {
      return serving.handle(request, response, callback);
    }
    switch (path) {
      case "/health", "/master/health" -> HttpFront.text(response, callback, 200, "");
      case "/version" -> json(response, callback, StateJson.version());
      case "/metrics/snapshot" -> json(response, callback,
          "{\"master/elected\":0.0}".getBytes(StandardCharsets.UTF_8));
      default -> redirect(request, response, callback, path);
    }
    return true;
  }

  private void redirect(Request request, Response response, Callback callback, String path) {
    Protos.MasterInfo current = leader;
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the body stays unread
    }
    if (current == null) {
      HttpFront.text(response, callback, 503, unavailable);
      return;
    }
    String target = path.equals("/master/redirect") ? "" : path;
    String query = request.getHttpURI().getQuery();
    if (query != null && !target.isEmpty()) {
      target += "?" + query;
    }
    response.getHeaders().put(HttpHeader.LOCATION, "//" + hostPort(current) + target);
    HttpFront.text(response, callback, 307, "This master is not the leader; the leader is " + hostPort(current));
  }

  static String hostPort(Protos.MasterInfo info) {
    String host = info.hasAddress() && info.getAddress().hasHostname() ? info.getAddress().getHostname()
        : info.getHostname();
    int port = info.hasAddress() && info.getAddress().hasPort() ? info.getAddress().getPort() : info.getPort();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static void json(Response response, Callback callback, byte[] body) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
