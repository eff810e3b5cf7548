package io.corral.remote.api.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How {@link OperatorClient} sends one POST with a JSON body and reads the whole answer: over plain
 * HTTP ({@link PlainHttpPoster}) or through the JDK's HTTP client with TLS ({@link TlsHttpPoster}).
 * A master's redirect to its leader is followed.
 */
interface JsonPoster {
  /** The final answer: its status, its body ("" without one) and its headers. */
  record Answer(int status, String body, Map<String, List<String>> headers) {
    Answer(int status, String body) {
      this(status, body, Map.of());
    }
  }

  /**
   * {@code authorization} is the {@code Authorization} header (null: none). A connection that
   * does not open within {@link OperatorClient#CONNECT_TIMEOUT} fails with an
   * {@link java.net.http.HttpConnectTimeoutException}, an answer that does not come within
   * {@code timeout} with an {@link java.net.http.HttpTimeoutException}.
   */
  default Answer post(URI uri, byte[] json, String authorization, Duration timeout)
      throws IOException, InterruptedException {
    return send("POST", uri, json, authorization, timeout);
  }

  /** {@code method} with a JSON body ({@code json} null: none), as {@link #post}. */
  Answer send(String method, URI uri, byte[] json, String authorization, Duration timeout)
      throws IOException, InterruptedException;
}
