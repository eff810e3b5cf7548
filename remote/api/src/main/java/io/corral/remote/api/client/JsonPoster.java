package io.corral.remote.api.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * How {@link OperatorClient} sends one POST with a JSON body and reads the whole answer: over plain
 * HTTP ({@link PlainHttpPoster}) or through the JDK's HTTP client with TLS ({@link TlsHttpPoster}).
 * A master's redirect to its leader is followed.
 */
interface JsonPoster {
  /** The final answer: its status and its body ("" without one). */
  record Answer(int status, String body) {}

  /**
   * {@code authorization} is the {@code Authorization} header (null: none). A connection that
   * does not open within {@link OperatorClient#CONNECT_TIMEOUT} fails with an
   * {@link java.net.http.HttpConnectTimeoutException}, an answer that does not come within
   * {@code timeout} with an {@link java.net.http.HttpTimeoutException}.
   */
  Answer post(URI uri, byte[] json, String authorization, Duration timeout) throws IOException, InterruptedException;
}
