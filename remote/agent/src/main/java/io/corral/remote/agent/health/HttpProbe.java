package io.corral.remote.agent.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An HTTP(S) health check: {@code GET} on the task's port at the loopback address, through the JDK's
 * asynchronous client (no thread waits for the answer). Redirects are not followed: a 3xx is an
 * answer, and healthy by Mesos' rule. HTTPS certificates are not verified (the client is
 * {@link HealthChecks}'s), as Mesos' {@code curl -k} does not.
 */
final class HttpProbe implements Probe {
  private final HttpClient client;
  private final HealthCheckSpec.Http http;
  private final URI uri;

  HttpProbe(HttpClient client, HealthCheckSpec.Http http, boolean ipv6) {
    this.client = client;
    this.http = http;
    this.uri = URI.create(http.scheme() + "://" + (ipv6 ? "[::1]" : "127.0.0.1") + ":" + http.port() + http.path());
  }

  @Override
  public CompletableFuture<Result> check(Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "corral-health-check");
    if (!timeout.isZero()) {
      request.timeout(timeout);
    }
    try {
      return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
          .handle((response, failure) -> failure == null
              ? new Result(http.healthy(response.statusCode()), "HTTP " + response.statusCode() + " from " + uri)
              : new Result(false, why(failure, timeout)));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Result(false, uri + ": " + e.getMessage()));
    }
  }

  private String why(Throwable failure, Duration timeout) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
      return uri + " did not answer within " + timeout.toMillis() + " ms";
    }
    String message = cause.getMessage();
    return uri + ": " + (message == null || message.isBlank() ? cause.getClass().getSimpleName() : message);
  }
}
