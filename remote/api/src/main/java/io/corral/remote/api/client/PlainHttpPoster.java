package io.corral.remote.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plain HTTP through {@link HttpURLConnection}. A one-shot command spends most of its time starting
 * things: the JDK's {@code java.net.http} client starts a selector thread and builds a TLS context
 * (reading the JDK's trust store) even for an {@code http://} master, which cost a command 0.2 to
 * 0.5 s; this path starts neither. Connections are kept alive between calls of one process.
 */
final class PlainHttpPoster implements JsonPoster {
  /** A leader's address can itself redirect while an election settles; more than this is a loop. */
  static final int MAX_REDIRECTS = 5;

  @Override
  public Answer send(String method, URI uri, byte[] json, String authorization, Duration timeout) throws IOException {
    URI target = uri;
    for (int hop = 0; ; hop++) {
      HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout((int) OperatorClient.CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      connection.setRequestMethod(method);
      connection.setDoOutput(json != null);
      if (json != null) {
        connection.setRequestProperty("Content-Type", "application/json");
      }
      connection.setRequestProperty("Accept", "application/json");
      if (authorization != null) {
        connection.setRequestProperty("Authorization", authorization);
      }
      int status;
      try {
        if (json != null) {
          try (OutputStream out = connection.getOutputStream()) {
            out.write(json);
          }
        }
        status = connection.getResponseCode();
      } catch (SocketTimeoutException e) {
        throw timedOut(e, connection, timeout);
      }
      String location = connection.getHeaderField("Location");
      if (isRedirect(status) && location != null && hop < MAX_REDIRECTS) {
        drain(connection, status);
        URI next = target.resolve(location);
        if (!"http".equals(next.getScheme())) {
          throw new IOException("the master at " + target + " sent this call to " + next + "; give that address");
        }
        target = next;
        continue;
      }
      return new Answer(status, drain(connection, status), connection.getHeaderFields());
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** The whole body (an error's too), so that the connection can serve the next call. */
  private static String drain(HttpURLConnection connection, int status) throws IOException {
    try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static IOException timedOut(SocketTimeoutException e, HttpURLConnection connection, Duration timeout) {
    connection.disconnect();
    // HttpURLConnection says "Connect timed out" or "Read timed out"; say it as the JDK client would.
    IOException words = e.getMessage() != null && e.getMessage().toLowerCase().contains("connect")
        ? new HttpConnectTimeoutException("connection timed out")
        : new HttpTimeoutException("no answer within " + timeout.toSeconds() + " s");
    words.initCause(e);
    return words;
  }
}
